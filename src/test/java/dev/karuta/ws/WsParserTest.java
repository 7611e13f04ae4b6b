package dev.karuta.ws;

import static dev.karuta.testing.WsClient.id;
import static dev.karuta.testing.WsClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.karuta.core.Event;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What {@link WsParser} reads from a client's message, and the reason it gives for what it cannot read. */
class WsParserTest {
    private final WsParser parser = new WsParser(3, 5);

    private String refusal(String text) {
        return assertThrows(WsRefusal.class, () -> parser.parse(text)).getMessage();
    }

    @Test
    void readsABittorrentTrackerAnnounce() throws Exception {
        // As lib/client/websocket-tracker.js sends it: numbers, event, offers, plus fields Karuta ignores.
        WsMessage m = parser.parse("{\"numwant\":2,\"uploaded\":10,\"downloaded\":20,\"left\":null,"
                + "\"event\":\"started\",\"action\":\"announce\",\"info_hash\":" + json(id(0xab)) + ",\"peer_id\":"
                + json(id(0x2d)) + ",\"trackerid\":\"t\",\"offers\":[{\"offer\":{\"type\":\"offer\",\"sdp\":\"v=0\"},"
                + "\"offer_id\":" + json(id(0x9f)) + "}],\"extra\":{\"a\":[1,{\"b\":2}]}}");
        WsMessage.Announce a = assertInstanceOf(WsMessage.Announce.class, m);
        assertEquals(2, a.numWant());
        assertEquals(10, a.uploaded());
        assertEquals(Long.MAX_VALUE, a.left(), "left null: unknown, a leecher");
        assertEquals(Event.STARTED, a.event());
        assertEquals(1, a.offers().size());
        assertEquals(id(0x9f), a.offers().get(0).offerId());
        assertEquals("{\"type\":\"offer\",\"sdp\":\"v=0\"}", a.offers().get(0).offer().json(),
                "the description as the client wrote it");
    }

    @Test
    void keepsADescriptionAsTheClientWroteIt() throws Exception {
        String description = "{ \"type\" : \"answer\" ,\n \"sdp\" : \"v=0\\r\\na=\\\"x\\\" \\u00e9\u00e9\", \"x\":[1,{}] }";
        WsMessage m = parser.parse("{\"action\":\"announce\",\"info_hash\":" + json(id(1)) + ",\"peer_id\":"
                + json(id(2)) + ",\"to_peer_id\":" + json(id(3)) + ",\"offer_id\":" + json(id(4))
                + ",\"answer\":" + description + "  }");
        WsMessage.Answer a = assertInstanceOf(WsMessage.Answer.class, m);
        assertEquals(description, a.answer().json());
        // Relayed, it is JSON whose sdp is the client's, decoded once by the receiver.
        jakarta.json.JsonObject relayed = jakarta.json.Json.createReader(new java.io.StringReader(
                new WsWriter().answer(a))).readObject();
        assertEquals("v=0\r\na=\"x\" \u00e9\u00e9", relayed.getJsonObject("answer").getString("sdp"));
        assertEquals(id(2), relayed.getString("peer_id"));
        assertEquals(id(4), relayed.getString("offer_id"));
        assertEquals("offer.sdp must be a string", refusal("{\"action\":\"announce\",\"offers\":[{\"offer_id\":"
                + json(id(5)) + ",\"offer\":{\"sdp\":1}}]}"));
    }

    @Test
    void refusesWhatItCannotRead() {
        String hash = json(id(1));
        String peer = json(id(2));
        assertEquals("invalid JSON", refusal("{\"action\":\"announce\""));
        assertEquals("a message must be a JSON object", refusal("[1]"));
        assertEquals("unknown action", refusal("{\"action\":\"connect\"}"));
        assertEquals("action is missing", refusal("{}"));
        assertEquals("invalid info_hash", refusal("{\"action\":\"announce\",\"info_hash\":\"abc\"}"));
        assertEquals("invalid peer_id", refusal("{\"action\":\"announce\",\"info_hash\":" + hash
                + ",\"peer_id\":\"\u0100" + "a".repeat(19) + "\"}"));
        assertEquals("left must be a whole number from 0 to 9223372036854775807", refusal(
                "{\"action\":\"announce\",\"info_hash\":" + hash + ",\"peer_id\":" + peer + ",\"left\":-1}"));
        assertEquals("uploaded must be a whole number from 0 to 9223372036854775807", refusal(
                "{\"action\":\"announce\",\"info_hash\":" + hash + ",\"peer_id\":" + peer + ",\"uploaded\":1.5}"));
        assertEquals("invalid event", refusal("{\"action\":\"announce\",\"info_hash\":" + hash + ",\"peer_id\":"
                + peer + ",\"event\":\"dance\"}"));
        String offer = "{\"offer_id\":" + json(id(9)) + ",\"offer\":{\"type\":\"offer\",\"sdp\":\"v=0\"}}";
        assertEquals("too many offers (at most 3)", refusal("{\"action\":\"announce\",\"info_hash\":" + hash
                + ",\"offers\":[" + offer + "," + offer + "," + offer + "," + offer + "]}"));
        assertEquals("each offer must have an offer_id of 20 bytes and an offer", refusal(
                "{\"action\":\"announce\",\"info_hash\":" + hash + ",\"offers\":[{}]}"));
        assertEquals("too many info_hash values (at most 5)", refusal("{\"action\":\"scrape\",\"info_hash\":["
                + (hash + ",").repeat(5) + hash + "]}"));
        assertEquals("invalid to_peer_id (required with answer)", refusal("{\"action\":\"announce\",\"info_hash\":"
                + hash + ",\"peer_id\":" + peer + ",\"answer\":{\"type\":\"answer\",\"sdp\":\"x\"}}"));
        assertEquals("invalid JSON", refusal("{\"action\":\"announce\",\"left\":1e2147483648}"));
    }

    @Test
    void aMessageEndingInsideASkippedValueIsRefusedAtOnce() {
        // Regression: Parsson's skipArray()/skipObject() loop for ever at an early end of input, which would
        // hold a container thread per such message; WsFuzzTest found it.
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertEquals("invalid JSON", refusal("{\"x\":[1,"));
            assertEquals("invalid JSON", refusal("{\"x\":{\"a\":"));
            assertEquals("invalid JSON", refusal("{\"x\":" + "[".repeat(10_000)));
        });
    }
}
