package dev.karuta.swarm.redis;

import static dev.karuta.testing.WsClient.id;
import static dev.karuta.testing.WsClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.testing.KarutaServer;
import dev.karuta.testing.WsClient;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The WebSocket tracker of two nodes ({@code karuta.registry=redis}) when their Redis goes away: a
 * WebTorrent announce or scrape is answered at once with a {@code failure reason} (as HTTP and UDP
 * announces: no node falls back to its partial view), the connection stays open, and once Redis is back
 * announces work again and offers cross between the nodes again (the relay subscribed again by itself).
 * Runs its own {@code redis-server}, killed and restarted empty.
 */
class RtcOutageTest {
    private static final String HASH = id(0xc1);

    private Path dir;
    private RedisServerProcess redis;
    private KarutaServer nodeA;
    private KarutaServer nodeB;

    @BeforeEach
    void start() throws Exception {
        RedisServerProcess.requireBinary();
        dir = Files.createTempDirectory("karuta-rtc-outage");
        redis = new RedisServerProcess(dir, List.of());
        Map<String, String> shared = Map.of("karuta.registry", "redis", "karuta.redis.uri", redis.uri(),
                "karuta.redis.timeout", "1000"); // a loaded machine may take long to connect at start
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
            if (redis != null) {
                redis.stop();
            }
            RedisServerProcess.deleteTree(dir);
        }
    }

    static String announce(String peer, long left, String offerId) {
        return "{\"action\":\"announce\",\"info_hash\":" + json(HASH) + ",\"peer_id\":" + json(peer)
                + ",\"numwant\":5,\"uploaded\":0,\"downloaded\":0,\"left\":" + left + ",\"offers\":"
                + (offerId == null ? "[]" : "[{\"offer\":{\"type\":\"offer\",\"sdp\":\"v=0\"},\"offer_id\":"
                + json(offerId) + "}]") + "}";
    }

    @Test
    void announcesFailWithAReasonWhileRedisIsDownAndOffersCrossNodesAgainAfter() throws Exception {
        try (WsClient seeder = WsClient.connect(nodeA.port(), "/announce");
             WsClient leecher = WsClient.connect(nodeB.port(), "/announce")) {
            seeder.send(announce(id(1), 0, null));
            assertEquals(1, seeder.next().getInt("complete"));

            redis.stop();
            long t0 = System.nanoTime();
            leecher.send(announce(id(2), 100, id(0xf0)));
            JsonObject failed = leecher.next();
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertEquals("tracker storage unavailable, retry later", failed.getString("failure reason"));
            assertEquals("announce", failed.getString("action"));
            assertEquals(HASH, failed.getString("info_hash"), "a bittorrent-tracker client shows it");
            assertTrue(took < 3000, "answered within the command timeout, not after: " + took + " ms");
            leecher.send("{\"action\":\"scrape\",\"info_hash\":" + json(HASH) + "}");
            assertEquals("tracker storage unavailable, retry later", leecher.next().getString("failure reason"));
            assertTrue(leecher.isOpen() && seeder.isOpen(), "the connections stay open");

            redis.start();
            // Lettuce reconnects and subscribes again by itself (its back-off grows with the downtime): the
            // restarted Redis is empty, so the seeder announces again, and the leecher offers until the
            // offer reaches the seeder through node A's channel; bounded.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            String got = null;
            for (int round = 0; got == null; round++) {
                assertTrue(System.nanoTime() < deadline, "offers did not cross the nodes after Redis came back");
                seeder.send(announce(id(1), 0, null));
                seeder.poll(Duration.ofSeconds(2));
                leecher.send(announce(id(2), 100, id(0x80 + round % 100)));
                leecher.poll(Duration.ofSeconds(2));
                String text = seeder.poll(Duration.ofMillis(200));
                if (text != null && text.contains("offer_id")) {
                    got = text;
                }
            }
            JsonObject offer = jakarta.json.Json.createReader(new StringReader(got)).readObject();
            assertEquals(id(2), offer.getString("peer_id"));
            leecher.send("{\"action\":\"scrape\",\"info_hash\":" + json(HASH) + "}");
            JsonObject file = leecher.next().getJsonObject("files").getJsonObject(HASH);
            assertEquals(1, file.getInt("complete"));
            assertEquals(1, file.getInt("incomplete"));
        }
    }
}
