package dev.karuta.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code karuta.health.maxFlushLag}: 20 flush intervals unless set, and never within one interval. */
class MaxFlushLagConfigTest {
    @Test
    void unsetItIsTwentyFlushIntervals() {
        assertEquals(Duration.ofSeconds(60), TrackerConfig.from(k -> null).maxFlushLag());
        assertEquals(Duration.ofSeconds(200),
                TrackerConfig.from(Map.of("karuta.private.flushInterval", "10")::get).maxFlushLag());
        assertEquals("60", TrackerConfig.from(k -> null).effective().get("karuta.health.maxFlushLag"));
    }

    @Test
    void setItIsTakenAsItIs() {
        assertEquals(Duration.ofSeconds(7), TrackerConfig.from(Map.of("karuta.mode", "private",
                "karuta.health.maxFlushLag", "7")::get).maxFlushLag());
    }

    @Test
    void aPrivateTrackerRefusesABoundWithinOneFlushInterval() {
        ConfigException e = assertThrows(ConfigException.class, () -> TrackerConfig.from(Map.of("karuta.mode",
                "private", "karuta.private.flushInterval", "5", "karuta.health.maxFlushLag", "5")::get));
        assertTrue(e.getMessage().contains("karuta.health.maxFlushLag must be more than karuta.private.flushInterval"),
                e.getMessage());
        // A public tracker writes no accounting: the bound is not used, so not checked.
        assertEquals(Duration.ofSeconds(5), TrackerConfig.from(Map.of("karuta.private.flushInterval", "5",
                "karuta.health.maxFlushLag", "5")::get).maxFlushLag());
    }

    @Test
    void aValueThatIsNoNumberNamesTheKey() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> TrackerConfig.from(Map.of("karuta.health.maxFlushLag", "soon")::get));
        assertTrue(e.getMessage().contains("karuta.health.maxFlushLag"), e.getMessage());
    }
}
