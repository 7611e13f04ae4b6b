package dev.karuta.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisSettingsTest {

    @Test
    void standaloneSentinelAndTlsUrisAreNotClusters() {
        for (String uri : List.of("redis://127.0.0.1:6379", "rediss://cache:6380/2",
                "redis-sentinel://s1:26379,s2:26379/0#mymaster")) {
            RedisSettings s = RedisSettings.of(uri);
            assertFalse(s.isCluster(), uri);
            assertNull(s.clusterSeeds());
        }
    }

    @Test
    void clusterFormsListTheirSeeds() {
        assertEquals(List.of("redis://10.0.0.1:7000", "redis://10.0.0.2:7001"),
                RedisSettings.of("redis-cluster://10.0.0.1:7000,10.0.0.2:7001").clusterSeeds());
        assertEquals(List.of("rediss://u:pw@h1:7000", "rediss://u:pw@h2:7000"),
                RedisSettings.of("rediss-cluster://u:pw@h1:7000,h2:7000").clusterSeeds());
        assertEquals(List.of("redis://h1:1", "redis://h2:2"), RedisSettings.of("h1:1, h2:2").clusterSeeds());
        assertTrue(RedisSettings.of("h1:1,h2:2").isCluster());
    }

    @Test
    void badSettingsNameWhatIsWrong() {
        assertThrows(IllegalArgumentException.class, () -> RedisSettings.of("http://x:1"));
        assertThrows(IllegalArgumentException.class, () -> RedisSettings.of("redis-cluster://nohostport"));
        assertThrows(IllegalArgumentException.class, () -> new RedisSettings("redis://x:1", Duration.ZERO, "k:"));
        assertThrows(IllegalArgumentException.class,
                () -> new RedisSettings("redis://x:1", Duration.ofMillis(500), "k{1}:"));
    }

    @Test
    void passwordsAreNeverPrinted() {
        String shown = RedisSettings.of("redis://user:s3cret@cache:6379").toString();
        assertFalse(shown.contains("s3cret"), shown);
        assertTrue(shown.contains("cache:6379"), shown);
        assertFalse(RedisSettings.of("redis-cluster://u:s3cret@h1:1,h2:2").toString().contains("s3cret"));
    }
}
