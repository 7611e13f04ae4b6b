package dev.karuta.http;

import static dev.karuta.testing.TrackerClient.escape;
import static dev.karuta.testing.TrackerClient.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.karuta.bencode.BencodeReader;
import dev.karuta.swarm.RegistryTotals;
import dev.karuta.testing.FakeTime;
import dev.karuta.testing.KarutaServer;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.eclipse.jetty.http.HttpTester;
import org.eclipse.jetty.server.LocalConnector;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated query strings against the real webapp (in-memory connector): every answer is
 * HTTP 200 with canonical bencode, either a success or a {@code failure reason}, and a failure changes
 * no count. The query alphabet is every byte an HTTP request line can carry (no space, CR, LF, '#',
 * or control bytes: those are HTTP protocol errors the container answers itself).
 */
class HttpFuzzTest {
    private static final int CASES = Integer.getInteger("karuta.fuzz.cases", 100_000);
    private static final byte[] ALPHABET = alphabet();
    private static final String[] SEEDS = {
        "info_hash=" + escape(id("fuzz-torrent")) + "&peer_id=" + escape(id("-qB4650-fuzzer"))
                + "&port=6881&uploaded=0&downloaded=0&left=100&event=started&numwant=5&key=abcd1234&compact=1",
        "info_hash=" + escape(id("fuzz-torrent")) + "&peer_id=" + escape(id("-TR3000-seed"))
                + "&port=51413&uploaded=5&downloaded=9&left=0&compact=0&no_peer_id=1&ipv6=2001:db8::1",
        "info_hash=" + escape(id("fuzz-torrent")) + "&info_hash=" + escape(id("other-torrent")),
    };

    /** Values a field may get: extreme numbers (63 and 64 bits, negative, 21+ digits), addresses, junk. */
    private static final String[] EXTREMES = {"", "-1", "0", "99999999999999999999", "stopped", "paused",
        "completed", "%ff%00", "::1", "1.2.3.4:0", "x", "9223372036854775807", "9223372036854775808",
        "9999999999999999999", "18446744073709551615", "18446744073709551616", "-9223372036854775808",
        "-9223372036854775809", "123456789012345678901", "0000000000000000000000000001", "4294967296", "65536",
        "fe80::1", "127.0.0.1", "10.0.0.1", "255.255.255.255", "::ffff:1.2.3.4", "::1.2.3.4"};

    private static byte[] alphabet() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int b = 0x21; b < 0x7f; b++) {
            if (b != '#') {
                out.write(b);
            }
        }
        for (int b = 0x80; b <= 0xff; b++) {
            out.write(b);
        }
        return out.toByteArray();
    }

    @Test
    void everyQueryGetsWellFormedBencodeAndFailuresChangeNothing() throws Exception {
        try (KarutaServer server = KarutaServer.start(Map.of("karuta.scrape.full", "true",
                "karuta.scrape.fullInterval", "0"), new FakeTime())) {
            RegistryTotals totals = server.components().registry().totals();
            int failures = fuzz(server.local(), CASES, random -> random.nextBoolean() ? "/announce" : "/scrape",
                    () -> List.of(totals.peers(), totals.torrents()));
            assertEquals(0, internal(server), "no request is counted as an internal failure");
            // The generator must exercise both outcomes, or it tests nothing.
            assertTrue(failures > CASES / 10, "failures: " + failures);
            assertTrue(failures < CASES, "no case succeeded");
        }
    }

    /**
     * The same in private mode: passkey paths (a user's, an unknown one, a mangled one), a registered
     * torrent among the seeds; a failure adds no peer and accounts nothing.
     */
    @Test
    void privateModeAnswersEveryQueryWithBencodeAndFailuresAccountNothing() throws Exception {
        String key = "fuzzKEY0123456789abcdefghijklmno";
        dev.karuta.testing.MemoryAccountsStore store = new dev.karuta.testing.MemoryAccountsStore(
                new dev.karuta.accounts.RosterData(List.of(new dev.karuta.accounts.User(1, key, true, true)),
                        List.of(new dev.karuta.accounts.RosterData.Registered(new dev.karuta.accounts.Torrent(1,
                                dev.karuta.core.InfoHash.of(id("fuzz-torrent")), dev.karuta.accounts.FreeLeech.NORMAL), 0)),
                        List.of(), List.of()));
        // No periodic flush (every 3 s of real time by default) during the run: it would empty the
        // pending accounting between a failing request and the check that it changed nothing.
        try (KarutaServer server = KarutaServer.start(Map.of("karuta.mode", "private",
                "karuta.private.flushInterval", "3600", "karuta.private.finalFlushTimeout", "0"), new FakeTime(),
                Map.of(dev.karuta.app.Components.ACCOUNTS_STORE_ATTRIBUTE, store))) {
            RegistryTotals totals = server.components().registry().totals();
            dev.karuta.accounts.Pending pending = server.components().accounts().mode().pending();
            String[] prefixes = {"/" + key, "/" + key, "/" + key.replace('f', 'g'), "/" + key.substring(3), "", "/x"};
            int cases = CASES / 5;
            int failures = fuzz(server.local(), cases, random -> prefixes[random.nextInt(prefixes.length)]
                    + (random.nextBoolean() ? "/announce" : "/scrape"), () -> List.of(totals.peers(), (long) pending.size()));
            assertTrue(failures > cases / 10, "failures: " + failures);
            assertTrue(cases - failures > cases / 100, "too few successes: " + (cases - failures));
            assertEquals(0, internal(server), "no request is counted as an internal failure");
        }
    }

    /**
     * Regression: counters of 19 or 20 digits above 2^63-1 wrapped negative, reached the core's
     * IllegalArgumentException and were answered "internal tracker error". Every numeric field, every
     * extreme value: a failure naming the field, or a success; never an internal failure.
     */
    @Test
    void extremeNumbersInEveryFieldGetAClientAnswerNeverAnInternalError() throws Exception {
        try (KarutaServer server = KarutaServer.start(Map.of(), new FakeTime())) {
            String base = SEEDS[0];
            for (String field : new String[] {"uploaded", "downloaded", "left", "port", "numwant", "key"}) {
                for (String value : EXTREMES) {
                    String query = base.replaceAll("&" + field + "=[^&]*", "") + "&" + field + "=" + value;
                    HttpTester.Response response = send(server.local(), "/announce",
                            query.getBytes(StandardCharsets.ISO_8859_1));
                    assertEquals(200, response.getStatus(), query);
                    Map<String, Object> body = BencodeReader.parseDict(response.getContentBytes());
                    String reason = body.containsKey("failure reason")
                            ? BencodeReader.latin1(body.get("failure reason")) : null;
                    assertNotEquals("internal tracker error", reason, query);
                    if (reason != null && value.matches("\\d{19,}") && !field.equals("port")) {
                        assertTrue(reason.startsWith(field + " "), "names the field: " + reason);
                    }
                }
            }
            assertEquals(0, internal(server), "no request is counted as an internal failure");
        }
    }

    /** Requests the server's metrics count as internal failures, over every protocol and action. */
    static double internal(KarutaServer server) {
        double sum = 0;
        var families = server.components().prometheus().registry().metricFamilySamples();
        while (families.hasMoreElements()) {
            for (var sample : families.nextElement().samples) {
                if (sample.name.equals("karuta_requests_total")
                        && sample.labelValues.get(sample.labelNames.indexOf("result")).equals("internal")) {
                    sum += sample.value;
                }
            }
        }
        return sum;
    }

    /**
     * Sends {@code cases} random or mutated queries to paths from {@code paths}; asserts each is HTTP 200
     * with canonical bencode, a success has its key, and a failure leaves {@code state} as it was.
     * Returns the failures. The seed is {@code karuta.fuzz.seed} when given, printed in every message.
     */
    private static int fuzz(LocalConnector local, int cases, java.util.function.Function<Random, String> paths,
                            java.util.function.Supplier<List<Long>> state) throws Exception {
        long seed = Long.getLong("karuta.fuzz.seed", System.nanoTime());
        Random random = new Random(seed);
        int failures = 0;
        for (int i = 0; i < cases; i++) {
            String path = paths.apply(random);
            byte[] query = random.nextInt(4) == 0 ? randomQuery(random) : mutate(random, SEEDS[random.nextInt(SEEDS.length)]);
            List<Long> before = state.get();
            HttpTester.Response response = send(local, path, query);
            String context = "seed " + seed + " case " + i + ": " + path + "?"
                    + new String(query, StandardCharsets.ISO_8859_1);
            if (response.getStatus() != 200) {
                fail("HTTP " + response.getStatus() + " for " + context);
            }
            Map<String, Object> body;
            try {
                body = BencodeReader.parseDict(response.getContentBytes());
            } catch (IllegalArgumentException e) {
                throw new AssertionError("not canonical bencode for " + context, e);
            }
            if (body.containsKey("failure reason")) {
                failures++;
                assertNotEquals("internal tracker error", BencodeReader.latin1(body.get("failure reason")),
                        "a client's fault: " + context);
                assertEquals(before, state.get(), "a failure changes nothing: " + context);
            } else {
                assertTrue(body.containsKey(path.endsWith("/announce") ? "interval" : "files"), context);
            }
        }
        return failures;
    }

    private static HttpTester.Response send(LocalConnector local, String path, byte[] query) throws Exception {
        ByteArrayOutputStream req = new ByteArrayOutputStream();
        req.write(("GET " + path + "?").getBytes(StandardCharsets.US_ASCII));
        req.write(query);
        req.write(" HTTP/1.1\r\nHost: fuzz\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        ByteBuffer raw = local.getResponse(ByteBuffer.wrap(req.toByteArray()));
        return HttpTester.parseResponse(raw);
    }

    private static byte[] randomQuery(Random random) {
        int length = random.nextInt(50) == 0 ? 6000 + random.nextInt(1500) : random.nextInt(200);
        byte[] q = new byte[length];
        for (int i = 0; i < length; i++) {
            q[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return q;
    }

    private static byte[] mutate(Random random, String seed) {
        StringBuilder s = new StringBuilder(seed);
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits && s.length() > 0; e++) {
            int at = random.nextInt(s.length());
            switch (random.nextInt(9)) {
                case 0 -> s.deleteCharAt(at);
                case 1 -> s.insert(at, (char) (ALPHABET[random.nextInt(ALPHABET.length)] & 0xff));
                case 2 -> s.setCharAt(at, (char) (ALPHABET[random.nextInt(ALPHABET.length)] & 0xff));
                case 3 -> s.setLength(at);
                case 4 -> s.insert(at, "%" + Integer.toHexString(random.nextInt(256)));
                case 5 -> s.insert(at, "&" + pick(random, "info_hash", "peer_id", "port", "left", "event", "numwant",
                        "ipv4", "ipv6", "ip", "compact", "key", "uploaded", "downloaded") + "=" + pick(random, EXTREMES));
                case 6 -> s.replace(at, Math.min(s.length(), at + 3), pick(random, "%", "%%", "=", "&&", "+"));
                case 7 -> s.append('&').append(s, 0, at);
                default -> s.insert(at, "%2" + (char) ('0' + random.nextInt(10)));
            }
        }
        byte[] out = new byte[s.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) s.charAt(i);
        }
        return out;
    }

    private static String pick(Random random, String... options) {
        return options[random.nextInt(options.length)];
    }
}
