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
import dev.karuta.testing.MemoryAccountsStore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.eclipse.jetty.http.HttpTester;
import org.junit.jupiter.api.Test;

/**
 * Regression: a private tracker's request failure was logged with its request URI, which carries the
 * user's passkey. The log of a failing request names the route, never the passkey.
 */
class PasskeyLoggingTest {
    private static final String PASSKEY = "sEcReTpAsSkEy0123456789abcdefghi";

    /** A clock that fails while {@code failing}: a stand-in for any unexpected fault behind a request. */
    private static final class FailingClock implements TimeSource {
        private final FakeTime time = new FakeTime();
        private volatile boolean failing;

        @Override
        public long nanoTime() {
            return time.nanoTime();
        }

        @Override
        public long epochMillis() {
            if (failing) {
                throw new IllegalStateException("clock fault");
            }
            return time.epochMillis();
        }
    }

    @Test
    void aFailingPrivateAnnounceIsLoggedWithoutThePasskey() throws Exception {
        MemoryAccountsStore store = new MemoryAccountsStore(new RosterData(List.of(new User(1, PASSKEY, true, true)),
                List.of(new RosterData.Registered(new Torrent(1, InfoHash.of(id("registered")), FreeLeech.NORMAL), 0)),
                List.of(), List.of()));
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        capture.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        FailingClock clock = new FailingClock();
        try (KarutaServer server = KarutaServer.start(Map.of("karuta.mode", "private",
                "karuta.private.flushInterval", "3600", "karuta.private.finalFlushTimeout", "0"), clock,
                Map.of(Components.ACCOUNTS_STORE_ATTRIBUTE, store))) {
            root.addHandler(capture);
            clock.failing = true;
            try {
                // An unregistered torrent makes the admission read the clock, which fails.
                String query = "info_hash=" + escape(id("not-registered")) + "&peer_id=" + escape(id("-qB4650-log"))
                        + "&port=6881&uploaded=0&downloaded=0&left=10";
                String raw = "GET /" + PASSKEY + "/announce?" + query + " HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";
                HttpTester.Response response = HttpTester.parseResponse(server.local().getResponse(
                        ByteBuffer.wrap(raw.getBytes(StandardCharsets.ISO_8859_1))));
                assertEquals(200, response.getStatus());
                assertEquals("internal tracker error", BencodeReader.latin1(
                        BencodeReader.parseDict(response.getContentBytes()).get("failure reason")),
                        "the fault really happened behind the request");
            } finally {
                clock.failing = false;
                root.removeHandler(capture);
            }
        }
        List<String> texts = new ArrayList<>();
        for (LogRecord r : records) {
            texts.add(String.valueOf(r.getMessage()));
            if (r.getParameters() != null) {
                for (Object p : r.getParameters()) {
                    texts.add(String.valueOf(p));
                }
            }
            for (Throwable t = r.getThrown(); t != null; t = t.getCause()) {
                texts.add(String.valueOf(t.getMessage()));
            }
        }
        assertTrue(texts.stream().anyMatch(t -> t.contains("/<passkey>/announce")), "the failure is logged: " + texts);
        for (String t : texts) {
            assertFalse(t.contains(PASSKEY), "a log record shows the passkey: " + t);
        }
    }
}
