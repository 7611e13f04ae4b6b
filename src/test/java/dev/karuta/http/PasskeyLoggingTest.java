package dev.karuta.http;

import static dev.karuta.testing.TrackerClient.escape;
import static dev.karuta.testing.TrackerClient.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.accounts.FreeLeech;
import dev.karuta.accounts.RosterData;
import dev.karuta.accounts.Torrent;
import dev.karuta.accounts.User;
import dev.karuta.app.Components;
import dev.karuta.bencode.BencodeReader;
import dev.karuta.core.InfoHash;
import dev.karuta.core.TimeSource;
import dev.karuta.testing.FakeTime;
import dev.karuta.testing.KarutaServer;
import dev.karuta.testing.LogCapture;
import dev.karuta.testing.MemoryAccountsStore;
import dev.karuta.testing.UdpTrackerClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpTester;
import org.junit.jupiter.api.Test;

/**
 * No passkey and no Ocelot secret reaches a log line of Karuta's, whatever a client sends: hostile and
 * failing requests over HTTP and UDP, to every route, with the credential in the path (where a request
 * URI is logged, {@link LoggedPath} masks it). Regression: a private tracker's request failure was
 * logged with its request URI, which carries the user's passkey.
 */
class PasskeyLoggingTest {
    private static final String PASSKEY = "sEcReTpAsSkEy0123456789abcdefghi";
    private static final String OTHER_PASSKEY = "oThErPaSsKeY0123456789abcdefghij";
    private static final String SITE_SECRET = "siteSECRET0123456789abcdefghijkl";
    private static final String REPORT_SECRET = "reportSECRET0123456789abcdefghij";
    private static final List<String> SECRETS = List.of(PASSKEY, OTHER_PASSKEY, SITE_SECRET, REPORT_SECRET);

    /**
     * A clock that fails while {@code failing} when private mode's admission reads it (UDP connection IDs
     * read it too, and must keep working): a stand-in for any unexpected fault behind a request.
     */
    private static final class FailingClock implements TimeSource {
        private final FakeTime time = new FakeTime();
        private volatile boolean failing;

        @Override
        public long nanoTime() {
            return time.nanoTime();
        }

        @Override
        public long epochMillis() {
            if (failing && StackWalker.getInstance().walk(frames -> frames.anyMatch(
                    f -> f.getClassName().equals("dev.karuta.accounts.PrivateAdmission")))) {
                throw new IllegalStateException("clock fault");
            }
            return time.epochMillis();
        }
    }

    private static KarutaServer start(FailingClock clock) throws Exception {
        MemoryAccountsStore store = new MemoryAccountsStore(new RosterData(List.of(new User(1, PASSKEY, true, true)),
                List.of(new RosterData.Registered(new Torrent(1, InfoHash.of(id("registered")), FreeLeech.NORMAL), 0)),
                List.of(), List.of()));
        return KarutaServer.start(Map.of("karuta.mode", "private", "karuta.private.flushInterval", "3600",
                "karuta.private.finalFlushTimeout", "0", "karuta.ocelot.site.secret", SITE_SECRET,
                "karuta.ocelot.report.secret", REPORT_SECRET), clock, Map.of(Components.ACCOUNTS_STORE_ATTRIBUTE, store));
    }

    private static HttpTester.Response get(KarutaServer server, String target) throws Exception {
        String raw = "GET " + target + " HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";
        return HttpTester.parseResponse(server.local().getResponse(
                ByteBuffer.wrap(raw.getBytes(StandardCharsets.ISO_8859_1))));
    }

    private static String query(String torrent, String extra) {
        return "info_hash=" + escape(id(torrent)) + "&peer_id=" + escape(id("-qB4650-log")) + "&port=6881"
                + "&uploaded=0&downloaded=0&left=10" + extra;
    }

    @Test
    void aFailingPrivateAnnounceIsLoggedWithoutThePasskey() throws Exception {
        FailingClock clock = new FailingClock();
        List<String> texts;
        try (KarutaServer server = start(clock); LogCapture log = LogCapture.start()) {
            clock.failing = true;
            try {
                // An unregistered torrent makes the admission read the clock, which fails.
                HttpTester.Response response = get(server, "/" + PASSKEY + "/announce?" + query("not-registered", ""));
                assertEquals(200, response.getStatus());
                assertEquals("internal tracker error", BencodeReader.latin1(
                        BencodeReader.parseDict(response.getContentBytes()).get("failure reason")),
                        "the fault really happened behind the request");
            } finally {
                clock.failing = false;
            }
            texts = log.texts();
        }
        assertTrue(texts.stream().anyMatch(t -> t.contains("/<passkey>/announce")), "the failure is logged: " + texts);
        assertNoSecret(texts);
    }

    /**
     * Every kind of refusal and fault the frontends answer, with a passkey or a secret in the path (and in
     * Ocelot's queries): bad counters, an unknown or malformed passkey, a malformed or overlong query, a
     * mistyped route, Ocelot's API with a wrong secret or a garbled action, and faults behind HTTP and UDP
     * announces and Ocelot's control API.
     */
    @Test
    void hostileAndFailingRequestsLogNoPasskeyNorSecret() throws Exception {
        FailingClock clock = new FailingClock();
        List<String> texts;
        try (KarutaServer server = start(clock); LogCapture log = LogCapture.start()) {
            List<String> targets = new ArrayList<>(List.of(
                    "/" + PASSKEY + "/announce?" + query("registered", "").replace("uploaded=0", "uploaded=-5"),
                    "/" + PASSKEY + "/announce?" + query("registered", "").replace("left=10",
                            "left=99999999999999999999999"),
                    "/" + OTHER_PASSKEY + "/announce?" + query("registered", ""),
                    "/" + PASSKEY.substring(1) + "/announce?" + query("registered", ""),
                    "/" + PASSKEY + "/announce?info_hash=%zz&peer_id=%",
                    "/" + PASSKEY + "/announce?" + query("registered", "&x=" + "y".repeat(7000)),
                    "/" + PASSKEY + "/scrape?info_hash=short",
                    "/" + PASSKEY + "/anounce?" + query("registered", ""),
                    "/" + PASSKEY + ";jsessionid=1/announce?" + query("registered", ""),
                    "/" + PASSKEY + "/",
                    "/" + PASSKEY + "/announce/%2e%2e/x",
                    "/" + SITE_SECRET + "/update?action=no_such_action&passkey=" + PASSKEY,
                    "/" + SITE_SECRET + "/update?action=add_user&id=x&passkey=" + OTHER_PASSKEY,
                    "/" + SITE_SECRET + "/update?action=change_passkey&oldpasskey=" + PASSKEY,
                    "/" + SITE_SECRET + "/update?action=add_torrent&info_hash=%zz&id=",
                    "/" + SITE_SECRET + "/update?%%%&&==",
                    "/" + REPORT_SECRET + "/update?action=add_user&id=9&passkey=" + OTHER_PASSKEY,
                    "/" + REPORT_SECRET + "/report?get=no_such_report",
                    "/" + SITE_SECRET + "/report?get=user&key=" + PASSKEY,
                    "/" + PASSKEY + "/update?action=remove_user&passkey=" + PASSKEY));
            for (String target : targets) {
                int status = get(server, target).getStatus();
                assertTrue(status == 200 || status == 400, target + " answered " + status);
            }
            try (UdpTrackerClient udp = new UdpTrackerClient("127.0.0.1", server.components().udp().port())) {
                udp.connect();
                clock.failing = true;
                try {
                    // Faults behind an HTTP announce, Ocelot's control API and a UDP announce whose BEP 41
                    // URL data carries the passkey.
                    get(server, "/" + PASSKEY + "/announce?" + query("not-registered", ""));
                    get(server, "/" + SITE_SECRET + "/update?action=add_user&id=3&passkey=" + OTHER_PASSKEY);
                    byte[] path = ("/" + PASSKEY + "/announce").getBytes(StandardCharsets.US_ASCII);
                    ByteBuffer packet = ByteBuffer.allocate(98 + 2 + path.length)
                            .put(udp.announcePacket(id("not-registered"), id("-qB4650-udp"), 10, 2, 50, 6881))
                            .put((byte) 2).put((byte) path.length).put(path);
                    udp.fire(packet.array());
                    awaitLogged(log, "UDP announce failed");
                } finally {
                    clock.failing = false;
                }
            }
            texts = log.texts();
        }
        assertTrue(texts.stream().anyMatch(t -> t.contains("/<passkey>/announce")), "HTTP fault logged: " + texts);
        assertNoSecret(texts);
    }

    private static void awaitLogged(LogCapture log, String text) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (log.texts().stream().noneMatch(t -> t.contains(text)) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(log.texts().stream().anyMatch(t -> t.contains(text)), text + " was logged: " + log.texts());
    }

    private static void assertNoSecret(List<String> texts) {
        for (String t : texts) {
            for (String secret : SECRETS) {
                // Case-blind: a log that upper-cased a path would still give the passkey away.
                assertFalse(t.toLowerCase().contains(secret.toLowerCase()), "a log record shows a secret: " + t);
            }
        }
    }
}
