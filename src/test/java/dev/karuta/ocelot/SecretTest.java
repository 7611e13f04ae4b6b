package dev.karuta.ocelot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The secrets: exact bytes only, and an empty one turns its API off. */
class SecretTest {
    private static final String S = "siteSECRET0123456789abcdefghijkl";

    @Test
    void onlyTheExactSecretMatches() {
        Secret secret = new Secret(S);
        assertTrue(secret.matches(S));
        assertFalse(secret.matches(S.toUpperCase()));
        assertFalse(secret.matches(S.substring(1)));
        assertFalse(secret.matches(S + "x"));
        assertFalse(secret.matches(""));
        assertFalse(secret.matches(null));
    }

    @Test
    void anEmptySecretMatchesNothing() {
        Secret off = new Secret("");
        assertTrue(off.off());
        assertFalse(off.matches(""));
        assertFalse(off.matches(null));
    }

    @Test
    void theSecretIsTheFirstPathSegment() {
        assertEquals(S, Secret.segment("/" + S + "/update"));
        assertEquals("", Secret.segment("//report"));
        assertNull(Secret.segment("/update"));
        assertNull(Secret.segment("update"));
        assertNull(Secret.segment(null));
    }
}
