package dev.karuta.ocelot;

import static dev.karuta.ocelot.ControlFixture.ODD;
import static dev.karuta.ocelot.ControlFixture.PLAIN;
import static dev.karuta.ocelot.OcelotControlTest.REPORT;
import static dev.karuta.ocelot.OcelotControlTest.SITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.karuta.accounts.PrivateMode;
import dev.karuta.accounts.Roster;
import dev.karuta.accounts.RosterData;
import dev.karuta.accounts.Torrent;
import dev.karuta.accounts.User;
import dev.karuta.bencode.BencodeReader;
import dev.karuta.testing.KarutaServer;
import dev.karuta.testing.MemoryAccountsStore;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.eclipse.jetty.http.HttpTester;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated update and report requests, with right and wrong secrets, against the real webapp
 * (in-memory connector): every answer is HTTP 200 without a stack trace, either a body of the API or a
 * bencoded {@code failure reason}; a wrong secret is always {@code Authentication failure}, and no
 * failure changes the roster, the whitelist, the interval or the jitter.
 */
class OcelotFuzzTest {
    private static final int CASES = Integer.getInteger("karuta.ocelot.fuzz.cases", 600);
    private static final String K1 = "fuzzKEY1111111111111111111111111";
    private static final String K2 = "fuzzKEY2222222222222222222222222";
    private static final String[] WRONG = {REPORT + "/update", SITE + "/report", SITE.toUpperCase() + "/update",
        SITE.substring(1) + "/update", SITE + "x/update", "%73" + SITE.substring(1) + "/update",
        REPORT.substring(0, 31) + "Q/report", "nobody/report"};
    private static final String[] UPDATES = {
        "action=add_user&id=5&passkey=" + K1 + "&visible=0", "action=add_user&id=6&passkey=" + K2,
        "action=remove_user&passkey=" + K1, "action=remove_users&passkeys=" + K1 + K2,
        "action=change_passkey&oldpasskey=" + K1 + "&newpasskey=" + K2,
        "action=update_user&passkey=" + K2 + "&can_leech=0&visible=1", "action=trace_user&passkey=" + K1 + "&trace=1",
        "action=add_torrent&id=30&freetorrent=1&info_hash=" + RawUrl.encode(ODD),
        "action=add_torrent&id=31&freetorrent=0&info_hash=" + RawUrl.encode(PLAIN),
        "action=update_torrent&freetorrent=2&info_hash=" + RawUrl.encode(ODD),
        "action=update_torrents&freetorrent=1&info_hashes=" + RawUrl.encode(ODD) + RawUrl.encode(PLAIN),
        "action=delete_torrent&id=30&reason=3&info_hash=" + RawUrl.encode(ODD),
        "action=add_token&userid=5&info_hash=" + RawUrl.encode(PLAIN),
        "action=remove_token&userid=5&info_hash=" + RawUrl.encode(PLAIN), "action=add_whitelist&peer_id=-TR40",
        "action=remove_whitelist&peer_id=-TR40", "action=edit_whitelist&old_peer_id=-TR40&new_peer_id=-qB4",
        "action=update_announce_interval&new_announce_interval=1900",
        "action=update_announce_jitter&new_announce_jitter=30", "action=info_torrent&info_hash=" + RawUrl.encode(ODD),
    };
    private static final String[] REPORTS = {"get=stats", "get=user&key=" + K1, "get=user&key=" + K2,
        "get=torrent&info_hash=" + RawUrl.encode(PLAIN), "get=torrent&info_hash=" + RawUrl.encode(ODD), "get=prom_stats"};

    @Test
    void everyRequestIsAnsweredWith200AndFailuresChangeNothing() throws Exception {
        long seed = Long.getLong("karuta.fuzz.seed", System.nanoTime());
        Random random = new Random(seed);
        MemoryAccountsStore store = new MemoryAccountsStore(new RosterData(List.of(), List.of(), List.of(), List.of()));
        try (KarutaServer server = OcelotControlTest.start(store, random.nextBoolean() ? "whatcd" : "opsnet")) {
            PrivateMode tracker = server.components().accounts().mode();
            int refused = 0;
            int answered = 0;
            for (int i = 0; i < CASES; i++) {
                boolean update = random.nextBoolean();
                boolean wrong = random.nextInt(4) == 0;
                String path = wrong ? WRONG[random.nextInt(WRONG.length)] : update ? SITE + "/update" : REPORT + "/report";
                String[] seeds = update ? UPDATES : REPORTS;
                byte[] query = mutate(random, seeds[random.nextInt(seeds.length)], random.nextInt(3) == 0);
                String before = state(tracker);
                HttpTester.Response response = send(server, "/" + path, query);
                String context = "seed " + seed + " case " + i + ": /" + path + "?"
                        + new String(query, StandardCharsets.ISO_8859_1);
                if (response.getStatus() != 200) {
                    fail("HTTP " + response.getStatus() + " for " + context);
                }
                String body = new String(response.getContentBytes(), StandardCharsets.ISO_8859_1);
                assertFalse(body.contains("Exception") || body.contains("\tat ") || body.contains("<html"), context);
                if (body.startsWith("d14:failure reason")) {
                    refused++;
                    String reason = BencodeReader.latin1(BencodeReader.parseDict(response.getContentBytes())
                            .get("failure reason"));
                    assertFalse(reason.equals("internal tracker error"), "an unplanned failure: " + context);
                    if (wrong) {
                        assertEquals("Authentication failure", reason, context);
                    }
                    assertEquals(before, state(tracker), "a failure changed something: " + context);
                } else {
                    answered++;
                    assertFalse(wrong, "answered with a wrong secret: " + context);
                    assertTrue(body.equals("success") || body.endsWith("\nsuccess")
                            || body.startsWith("{") && body.endsWith("}\n"), context + " -> " + body);
                }
            }
            // Both outcomes must be exercised, or the generator tests nothing (answers run 110 to 183 in 600).
            assertTrue(refused > CASES / 10, "refused: " + refused);
            assertTrue(answered > CASES / 10, "answered: " + answered);
        }
    }

    private static HttpTester.Response send(KarutaServer server, String path, byte[] query) throws Exception {
        ByteArrayOutputStream req = new ByteArrayOutputStream();
        req.write(("GET " + path + "?").getBytes(StandardCharsets.US_ASCII));
        req.write(query);
        req.write(" HTTP/1.1\r\nHost: fuzz\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return HttpTester.parseResponse(server.local().getResponse(ByteBuffer.wrap(req.toByteArray())));
    }

    /** Everything a control request may change, as text. */
    private static String state(PrivateMode tracker) {
        Roster r = tracker.roster();
        StringBuilder sb = new StringBuilder();
        r.users().stream().sorted(Comparator.comparingInt(User::id)).forEach(u -> sb.append(u).append('\n'));
        r.torrents().stream().sorted(Comparator.comparingInt(Torrent::id))
                .forEach(t -> sb.append(t).append(' ').append(r.snatches(t.infoHash())).append('\n'));
        r.tokens().stream().map(Object::toString).sorted().forEach(t -> sb.append(t).append('\n'));
        return sb.append(r.clients().entries()).append(' ').append(tracker.intervals().interval()).append(' ')
                .append(tracker.intervals().jitter()).toString();
    }

    /** {@code seed}, or (when {@code hard}) a few random edits of it: bytes, escapes, cuts, parameters. */
    private static byte[] mutate(Random random, String seed, boolean hard) {
        StringBuilder s = new StringBuilder(seed);
        int edits = hard ? 1 + random.nextInt(4) : random.nextInt(2);
        for (int e = 0; e < edits && s.length() > 0; e++) {
            int at = random.nextInt(s.length());
            switch (random.nextInt(8)) {
                case 0 -> s.deleteCharAt(at);
                case 1 -> s.insert(at, printable(random));
                case 2 -> s.setCharAt(at, (char) (0x80 + random.nextInt(0x80)));
                case 3 -> s.setLength(at);
                case 4 -> s.insert(at, "%" + Integer.toHexString(random.nextInt(256)));
                case 5 -> s.append('&').append(pick(random, "id", "userid", "passkey", "info_hash", "freetorrent",
                        "reason", "visible", "can_leech", "trace", "peer_id", "key", "get", "action")).append('=')
                        .append(pick(random, "", "-1", "0", "1", "99999999999", "%00", "x", K1, RawUrl.encode(ODD)));
                case 6 -> s.replace(at, Math.min(s.length(), at + 3), pick(random, "%", "%%", "=", "&&", "+", "%23"));
                default -> s.replace(0, s.indexOf("&") < 0 ? s.length() : s.indexOf("&"),
                        "action=" + pick(random, "add_user", "remove_user", "add_torrent", "delete_torrent",
                                "info_torrent", "update_user", "edit_whitelist", "nothing", ""));
            }
        }
        byte[] out = new byte[s.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) s.charAt(i);
        }
        return out;
    }

    /** A printable ASCII byte a request line can carry: not '#', which starts a fragment (HTTP 400). */
    private static char printable(Random random) {
        char c = (char) (0x21 + random.nextInt(0x5e));
        return c == '#' ? '!' : c;
    }

    private static String pick(Random random, String... options) {
        return options[random.nextInt(options.length)];
    }
}
