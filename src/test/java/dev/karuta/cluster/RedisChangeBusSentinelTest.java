package dev.karuta.cluster;

import dev.karuta.redis.RedisSettings;
import dev.karuta.swarm.redis.RedisTestSentinel;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on a Redis reached through a Sentinel this test starts itself: each hears the other's
 * changes and never its own; a node cut off from the master reads everything again and asks the other to.
 */
class RedisChangeBusSentinelTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static RedisTestSentinel sentinel;

    @BeforeAll
    static void startSentinel() throws Exception {
        sentinel = RedisTestSentinel.start();
    }

    @AfterAll
    static void stopSentinel() throws Exception {
        if (sentinel != null) {
            sentinel.close();
        }
    }

    @Test
    void aChangeReachesTheOtherNodeButNotItsSender() throws Exception {
        String uri = sentinel.uri();
        try (RedisChangeBus a = RedisChangeBus.connect(new RedisSettings(uri, TIMEOUT, "bus:"), uri);
             RedisChangeBus b = RedisChangeBus.connect(new RedisSettings(uri, TIMEOUT, "bus:"), uri);
             RedisChangeBus elsewhere = RedisChangeBus.connect(new RedisSettings(uri, TIMEOUT, "other:"), uri)) {
            BusChecks.theyHearEachOther(a, b, elsewhere);
        }
    }

    @Test
    void aNodeCutOffReadsEverythingAgainAndAsksTheOthersToo() throws Exception {
        String uri = sentinel.uri();
        try (RedisChangeBus a = RedisChangeBus.connect(new RedisSettings(uri, TIMEOUT, "cut:"), uri);
             RedisChangeBus b = RedisChangeBus.connect(new RedisSettings(uri, TIMEOUT, "cut:"), uri)) {
            // Both of node A's connections are to the master the Sentinel named.
            BusChecks.aCutOffNodeReadsEverythingAgain(a, b,
                    name -> BusChecks.killConnections(sentinel.masterUri(), name), n -> n == 2);
        }
    }
}
