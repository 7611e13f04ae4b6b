package dev.karuta.accounts.gazelle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Settings are checked when made, name what is wrong, and never print the password. */
class GazelleSettingsTest {
    private static final String URL = "jdbc:mariadb://db.example:3306/gazelle";

    @Test
    void defaultsAreFiveSecondsToConnectThirtyPerStatementAndAThousandRows() {
        GazelleSettings s = GazelleSettings.of(URL, "ocelot", "pw", GazelleSchema.OPSNET);
        assertEquals(Duration.ofSeconds(5), s.connectTimeout());
        assertEquals(Duration.ofSeconds(30), s.socketTimeout());
        assertEquals(1000, s.rowsPerStatement());
    }

    @Test
    void aUrlOfAnotherDriverIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GazelleSettings.of("jdbc:mysql://db/gazelle", "ocelot", "", GazelleSchema.WHATCD));
        assertTrue(e.getMessage().contains("jdbc:mariadb:"), e.getMessage());
    }

    @Test
    void anEmptyUserIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> GazelleSettings.of(URL, "", "", GazelleSchema.WHATCD));
    }

    @Test
    void timeoutsMustBePositiveAndRowsWithinBounds() {
        GazelleSettings s = GazelleSettings.of(URL, "ocelot", "", GazelleSchema.WHATCD);
        assertThrows(IllegalArgumentException.class, () -> s.withTimeouts(Duration.ZERO, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class,
                () -> s.withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> s.withRowsPerStatement(0));
        assertThrows(IllegalArgumentException.class,
                () -> s.withRowsPerStatement(GazelleSettings.MAX_ROWS_PER_STATEMENT + 1));
        assertEquals(1, s.withRowsPerStatement(1).rowsPerStatement());
    }

    @Test
    void aNullPasswordIsEmptyAndThePasswordIsNeverPrinted() {
        assertEquals("", GazelleSettings.of(URL, "ocelot", null, GazelleSchema.WHATCD).password());
        String text = GazelleSettings.of(URL, "ocelot", "hunter2", GazelleSchema.WHATCD).toString();
        assertFalse(text.contains("hunter2"), text);
        assertTrue(text.contains("***"), text);
    }
}
