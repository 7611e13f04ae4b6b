package dev.karuta.ws;

import static dev.karuta.testing.WsClient.id;
import static dev.karuta.ws.WsFixture.announce;
import static dev.karuta.ws.WsFixture.answer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.testing.KarutaServer;
import dev.karuta.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated messages: the handler answers each with well-formed JSON (a failure or a real
 * answer), never counts one as an internal failure, keeps its counts exact (when every connection has
 * closed, no peer and no swarm is left), and a real connection survives a stream of them.
 */
class WsFuzzTest {
    private static final int CASES = Integer.getInteger("karuta.fuzz.cases", 100_000);
    private static final String[] HASHES = {id(0x51), id(0x52), id(0x53)};
    private static final String[] VALUES = {"1", "-1", "0", "1.5", "1e999", "1e-999", "9223372036854775808",
        "\"x\"", "\"\"", "null", "true", "[]", "{}", "[[[[[]]]]]", "{\"sdp\":1}", "\"\\u0000\\uffff\"",
        "\"" + "\u00ff".repeat(20) + "\"", "\"\u0100" + "a".repeat(19) + "\""};
    private static final String NOISE = "{}[]\":,\\ 0123456789-.eEtrufalsn\u0000\u00ff\u0100\uffff\ud800";

    static List<String> seeds() {
        List<String> seeds = new ArrayList<>();
        for (String h : HASHES) {
            for (int p = 1; p <= 3; p++) {
                seeds.add(announce(h, id(p), p == 1 ? 0 : 100, "started", 3));
                seeds.add(announce(h, id(p), 0, "completed", 0));
                seeds.add(announce(h, id(p), 100, "stopped", 0));
                seeds.add(answer(h, id(p), id(p % 3 + 1), id(0x80)));
            }
            seeds.add("{\"action\":\"scrape\",\"info_hash\":[" + WsClient.json(h) + "," + WsClient.json(HASHES[0]) + "]}");
        }
        return seeds;
    }

    static String mutate(Random r, String seed) {
        StringBuilder s = new StringBuilder(seed);
        int edits = 1 + r.nextInt(4);
        for (int i = 0; i < edits && s.length() > 0; i++) {
            int at = r.nextInt(s.length());
            switch (r.nextInt(6)) {
                case 0 -> s.setCharAt(at, NOISE.charAt(r.nextInt(NOISE.length())));
                case 1 -> s.delete(at, Math.min(s.length(), at + 1 + r.nextInt(8)));
                case 2 -> s.setLength(at); // truncated
                case 3 -> s.insert(at, s.substring(at, Math.min(s.length(), at + r.nextInt(30))));
                default -> {
                    // A value of another type after a key.
                    int colon = s.indexOf(":", at);
                    if (colon > 0) {
                        int end = colon + 1;
                        while (end < s.length() && ",}]".indexOf(s.charAt(end)) < 0) {
                            end++;
                        }
                        s.replace(colon + 1, end, VALUES[r.nextInt(VALUES.length)]);
                    }
                }
            }
        }
        return s.toString();
    }

    @Test
    void everyMessageGetsWellFormedJsonAndTheCountsStayExact() {
        WsFixture f = new WsFixture();
        Random r = new Random(21);
        List<String> seeds = seeds();
        RecordingSocket[] sockets = new RecordingSocket[6];
        for (int i = 0; i < sockets.length; i++) {
            sockets[i] = f.open("10.0.0." + (i + 1));
        }
        int failures = 0;
        for (int n = 0; n < CASES; n++) {
            RecordingSocket s = sockets[r.nextInt(sockets.length)];
            String seed = seeds.get(r.nextInt(seeds.size()));
            String message = r.nextInt(10) == 0 ? seed : mutate(r, seed);
            f.handler.message(s, message);
            for (RecordingSocket each : sockets) {
                JsonObject out;
                while ((out = each.next()) != null) {
                    assertTrue(out.containsKey("action") || out.containsKey("failure reason"), out.toString());
                    if (out.containsKey("failure reason")) {
                        failures++;
                    }
                }
            }
        }
        assertEquals(0, f.internal.sum(), "no message counted as an internal failure");
        assertTrue(failures > CASES / 10, "most mutations are refused: " + failures);
        for (RecordingSocket s : sockets) {
            f.handler.closed(s);
        }
        assertEquals(0, f.swarms.totals().peers(), "every peer left with its connection");
        assertEquals(0, f.swarms.totals().torrents(), "and every swarm with its last peer");
    }

    @Test
    void aRealConnectionSurvivesAStreamOfBadMessages() throws Exception {
        try (KarutaServer server = KarutaServer.start(Map.of(), null);
             WsClient c = WsClient.connect(server.port(), "/announce")) {
            Random r = new Random(7);
            List<String> seeds = seeds();
            for (int n = 0; n < 2000; n++) {
                c.send(mutate(r, seeds.get(r.nextInt(seeds.size()))));
            }
            c.send("x".repeat(70_000));
            c.send(announce(id(0x5f), id(9), 10, "started", 0));
            JsonObject last = null;
            String text;
            while ((text = c.poll(Duration.ofSeconds(10))) != null) {
                last = Json.createReader(new StringReader(text)).readObject();
                if (last.containsKey("incomplete") && id(0x5f).equals(last.getString("info_hash", ""))) {
                    break;
                }
            }
            assertTrue(last != null && last.containsKey("incomplete"), "the good announce is answered: " + last);
            assertTrue(c.isOpen());
        }
    }
}
