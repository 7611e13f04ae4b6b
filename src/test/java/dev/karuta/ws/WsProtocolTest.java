package dev.karuta.ws;

import static dev.karuta.testing.WsClient.id;
import static dev.karuta.testing.WsClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.testing.KarutaServer;
import dev.karuta.testing.WsClient;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The WebSocket tracker as a bittorrent-tracker client speaks to it, on the real webapp in Jetty on
 * port 0 with Jetty's Jakarta WebSocket client: announce answers, offers forwarded to another peer,
 * answers relayed back, scrape, stopped; and plain HTTP announces on the same path still work.
 */
class WsProtocolTest {
    private static KarutaServer server;

    @BeforeAll
    static void start() throws Exception {
        server = KarutaServer.start(Map.of(), null);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String announce(String hash, String peer, long left, String event, String offers) {
        return "{\"action\":\"announce\",\"info_hash\":" + json(hash) + ",\"peer_id\":" + json(peer)
                + ",\"numwant\":5,\"uploaded\":0,\"downloaded\":0,\"left\":" + left
                + (event == null ? "" : ",\"event\":\"" + event + "\"")
                + (offers == null ? "" : ",\"offers\":" + offers) + "}";
    }

    static String offers(String offerId, String sdp) {
        return "[{\"offer\":{\"type\":\"offer\",\"sdp\":" + json(sdp) + "},\"offer_id\":" + json(offerId) + "}]";
    }

    @Test
    void anOfferReachesAnotherPeerAndItsAnswerComesBack() throws Exception {
        String hash = id(0xa1);
        try (WsClient seeder = WsClient.connect(server.port(), "/announce");
             WsClient leecher = WsClient.connect(server.port(), "/announce")) {
            seeder.send(announce(hash, id(1), 0, "started", "[]"));
            JsonObject first = seeder.next();
            assertEquals("announce", first.getString("action"));
            assertEquals(hash, first.getString("info_hash"));
            assertEquals(120, first.getInt("interval"));
            assertEquals(1, first.getInt("complete"));
            assertEquals(0, first.getInt("incomplete"));

            // The leecher's offer (with a byte over 0x7f in its id) goes to the seeder, the only other peer.
            String offerId = id(0xfe);
            leecher.send(announce(hash, id(2), 1000, "started", offers(offerId, "v=0 offer")));
            JsonObject answered = leecher.next();
            assertEquals(1, answered.getInt("complete"));
            assertEquals(1, answered.getInt("incomplete"));
            JsonObject offer = seeder.next();
            assertEquals("announce", offer.getString("action"));
            assertEquals(offerId, offer.getString("offer_id"));
            assertEquals(id(2), offer.getString("peer_id"));
            assertEquals(hash, offer.getString("info_hash"));
            assertEquals("offer", offer.getJsonObject("offer").getString("type"));
            assertEquals("v=0 offer", offer.getJsonObject("offer").getString("sdp"));

            seeder.send("{\"action\":\"announce\",\"info_hash\":" + json(hash) + ",\"peer_id\":" + json(id(1))
                    + ",\"to_peer_id\":" + json(id(2)) + ",\"offer_id\":" + json(offerId)
                    + ",\"answer\":{\"type\":\"answer\",\"sdp\":\"v=0 answer\"}}");
            JsonObject answer = leecher.next();
            assertEquals("announce", answer.getString("action"));
            assertEquals("v=0 answer", answer.getJsonObject("answer").getString("sdp"));
            assertEquals(offerId, answer.getString("offer_id"));
            assertEquals(id(1), answer.getString("peer_id"));
            assertEquals(hash, answer.getString("info_hash"));
            // No answer goes back to the one who answered (as bittorrent-tracker).
            assertNull(seeder.poll(Duration.ofMillis(200)));

            seeder.send("{\"action\":\"scrape\",\"info_hash\":[" + json(hash) + "]}");
            JsonObject scrape = seeder.next();
            assertEquals("scrape", scrape.getString("action"));
            JsonObject file = scrape.getJsonObject("files").getJsonObject(hash);
            assertEquals(1, file.getInt("complete"));
            assertEquals(1, file.getInt("incomplete"));

            leecher.send(announce(hash, id(2), 1000, "stopped", null));
            JsonObject stopped = leecher.next();
            assertEquals(1, stopped.getInt("complete"));
            assertEquals(0, stopped.getInt("incomplete"));
        }
    }

    @Test
    void aPlainGetOnTheSamePathIsStillTheHttpTracker() throws Exception {
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.uri(
                "/announce?info_hash=%aa%aa%aa%aa%aa%aa%aa%aa%aa%aa%aa%aa%aa%aa%aa%aa%aa%aa%aa%aa"
                        + "&peer_id=-TR3000-aaaaaaaaaaaa&port=6881&left=0")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        String body = new String(r.body(), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(body.startsWith("d") && body.contains("8:interval"), body);
    }

    @Test
    void unreadableMessagesGetAFailureAndTheConnectionStaysOpen() throws Exception {
        try (WsClient c = WsClient.connect(server.port(), "/announce")) {
            c.send("not json");
            assertEquals("invalid JSON", c.next().getString("failure reason"));
            c.send("{\"action\":\"dance\"}");
            assertEquals("unknown action", c.next().getString("failure reason"));
            c.send("{\"action\":\"announce\",\"info_hash\":\"short\",\"peer_id\":" + json(id(3)) + "}");
            assertEquals("invalid info_hash", c.next().getString("failure reason"));
            c.send(announce(id(0xa2), id(3), 5, "started", null));
            JsonObject ok = c.next();
            assertEquals(1, ok.getInt("incomplete"));
            assertTrue(c.isOpen());
        }
    }

    static URI uri(String path) {
        return URI.create("ws://127.0.0.1:" + server.port() + path);
    }
}
