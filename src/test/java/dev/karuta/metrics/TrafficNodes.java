package dev.karuta.metrics;

import static dev.karuta.testing.TrackerClient.announce;
import static dev.karuta.testing.TrackerClient.escape;
import static dev.karuta.testing.TrackerClient.id;
import static dev.karuta.testing.TrackerClient.scrape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.accounts.FreeLeech;
import dev.karuta.accounts.RosterData;
import dev.karuta.accounts.Torrent;
import dev.karuta.accounts.User;
import dev.karuta.app.Components;
import dev.karuta.core.InfoHash;
import dev.karuta.testing.Cleanup;
import dev.karuta.testing.Exposition;
import dev.karuta.testing.KarutaServer;
import dev.karuta.testing.MemoryAccountsStore;
import dev.karuta.testing.TestRedis;
import dev.karuta.testing.TrackerClient;
import dev.karuta.testing.UdpTrackerClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Running Karuta nodes that have served real traffic, for the checks of the monitoring files: a public
 * node with UDP, a private node, and a node on a Redis registry. Each is closed by the test's
 * {@link Cleanup}.
 */
final class TrafficNodes {
    private static final byte[] HASH = id("dashboard-torrent");
    private static final String PASSKEY = "dashboardpasskeyabcdefghijklmnop";

    private TrafficNodes() {
    }

    /**
     * A public node with UDP after HTTP and UDP announces, scrapes, a refused and a limited full
     * scrape, a bad connection ID and a junk packet.
     */
    static KarutaServer publicNode(Cleanup cleanup) throws Exception {
        KarutaServer node = start(cleanup, Map.of("karuta.udp.host", "127.0.0.1", "karuta.scrape.full", "true"),
                Map.of());
        TrackerClient http = new TrackerClient("http://127.0.0.1:" + node.port());
        http.get(announce(HASH, id("-TR4050-http-seed"), 51413, 0, "event=started"));
        http.get(announce(HASH, id("-qB4650-http-leech"), 6881, 100, "event=started"));
        http.get("/announce?info_hash=x");
        http.get(scrape(HASH));
        http.get("/scrape");
        http.get("/scrape");
        int udpPort = node.components().udp().port();
        try (UdpTrackerClient udp = new UdpTrackerClient("127.0.0.1", udpPort);
             UdpTrackerClient stranger = new UdpTrackerClient("127.0.0.1", udpPort)) {
            udp.connect();
            assertEquals(1, ByteBuffer.wrap(udp.announce(HASH, id("-lt0D60-udp-seed"), 0, 2, -1, 7000)).getInt());
            assertEquals(2, ByteBuffer.wrap(udp.scrape(HASH)).getInt());
            assertEquals(3, ByteBuffer.wrap(stranger.announce(HASH, id("-lt0D60-stranger"), 0, 2, -1, 7001)).getInt());
            stranger.fire("not a tracker packet".getBytes(StandardCharsets.US_ASCII));
        }
        assertEquals(2, metrics(node).value("karuta_seeders"), "the traffic arrived");
        return node;
    }

    /** A private node after a passkey announce over HTTP and a flush of its accounting. */
    static KarutaServer privateNode(Cleanup cleanup) throws Exception {
        MemoryAccountsStore store = new MemoryAccountsStore(new RosterData(List.of(new User(1, PASSKEY, true, true)),
                List.of(new RosterData.Registered(new Torrent(10, InfoHash.of(HASH), FreeLeech.NORMAL), 0)),
                List.of(), List.of()));
        KarutaServer node = start(cleanup, Map.of("karuta.mode", "private", "karuta.private.flushInterval", "3600",
                "karuta.private.finalFlushTimeout", "0"), Map.of(Components.ACCOUNTS_STORE_ATTRIBUTE, store));
        TrackerClient http = new TrackerClient("http://127.0.0.1:" + node.port());
        Map<String, Object> answer = http.get("/" + PASSKEY + "/announce?info_hash=" + escape(HASH) + "&peer_id="
                + escape(id("-TR4050-private")) + "&port=6881&uploaded=0&downloaded=0&left=100&event=started",
                "User-Agent", "Transmission/4.0.5");
        assertFalse(answer.containsKey("failure reason"), answer.toString());
        assertTrue(node.components().accounts().flusher().flush());
        assertEquals(1, metrics(node).value("karuta_accounts_flushes_total", "result", "written"));
        return node;
    }

    /**
     * A node on the Redis of {@link TestRedis} (skipped without it), under a key prefix of its own,
     * after an HTTP announce.
     */
    static KarutaServer redisNode(Cleanup cleanup) throws Exception {
        String uri = TestRedis.uri();
        String prefix = TestRedis.uniquePrefix();
        cleanup.push(() -> TestRedis.deleteKeys(uri, prefix));
        // A generous timeout: it also bounds the first connection, which a busy machine may make slowly.
        KarutaServer node = start(cleanup, Map.of("karuta.registry", "redis", "karuta.redis.uri", uri,
                "karuta.redis.prefix", prefix, "karuta.redis.timeout", "5000"), Map.of());
        new TrackerClient("http://127.0.0.1:" + node.port())
                .get(announce(HASH, id("-TR4050-redis-seed"), 51413, 0, "event=started"));
        assertEquals(1, metrics(node).value("karuta_seeders"), "the swarm is on Redis");
        return node;
    }

    /** What the node's {@code /metrics} says now. */
    static Exposition metrics(KarutaServer node) throws Exception {
        byte[] body = new TrackerClient("http://127.0.0.1:" + node.port()).getRaw("/metrics");
        return Exposition.parse(new String(body, StandardCharsets.UTF_8));
    }

    private static KarutaServer start(Cleanup cleanup, Map<String, String> params, Map<String, Object> attributes)
            throws Exception {
        KarutaServer node = KarutaServer.start(params, null, attributes);
        cleanup.push(node);
        return node;
    }
}
