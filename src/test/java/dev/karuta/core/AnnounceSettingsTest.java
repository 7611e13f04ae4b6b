package dev.karuta.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnnounceSettingsTest {

    @ParameterizedTest(name = "numwant {0} -> {1}")
    @CsvSource({"-1, 50", "-100, 50", "0, 0", "1, 1", "7, 7", "199, 199", "200, 200", "201, 200", "2147483647, 200"})
    void numWantIsDefaultedAndClamped(int asked, int given) {
        assertEquals(given, new AnnounceSettings(1800, 0, 900, 50, 200).clampNumWant(asked));
    }

    @Test
    void defaultsAreTheProtocolNotes() {
        assertEquals(new AnnounceSettings(1800, 240, 900, 50, 200), AnnounceSettings.defaults());
    }

    @ParameterizedTest
    @CsvSource({
        "0, 0, 0, 0, 0",      // no interval
        "60, -1, 0, 0, 0",    // negative jitter
        "60, 0, -1, 0, 0",    // negative min interval
        "60, 0, 61, 0, 0",    // min interval above interval
        "60, 0, 0, 0, -1",    // negative max
        "60, 0, 0, 11, 10",   // default above max
        "60, 0, 0, -1, 10",   // negative default
    })
    void impossibleSettingsAreRefused(int interval, int jitter, int min, int def, int max) {
        assertThrows(IllegalArgumentException.class, () -> new AnnounceSettings(interval, jitter, min, def, max));
    }
}
