package dev.karuta.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.karuta.redis.RedisSettings;
import dev.karuta.swarm.redis.RedisTestCluster;
import io.lettuce.core.RedisClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on a 3-master Redis Cluster this test starts itself: a change published by one reaches
 * the other when their subscriptions sit on different shards, and never its sender; a node cut off
 * reads everything again and asks the other to.
 */
class RedisChangeBusClusterTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static RedisTestCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = RedisTestCluster.start(3);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aChangeCrossesShardsToTheOtherNodeButNotItsSender() throws Exception {
        String uri = cluster.uri();
        RedisSettings settings = new RedisSettings(uri, TIMEOUT, "bus:");
        try (RedisChangeBus a = RedisChangeBus.connect(settings, uri);
             RedisChangeBus b = onAnotherShardThan(a, settings);
             RedisChangeBus elsewhere = RedisChangeBus.connect(new RedisSettings(uri, TIMEOUT, "other:"), uri)) {
            assertNotEquals(subscribedAt(a), subscribedAt(b), "the two subscriptions are on different shards");
            BusChecks.theyHearEachOther(a, b, elsewhere);
        }
    }

    @Test
    void aNodeCutOffReadsEverythingAgainAndAsksTheOthersToo() throws Exception {
        String uri = cluster.uri();
        RedisSettings settings = new RedisSettings(uri, TIMEOUT, "cut:");
        try (RedisChangeBus a = RedisChangeBus.connect(settings, uri);
             RedisChangeBus b = onAnotherShardThan(a, settings)) {
            BusChecks.aCutOffNodeReadsEverythingAgain(a, b, name -> cluster.ports().stream()
                    .mapToInt(port -> BusChecks.killConnections("redis://127.0.0.1:" + port, name)).sum(),
                    // the subscriber, and the publisher's connections (one to each master it used)
                    n -> n >= 2);
        }
    }

    /**
     * A bus whose subscription is on another node than {@code a}'s. Lettuce subscribes on the node with
     * the fewest clients, which is not {@code a}'s, so the first try mostly lands there; a few more
     * tries keep the test from depending on that choice.
     */
    private static RedisChangeBus onAnotherShardThan(RedisChangeBus a, RedisSettings settings) throws Exception {
        int taken = subscribedAt(a);
        for (int tries = 0; tries < 10; tries++) {
            RedisChangeBus b = RedisChangeBus.connect(settings, settings.uri());
            if (subscribedAt(b) != taken) {
                return b;
            }
            b.close();
        }
        throw new AssertionError("every bus subscribed on the node of port " + taken);
    }

    /** The port of the cluster node that holds {@code bus}'s subscription. */
    private static int subscribedAt(RedisChangeBus bus) {
        String name = RedisChangeBus.CLIENT_NAME_PREFIX + bus.node();
        int found = -1;
        for (int port : cluster.ports()) {
            RedisClient client = RedisClient.create("redis://127.0.0.1:" + port);
            try (var c = client.connect()) {
                for (String line : c.sync().clientList().split("\n")) {
                    if (line.contains(" name=" + name + " ") && !line.contains(" sub=0 ")) {
                        assertEquals(-1, found, "one subscription per bus");
                        found = port;
                    }
                }
            } finally {
                client.shutdown();
            }
        }
        assertNotEquals(-1, found, "bus " + bus.node() + " is subscribed somewhere");
        return found;
    }
}
