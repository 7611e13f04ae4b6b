package dev.karuta.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PasskeyTest {
    private static final String KEY = "0123456789abcdefghijABCDEFGHIJxy";

    @Test
    void thePasskeyIsTheFirstSegmentOfThePath() {
        assertEquals(KEY, Passkey.fromPath("/" + KEY + "/announce"));
        assertEquals(KEY, Passkey.fromPath("/" + KEY + "/scrape?info_hash=x"));
        assertEquals(KEY, Passkey.fromPath("/" + KEY + "?x"));
        assertEquals(KEY, Passkey.fromPath("/" + KEY));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/", "/announce", "/0123456789abcdefghijABCDEFGHIJx/announce",
        "/0123456789abcdefghijABCDEFGHIJxyz/announce", "/0123456789abcdefghijABCDEFGHIJ-y/announce",
        "0123456789abcdefghijABCDEFGHIJxy/announce", "/0123456789abcdefghijABCDEFGHIJ%79/announce"})
    void anythingElseHasNoPasskey(String path) {
        assertNull(Passkey.fromPath(path));
    }

    @Test
    void generatedPasskeysAreValidAndDiffer() {
        String a = Passkey.generate();
        assertTrue(Passkey.valid(a));
        assertNotEquals(a, Passkey.generate());
        assertFalse(Passkey.valid(null));
    }
}
