package dev.karuta.cluster;

import static dev.karuta.testing.TrackerClient.announce;
import static dev.karuta.testing.TrackerClient.id;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.store.TestDatabase;
import dev.karuta.testing.AdminClient;
import dev.karuta.testing.KarutaServer;
import dev.karuta.testing.TestRedis;
import dev.karuta.testing.TrackerClient;
import dev.karuta.testing.UdpTrackerClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Karuta nodes as one tracker: two webapps on port 0, each with its own data directory, sharing
 * one Redis (a key prefix of this test's own), one PostgreSQL database (the access lists) and one
 * karuta.udp.secret. Needs the Redis of {@link TestRedis} and the PostgreSQL of {@link TestDatabase}
 * ({@code -Dkaruta.test.postgres.url}); skips, saying why, when either is unreachable, unless
 * {@code -Dkaruta.it.required=true}.
 */
class TwoNodesTest {
    private static final String SECRET = "5ec2e7c0ffee5ec2e7c0ffee5ec2e7c0";
    private static final byte[] HASH = id("two-nodes-swarm");
    private static final byte[] LISTED = id("two-nodes-listed");
    private static final String LISTED_HEX = HexFormat.of().formatHex(LISTED);

    @TempDir
    Path tmp;
    private AutoCloseable dropDatabase;
    private String redisUri;
    private String prefix;
    private KarutaServer nodeA;
    private KarutaServer nodeB;
    private final List<String> logged = new ArrayList<>();
    private final Handler capture = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord r) {
            synchronized (logged) {
                logged.add(formatter.format(r));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void startTwoNodes() throws Exception {
        String redis = TestRedis.uri();
        redisUri = redis;
        prefix = TestRedis.uniquePrefix();
        TestDatabase.Fresh db = TestDatabase.POSTGRESQL.create(tmp);
        dropDatabase = db.drop();
        Logger.getLogger("").addHandler(capture);
        Map<String, String> shared = Map.of(
                "karuta.registry", "redis",
                "karuta.redis.uri", redis,
                "karuta.redis.prefix", prefix,
                "karuta.udp.secret", SECRET,
                "karuta.udp.host", "127.0.0.1",
                "karuta.db.url", db.settings().url(),
                "karuta.db.user", db.settings().user());
        nodeA = KarutaServer.start(shared, null);
        nodeB = KarutaServer.start(shared, null);
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (nodeA != null) {
                nodeA.close();
            }
            if (nodeB != null) {
                nodeB.close();
            }
        } finally {
            Logger.getLogger("").removeHandler(capture);
            if (dropDatabase != null) {
                dropDatabase.close();
            }
            if (prefix != null) {
                TestRedis.deleteKeys(redisUri, prefix);
            }
        }
    }

    @Test
    void twoNodesActAsOneTracker() throws Exception {
        TrackerClient httpA = new TrackerClient("http://127.0.0.1:" + nodeA.port());
        TrackerClient httpB = new TrackerClient("http://127.0.0.1:" + nodeB.port());

        // A seeder announced over HTTP to node A is handed out over UDP by node B.
        assertNull(httpA.get(announce(HASH, id("-qB4650-seeder"), 6881, 0, "")).get("failure reason"));
        try (UdpTrackerClient udpB = new UdpTrackerClient("127.0.0.1", nodeB.components().udp().port())) {
            udpB.connect();
            byte[] answer = udpB.announce(HASH, id("-TR4050-leecher"), 100, 2, 10, 51413);
            ByteBuffer b = ByteBuffer.wrap(answer);
            assertEquals(1, b.getInt(), "an announce answer");
            b.getInt(); // transaction
            b.getInt(); // interval
            assertEquals(1, b.getInt(), "leechers: the one announcing");
            assertEquals(1, b.getInt(), "seeders: the one of node A");
            assertEquals(20 + 6, answer.length, "one peer");
            assertArrayEquals(new byte[] {127, 0, 0, 1, 0x1a, (byte) 0xe1}, java.util.Arrays.copyOfRange(answer, 20, 26),
                    "node A's seeder at 127.0.0.1:6881");
        }

        // Scrape agrees on both nodes.
        assertEquals(scrapeOf(httpA), scrapeOf(httpB));
        assertEquals(List.of(1L, 1L), scrapeOf(httpB).subList(0, 2));

        // A UDP connection ID node A issued is good on node B (same karuta.udp.secret); a forged one is not.
        try (UdpTrackerClient udpA = new UdpTrackerClient("127.0.0.1", nodeA.components().udp().port());
             UdpTrackerClient udpB = new UdpTrackerClient("127.0.0.1", nodeB.components().udp().port())) {
            long fromA = udpA.connect();
            assertEquals(1, ByteBuffer.wrap(udpB.exchange(udpAnnounce(fromA))).getInt(), "node B takes node A's ID");
            assertEquals(3, ByteBuffer.wrap(udpB.exchange(udpAnnounce(fromA ^ 1))).getInt(), "a forged ID is refused");
        }

        // A whitelist made through node A's admin API refuses other torrents on node B within seconds.
        AdminClient admin = AdminClient.admin(nodeA);
        assertEquals(200, admin.send("POST", "/admin/api/torrents", "{\"infoHashes\":[\"" + LISTED_HEX + "\"]}").status());
        assertEquals(200, admin.send("PUT", "/admin/api/torrents/mode", "{\"mode\":\"allow\"}").status());
        long deadline = System.nanoTime() + 10_000_000_000L;
        String refusal = null;
        while (refusal == null) {
            assertTrue(System.nanoTime() < deadline, "node B refuses an unlisted torrent within 10 s");
            // A stopped event: while node B still serves the torrent, the poll adds no peer to the counts below.
            Object failure = httpB.get(announce(HASH, id("-qB4650-other"), 6882, 100, "event=stopped"))
                    .get("failure reason");
            refusal = failure == null ? null : new String((byte[]) failure, StandardCharsets.US_ASCII);
            if (refusal == null) {
                Thread.sleep(50);
            }
        }
        assertEquals("torrent is not registered with this tracker", refusal);
        assertNull(httpB.get(announce(LISTED, id("-qB4650-other"), 6882, 100, "")).get("failure reason"),
                "the listed torrent still passes on node B");

        // Both nodes report the shared totals, in the admin stats and on /metrics.
        assertEquals(nodeA.components().registry().totals().peers(), nodeB.components().registry().totals().peers());
        assertEquals(4, nodeB.components().registry().totals().peers(),
                "seeder, the two UDP leechers of node B, the listed torrent's leecher");
        for (KarutaServer node : List.of(nodeA, nodeB)) {
            try (jakarta.json.JsonReader r = jakarta.json.Json.createReader(new java.io.StringReader(
                    AdminClient.admin(node).get("/admin/api/stats").body()))) {
                jakarta.json.JsonObject stats = r.readObject();
                assertEquals(4, stats.getJsonNumber("peers").longValue());
                assertEquals(2, stats.getJsonNumber("torrents").longValue());
                assertEquals(1, stats.getJsonNumber("seeders").longValue());
            }
            String metrics = new String(new TrackerClient("http://127.0.0.1:" + node.port()).getRaw("/metrics"),
                    StandardCharsets.UTF_8);
            assertTrue(metrics.contains("\nkaruta_seeders 1.0\n"), "the shared seeders on /metrics");
            assertTrue(metrics.contains("\nkaruta_leechers 3.0\n"), "the shared leechers on /metrics");
        }

        synchronized (logged) {
            assertFalse(logged.isEmpty(), "the log capture works");
            for (String line : logged) {
                assertFalse(line.toLowerCase().contains(SECRET), "the UDP secret is never logged: " + line);
            }
        }
    }

    /** complete, incomplete, downloaded of {@link #HASH} scraped over HTTP. */
    private static List<Long> scrapeOf(TrackerClient http) throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> files = (Map<String, Object>) http.get(TrackerClient.scrape(HASH)).get("files");
        @SuppressWarnings("unchecked")
        Map<String, Object> one = (Map<String, Object>) files.values().iterator().next();
        return List.of((Long) one.get("complete"), (Long) one.get("incomplete"), (Long) one.get("downloaded"));
    }

    /** A BEP 15 announce with connection ID {@code connectionId}. */
    private static byte[] udpAnnounce(long connectionId) {
        return ByteBuffer.allocate(98).putLong(connectionId).putInt(1).putInt(0x7e57).put(HASH)
                .put(id("-DE2110-cross")).putLong(0).putLong(100).putLong(0).putInt(0).putInt(0).putInt(7)
                .putInt(5).putShort((short) 6999).array();
    }
}
