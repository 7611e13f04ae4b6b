package dev.karuta.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.swarm.redis.RedisSettings;
import dev.karuta.swarm.redis.RedisTestCluster;
import io.lettuce.core.RedisClient;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on a 3-master Redis Cluster this test starts itself: a change published by one reaches
 * the other when their subscriptions sit on different shards, and never its sender.
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
        BlockingQueue<Change> atA = new LinkedBlockingQueue<>();
        BlockingQueue<Change> atB = new LinkedBlockingQueue<>();
        BlockingQueue<Change> atOther = new LinkedBlockingQueue<>();
        try (RedisChangeBus a = RedisChangeBus.connect(settings, uri);
             RedisChangeBus b = onAnotherShardThan(a, settings);
             RedisChangeBus elsewhere = RedisChangeBus.connect(new RedisSettings(uri, TIMEOUT, "other:"), uri)) {
            assertNotEquals(subscribedAt(a), subscribedAt(b), "the two subscriptions are on different shards");
            a.listen(atA::add);
            b.listen(atB::add);
            elsewhere.listen(atOther::add);
            a.publish(Change.accessLists());
            assertEquals(Change.accessLists(), atB.poll(5, TimeUnit.SECONDS));
            b.publish(Change.roster());
            assertEquals(Change.roster(), atA.poll(5, TimeUnit.SECONDS));
            assertNull(atA.poll(300, TimeUnit.MILLISECONDS), "a node never hears its own changes");
            assertTrue(atOther.isEmpty(), "another tracker's prefix hears nothing: " + atOther);
        }
    }

    @Test
    void aNodeCutOffReadsEverythingAgainAndAsksTheOthersToo() throws Exception {
        String uri = cluster.uri();
        RedisSettings settings = new RedisSettings(uri, TIMEOUT, "cut:");
        BlockingQueue<Change> atA = new LinkedBlockingQueue<>();
        BlockingQueue<Change> atB = new LinkedBlockingQueue<>();
        try (RedisChangeBus a = RedisChangeBus.connect(settings, uri);
             RedisChangeBus b = onAnotherShardThan(a, settings)) {
            a.listen(atA::add);
            b.listen(atB::add);
            // A publish first, so that node A also holds a connection to the channel's master.
            a.publish(Change.accessLists());
            assertEquals(Change.accessLists(), atB.poll(5, TimeUnit.SECONDS));
            assertTrue(killConnections(RedisChangeBus.CLIENT_NAME_PREFIX + a.node()) >= 2,
                    "node A's subscription and publishing connections");
            assertEquals(Change.everything(), atA.poll(10, TimeUnit.SECONDS), "node A reads everything again");
            assertEquals(Change.everything(), atB.poll(10, TimeUnit.SECONDS), "and node B is asked to");
            a.publish(Change.roster());
            assertEquals(Change.roster(), atB.poll(5, TimeUnit.SECONDS), "node A is heard again");
        }
    }

    /** Kills the connections named {@code name} on every node of the cluster; returns how many. */
    private static int killConnections(String name) {
        int killed = 0;
        for (int port : cluster.ports()) {
            RedisClient client = RedisClient.create("redis://127.0.0.1:" + port);
            try (var c = client.connect()) {
                for (String line : c.sync().clientList().split("\n")) {
                    if (line.contains(" name=" + name + " ")) {
                        String id = line.replaceAll("^id=(\\d+) .*$", "$1").trim();
                        killed += (int) (long) c.sync().clientKill(io.lettuce.core.KillArgs.Builder.id(Long.parseLong(id)));
                    }
                }
            } finally {
                client.shutdown();
            }
        }
        return killed;
    }

    /**
     * A bus whose subscription is on another node than {@code a}'s. Lettuce subscribes on the node with
     * the fewest clients, which is not {@code a}'s, so the first try mostly lands there; a few more
     * tries keep the test from hanging on that choice.
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
