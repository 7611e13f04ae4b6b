package dev.karuta.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.swarm.redis.RedisSettings;
import dev.karuta.testing.TestRedis;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Two nodes on one Redis: each hears the other's changes and never its own. */
class RedisChangeBusTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    @Test
    void aChangeReachesTheOtherNodeButNotItsSender() throws Exception {
        String uri = TestRedis.uri();
        String prefix = TestRedis.uniquePrefix();
        BlockingQueue<Change> atA = new LinkedBlockingQueue<>();
        BlockingQueue<Change> atB = new LinkedBlockingQueue<>();
        try (RedisChangeBus a = RedisChangeBus.connect(new RedisSettings(uri, TIMEOUT, prefix), uri);
             RedisChangeBus b = RedisChangeBus.connect(new RedisSettings(uri, TIMEOUT, prefix), uri);
             RedisChangeBus elsewhere = RedisChangeBus.connect(new RedisSettings(uri, TIMEOUT, prefix + "o:"), uri)) {
            a.listen(atA::add);
            b.listen(atB::add);
            BlockingQueue<Change> atOther = new LinkedBlockingQueue<>();
            elsewhere.listen(atOther::add);
            a.publish(Change.accessLists());
            a.publish(Change.torrentDeleted("0123456789abcdef0123456789abcdef01234567", "dupe of 12"));
            assertEquals(Change.accessLists(), atB.poll(5, TimeUnit.SECONDS));
            assertEquals(new Change(Change.Kind.TORRENT_DELETED, "0123456789abcdef0123456789abcdef01234567 dupe of 12"),
                    atB.poll(5, TimeUnit.SECONDS));
            b.publish(Change.roster());
            assertEquals(Change.roster(), atA.poll(5, TimeUnit.SECONDS));
            assertNull(atA.poll(300, TimeUnit.MILLISECONDS), "a node never hears its own changes");
            assertTrue(atOther.isEmpty(), "another tracker's prefix hears nothing: " + atOther);
        }
    }

    @Test
    void aNodeCutOffReadsEverythingAgainAndAsksTheOthersToo() throws Exception {
        String uri = TestRedis.uri();
        String prefix = TestRedis.uniquePrefix();
        BlockingQueue<Change> atA = new LinkedBlockingQueue<>();
        BlockingQueue<Change> atB = new LinkedBlockingQueue<>();
        try (RedisChangeBus a = RedisChangeBus.connect(new RedisSettings(uri, TIMEOUT, prefix), uri);
             RedisChangeBus b = RedisChangeBus.connect(new RedisSettings(uri, TIMEOUT, prefix), uri)) {
            a.listen(atA::add);
            b.listen(atB::add);
            assertEquals(2, killConnections(uri, RedisChangeBus.CLIENT_NAME_PREFIX + a.node()),
                    "node A's subscriber and publisher");
            assertEquals(Change.everything(), atA.poll(10, TimeUnit.SECONDS), "node A reads everything again");
            assertEquals(Change.everything(), atB.poll(10, TimeUnit.SECONDS), "and node B is asked to");
            a.publish(Change.accessLists());
            assertEquals(Change.accessLists(), atB.poll(5, TimeUnit.SECONDS), "node A is heard again");
        }
    }

    /** Kills the connections whose client name is {@code name}; returns how many. */
    private static int killConnections(String uri, String name) {
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(uri);
        try (var c = client.connect()) {
            int killed = 0;
            for (String line : c.sync().clientList().split("\n")) {
                if (line.contains(" name=" + name + " ")) {
                    String id = line.replaceAll("^id=(\\d+) .*$", "$1").trim();
                    killed += (int) (long) c.sync().clientKill(io.lettuce.core.KillArgs.Builder.id(Long.parseLong(id)));
                }
            }
            return killed;
        } finally {
            client.shutdown();
        }
    }

    @Test
    void messagesRoundTripAndGarbageIsNoChange() {
        Change c = Change.torrentDeleted("0123456789abcdef0123456789abcdef01234567", "line\nbreak");
        String m = c.encode("n1");
        assertEquals("n1", Change.sender(m));
        assertEquals(c, Change.decode(m));
        assertEquals("0123456789abcdef0123456789abcdef01234567 line break", c.detail());
        assertNull(Change.decode("n1 NOT_A_KIND x"));
        assertNull(Change.decode("garbage"));
        assertEquals(Change.roster(), Change.decode(Change.roster().encode("n2")));
    }

    @Test
    void aClusterUriBecomesOneUriPerHostWithItsPassword() {
        var uris = RedisChangeBus.uris(new RedisSettings("redis-cluster://:pw@10.0.0.1:7000,10.0.0.2:7001", TIMEOUT, "k:"));
        assertEquals(List.of("10.0.0.1", "10.0.0.2"), uris.stream().map(u -> u.getHost()).toList());
        assertEquals(7001, uris.get(1).getPort());
        assertEquals("pw", new String(uris.get(1).getCredentialsProvider().resolveCredentials().block().getPassword()));
        assertEquals(1, RedisChangeBus.uris(new RedisSettings("redis-sentinel://10.0.0.1:26379,10.0.0.2:26379/0#mymaster",
                TIMEOUT, "k:")).size());
    }
}
