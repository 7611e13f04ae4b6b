package dev.karuta.ws;

import static dev.karuta.testing.WsClient.id;
import static dev.karuta.testing.WsClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.core.InfoHash;
import dev.karuta.core.SwarmStats;
import dev.karuta.testing.FakeTime;
import dev.karuta.testing.KarutaServer;
import dev.karuta.testing.TestRedis;
import dev.karuta.testing.WsClient;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two webapps (two Jetty servers on port 0 in one JVM) on one Redis with {@code karuta.registry=redis},
 * spoken to over real WebSocket connections with Jetty's Jakarta client: a peer on node A receives the
 * offers of a peer on node B and its answer goes back to B; counts and scrapes are those of both nodes;
 * stopped, closed and expired peers leave the other node's picks; seeders never get a seeder's offers.
 * Both nodes run on one {@link FakeTime}, as nodes on one wall clock. Needs the Redis of {@link TestRedis}.
 */
class WsTwoNodesTest {
    private final FakeTime time = new FakeTime();
    private final List<WsClient> clients = new ArrayList<>();
    private String redisUri;
    private String prefix;
    private KarutaServer nodeA;
    private KarutaServer nodeB;

    /** The Redis both nodes share. */
    String redis() {
        return TestRedis.uri();
    }

    @BeforeEach
    void start() throws Exception {
        redisUri = redis();
        prefix = TestRedis.uniquePrefix();
        Map<String, String> shared = Map.of("karuta.registry", "redis", "karuta.redis.uri", redisUri,
                "karuta.redis.prefix", prefix, "karuta.redis.timeout", "5000",
                // The fake clock moves past the peer TTL; the connections stay open meanwhile.
                "karuta.ws.idleTimeout", "86400");
        nodeA = KarutaServer.start(shared, time);
        nodeB = KarutaServer.start(shared, time);
    }

    @AfterEach
    void stop() throws Exception {
        try {
            for (WsClient c : clients) {
                c.close();
            }
        } finally {
            if (nodeA != null) {
                nodeA.close();
            }
            if (nodeB != null) {
                nodeB.close();
            }
            if (prefix != null && redisUri.startsWith("redis://")) {
                TestRedis.deleteKeys(redisUri, prefix);
            }
        }
    }

    private WsClient connect(KarutaServer node) throws Exception {
        WsClient c = WsClient.connect(node.port(), "/announce");
        clients.add(c);
        return c;
    }

    static String announce(String hash, String peer, long left, String event, String offerId) {
        return "{\"action\":\"announce\",\"info_hash\":" + json(hash) + ",\"peer_id\":" + json(peer)
                + ",\"numwant\":5,\"uploaded\":0,\"downloaded\":0,\"left\":" + left
                + (event == null ? "" : ",\"event\":\"" + event + "\"")
                + ",\"offers\":" + (offerId == null ? "[]" : "[{\"offer\":{\"type\":\"offer\",\"sdp\":"
                + json("v=0 offer of " + offerId.charAt(0)) + "},\"offer_id\":" + json(offerId) + "}]") + "}";
    }

    static String answer(String hash, String from, String to, String offerId) {
        return "{\"action\":\"announce\",\"info_hash\":" + json(hash) + ",\"peer_id\":" + json(from)
                + ",\"to_peer_id\":" + json(to) + ",\"offer_id\":" + json(offerId)
                + ",\"answer\":{\"type\":\"answer\",\"sdp\":\"v=0 answer\"}}";
    }

    private static JsonObject scrape(WsClient c, String hash) throws Exception {
        c.send("{\"action\":\"scrape\",\"info_hash\":" + json(hash) + "}");
        return c.next().getJsonObject("files").getJsonObject(hash);
    }

    /** Polls {@code read} until it is {@code expected}: a closed connection leaves the shared swarm a moment later. */
    private static <T> void await(T expected, Supplier<T> read) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        T value = read.get();
        while (!expected.equals(value)) {
            if (System.nanoTime() > deadline) {
                assertEquals(expected, value, "not within 10 s");
            }
            Thread.sleep(20); // nothing tells the test when the other node saw the close
            value = read.get();
        }
    }

    @Test
    void anOfferFromNodeBReachesASeederOnNodeAAndItsAnswerComesBack() throws Exception {
        String hash = id(0xb1);
        WsClient seeder = connect(nodeA);
        WsClient leecher = connect(nodeB);
        seeder.send(announce(hash, id(1), 0, "started", null));
        JsonObject first = seeder.next();
        assertEquals(1, first.getInt("complete"));
        assertEquals(0, first.getInt("incomplete"));

        String offerId = id(0xf1);
        leecher.send(announce(hash, id(2), 1000, "started", offerId));
        JsonObject answered = leecher.next();
        assertEquals(1, answered.getInt("complete"), "node B counts node A's seeder");
        assertEquals(1, answered.getInt("incomplete"));

        // The exact text node B would have sent its own peer, carried to node A's socket.
        JsonObject offer = seeder.next();
        assertEquals("announce", offer.getString("action"));
        assertEquals(offerId, offer.getString("offer_id"));
        assertEquals(id(2), offer.getString("peer_id"));
        assertEquals(hash, offer.getString("info_hash"));
        assertEquals("v=0 offer of " + offerId.charAt(0), offer.getJsonObject("offer").getString("sdp"));

        seeder.send(answer(hash, id(1), id(2), offerId));
        JsonObject answer = leecher.next();
        assertEquals("v=0 answer", answer.getJsonObject("answer").getString("sdp"));
        assertEquals(offerId, answer.getString("offer_id"));
        assertEquals(id(1), answer.getString("peer_id"));
        assertEquals(hash, answer.getString("info_hash"));
        assertNull(seeder.poll(Duration.ofMillis(200)), "nothing goes back to the one who answered");

        // Scrapes on either node count both nodes' peers; so does the node's own view.
        for (WsClient c : List.of(seeder, leecher)) {
            JsonObject file = scrape(c, hash);
            assertEquals(1, file.getInt("complete"));
            assertEquals(1, file.getInt("incomplete"));
        }
        assertEquals(new SwarmStats(1, 1, 0, 0), nodeA.components().ws().swarms().stats(InfoHash.of(bytes(hash))));

        // The leecher completes on B: a snatch both nodes count.
        leecher.send(announce(hash, id(2), 0, "completed", null));
        assertEquals(2, leecher.next().getInt("complete"));
        JsonObject file = scrape(seeder, hash);
        assertEquals(2, file.getInt("complete"));
        assertEquals(0, file.getInt("incomplete"));
        assertEquals(1, file.getInt("downloaded"));
    }

    @Test
    void aSeedersOffersReachLeechersOnOtherNodesAndNeverSeeders() throws Exception {
        String hash = id(0xb2);
        WsClient seederA = connect(nodeA);
        WsClient leecherA = connect(nodeA);
        WsClient seederB = connect(nodeB);
        seederA.send(announce(hash, id(1), 0, "started", null));
        seederA.next();
        leecherA.send(announce(hash, id(3), 500, "started", null));
        leecherA.next();
        for (int round = 0; round < 5; round++) {
            String offerId = id(0xe0 + round);
            seederB.send(announce(hash, id(2), 0, null, offerId));
            assertEquals(2, seederB.next().getInt("complete"));
            JsonObject offer = leecherA.next();
            assertEquals(offerId, offer.getString("offer_id"), "every round's offer reaches the only leecher");
            assertEquals(id(2), offer.getString("peer_id"));
        }
        assertNull(seederA.poll(Duration.ofMillis(300)), "a seeder never gets a seeder's offer");
    }

    @Test
    void stoppedAndClosedPeersLeaveTheOtherNodesPicksAndCounts() throws Exception {
        String hash = id(0xb3);
        InfoHash infoHash = InfoHash.of(bytes(hash));
        WsClient leecherA = connect(nodeA);
        WsClient stopping = connect(nodeB);
        WsClient closing = connect(nodeB);
        leecherA.send(announce(hash, id(1), 100, "started", null));
        leecherA.next();
        stopping.send(announce(hash, id(2), 100, "started", null));
        stopping.next();
        closing.send(announce(hash, id(3), 0, "started", null));
        assertEquals(2, closing.next().getInt("incomplete"));
        assertEquals(new SwarmStats(1, 2, 0, 0), nodeA.components().ws().swarms().stats(infoHash));

        stopping.send(announce(hash, id(2), 100, "stopped", null));
        assertEquals(1, stopping.next().getInt("incomplete"));
        closing.close();
        await(new SwarmStats(0, 1, 0, 0), () -> nodeA.components().ws().swarms().stats(infoHash));

        // A's leecher offers again: nobody is left to take it, on either node.
        leecherA.send(announce(hash, id(1), 100, null, id(0xd1)));
        JsonObject answered = leecherA.next();
        assertEquals(0, answered.getInt("complete"));
        assertEquals(1, answered.getInt("incomplete"));
        assertNull(stopping.poll(Duration.ofMillis(300)), "a stopped peer gets no offer");

        // The last peer stops: the swarm is gone on both nodes.
        leecherA.send(announce(hash, id(1), 100, "stopped", null));
        leecherA.next();
        assertEquals(SwarmStats.EMPTY, nodeB.components().ws().swarms().stats(infoHash));
    }

    @Test
    void expiredPeersLeaveTheOtherNodesPicksAndCounts() throws Exception {
        String hash = id(0xb4);
        InfoHash infoHash = InfoHash.of(bytes(hash));
        WsClient seederA = connect(nodeA);
        WsClient leecherB = connect(nodeB);
        seederA.send(announce(hash, id(1), 0, "started", null));
        seederA.next();
        time.advance(Duration.ofSeconds(300));
        leecherB.send(announce(hash, id(2), 100, "started", null));
        assertEquals(1, leecherB.next().getInt("complete"));
        // The seeder's last announce is now older than the peer TTL (360 s): it counts no more anywhere,
        // though no sweep ran, and B's offers go nowhere.
        time.advance(Duration.ofSeconds(61));
        assertEquals(new SwarmStats(0, 1, 0, 0), nodeA.components().ws().swarms().stats(infoHash));
        leecherB.send(announce(hash, id(2), 100, null, id(0xd2)));
        JsonObject answered = leecherB.next();
        assertEquals(0, answered.getInt("complete"));
        assertNull(seederA.poll(Duration.ofMillis(300)), "an expired peer gets no offer");
        // It announces again and is back for both.
        seederA.send(announce(hash, id(1), 0, null, null));
        assertEquals(1, seederA.next().getInt("complete"));
        leecherB.send(announce(hash, id(2), 100, null, id(0xd3)));
        leecherB.next();
        assertEquals(id(0xd3), seederA.next().getString("offer_id"));
    }

    @Test
    void aPeerIdHeldOnNodeAIsTakenOverByItsNewConnectionOnNodeB() throws Exception {
        String hash = id(0xb5);
        WsClient before = connect(nodeA);
        WsClient leecher = connect(nodeA);
        before.send(announce(hash, id(1), 0, "started", null));
        before.next();
        leecher.send(announce(hash, id(2), 100, "started", null));
        leecher.next();
        // The browser reconnected to node B (its first connection not closed yet): the latest announce holds it.
        WsClient after = connect(nodeB);
        after.send(announce(hash, id(1), 0, null, null));
        assertEquals(1, after.next().getInt("complete"));
        leecher.send(announce(hash, id(2), 100, null, id(0xd4)));
        leecher.next();
        assertEquals(id(0xd4), after.next().getString("offer_id"), "the offer goes to the node that holds it now");
        // The old connection closing on A does not take the peer away from B.
        before.close();
        assertTrue(after.isOpen());
        leecher.send(announce(hash, id(2), 100, null, id(0xd5)));
        leecher.next();
        assertEquals(id(0xd5), after.next().getString("offer_id"));
        assertEquals(1, scrape(leecher, hash).getInt("complete"));
    }

    private static byte[] bytes(String binary) {
        byte[] out = new byte[binary.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) binary.charAt(i);
        }
        return out;
    }
}
