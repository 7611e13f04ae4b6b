package dev.karuta.ws;

import static dev.karuta.testing.WsClient.id;
import static dev.karuta.ws.WsFixture.announce;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.testing.AdminClient;
import dev.karuta.testing.Exposition;
import dev.karuta.testing.FakeTime;
import dev.karuta.testing.KarutaServer;
import dev.karuta.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.websocket.CloseReason;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real connections over their lifetime, on the webapp in Jetty on port 0 with a fake clock: a closed
 * connection's peer leaves, a silent one is closed by the sweep, message sizes are bounded, and the
 * admin stats and {@code /metrics} show the WebSocket tracker.
 */
class WsConnectionTest {
    private static final String HASH = id(0x71);
    private final FakeTime time = new FakeTime();
    private KarutaServer server;

    @BeforeEach
    void start() throws Exception {
        server = KarutaServer.start(Map.of("karuta.ws.peerTtl", "60", "karuta.ws.idleTimeout", "300",
                "karuta.ws.maxMessageBytes", "2048"), time);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static byte[] bytes(String binary) {
        byte[] b = new byte[binary.length()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) binary.charAt(i);
        }
        return b;
    }

    private long peers() {
        return server.components().ws().swarms().totals().peers();
    }

    private static void await(LongSupplier value, long expected, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (value.getAsLong() != expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": " + value.getAsLong() + ", expected " + expected);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void onJettyNoFilterStandsInFrontOfHttpAnnounces() throws Exception {
        // Jetty gives the endpoint the remote address: Tomcat's filter is not registered, so an HTTP
        // announce passes no filter of the WebSocket tracker; the address still reaches the endpoint.
        assertNull(server.webapp().getServletContext().getFilterRegistration("websocket-client"));
        try (WsClient a = WsClient.connect(server.port(), "/announce")) {
            a.send(announce(HASH, id(1), 10, "started", 0));
            assertEquals(1, a.next().getInt("incomplete"));
        }
    }

    @Test
    void oneConnectionTooManyFromAnAddressIsClosedWithTryAgainLater() throws Exception {
        try (KarutaServer two = KarutaServer.start(Map.of("karuta.ws.maxConnectionsPerAddress", "2"), time);
             WsClient a = WsClient.connect(two.port(), "/announce");
             WsClient b = WsClient.connect(two.port(), "/announce")) {
            WsClient third = WsClient.connect(two.port(), "/announce");
            assertEquals(CloseReason.CloseCodes.TRY_AGAIN_LATER, third.closeReason().getCloseCode());
            assertEquals("too many connections from this address (at most 2)", third.closeReason().getReasonPhrase());
            a.send(announce(HASH, id(1), 10, "started", 0));
            assertEquals(1, a.next().getInt("incomplete"), "the two served are unaffected");
            b.close();
            await(() -> two.components().ws().handler().open(), 1, "open connections after a close");
            try (WsClient fourth = WsClient.connect(two.port(), "/announce")) {
                fourth.send(announce(HASH, id(4), 0, "started", 0));
                assertEquals(1, fourth.next().getInt("complete"), "a place freed by the close is served");
            }
        }
    }

    @Test
    void aClosedConnectionsPeerLeavesItsSwarms() throws Exception {
        try (WsClient stays = WsClient.connect(server.port(), "/announce")) {
            WsClient leaves = WsClient.connect(server.port(), "/announce");
            leaves.send(announce(HASH, id(1), 0, "started", 0));
            leaves.send(announce(id(0x72), id(1), 0, "started", 0));
            leaves.next();
            leaves.next();
            stays.send(announce(HASH, id(2), 10, "started", 0));
            assertEquals(1, stays.next().getInt("complete"));
            leaves.close();
            await(this::peers, 1, "peers after the close");
            assertEquals(1, server.components().ws().swarms().totals().torrents(), "its other swarm is gone too");
        }
    }

    @Test
    void theSweepExpiresSilentPeersAndClosesSilentConnections() throws Exception {
        try (WsClient quiet = WsClient.connect(server.port(), "/announce")) {
            quiet.send(announce(HASH, id(1), 10, "started", 0));
            quiet.next();
            time.advance(Duration.ofSeconds(61));
            assertEquals(1, server.components().ws().handler().sweep());
            assertTrue(quiet.isOpen());
            time.advance(Duration.ofSeconds(240));
            server.components().ws().handler().sweep();
            CloseReason reason = quiet.closeReason();
            assertEquals(CloseReason.CloseCodes.NORMAL_CLOSURE, reason.getCloseCode());
            assertEquals("idle", reason.getReasonPhrase());
        }
    }

    @Test
    void aLargeMessageIsRefusedAndATooLargeOneClosesTheConnection() throws Exception {
        try (WsClient c = WsClient.connect(server.port(), "/announce")) {
            c.send("{\"action\":\"scrape\",\"pad\":\"" + "x".repeat(3000) + "\"}");
            assertEquals("message too large (at most 2048 bytes)", c.next().getString("failure reason"));
            c.send(announce(HASH, id(1), 10, "started", 0));
            assertEquals(1, c.next().getInt("incomplete"), "the connection goes on");
            c.send("x".repeat(5000));
            assertEquals(CloseReason.CloseCodes.TOO_BIG, c.closeReason().getCloseCode());
        }
        await(this::peers, 0, "peers after the container closed the connection");
    }

    @Test
    void theAdminStatsAndMetricsShowTheWebSocketTracker() throws Exception {
        try (WsClient a = WsClient.connect(server.port(), "/announce");
             WsClient b = WsClient.connect(server.port(), "/announce")) {
            a.send(announce(HASH, id(1), 0, "started", 0));
            a.next();
            b.send(announce(HASH, id(2), 10, "started", 1));
            b.next();
            a.next(); // the offer
            a.send(WsFixture.answer(HASH, id(1), id(2), id(0x80)));
            b.next();
            AdminClient.Answer stats = AdminClient.admin(server).get("/admin/api/stats");
            JsonObject s = Json.createReader(new StringReader(stats.body())).readObject();
            assertEquals(2, s.getInt("webSocketConnections"));
            assertEquals(2, s.getInt("webSocketPeers"));
            assertEquals(1, s.getInt("webSocketSeeders"));
            assertEquals(1, s.getInt("webSocketTorrents"));
            assertEquals(0, s.getInt("peers"), "WebRTC peers are not in the HTTP/UDP swarms");
            assertEquals(2, s.getJsonNumber("announces").longValue(), "WebSocket announces are counted with the others");
            String hex = dev.karuta.core.InfoHash.of(bytes(HASH)).toHex();
            JsonObject detail = Json.createReader(new StringReader(AdminClient.admin(server)
                    .get("/admin/api/swarms/" + hex).body())).readObject();
            assertEquals(1, detail.getJsonObject("webSocket").getInt("seeders"));
            assertEquals(1, detail.getJsonObject("webSocket").getInt("leechers"));
            assertEquals(0, detail.getJsonObject("swarm").getInt("peers"));
            String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.uri("/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Exposition m = Exposition.parse(text);
            assertEquals(2, m.value("karuta_ws_connections"));
            assertEquals(1, m.value("karuta_ws_peers", "state", "seeder"));
            assertEquals(1, m.value("karuta_ws_relayed_total", "type", "offer"));
            assertEquals(1, m.value("karuta_ws_relayed_total", "type", "answer"));
            assertEquals(2, m.value("karuta_requests_total", "protocol", "ws", "action", "announce", "result", "ok",
                    "family", "ipv4"));
        }
    }
}
