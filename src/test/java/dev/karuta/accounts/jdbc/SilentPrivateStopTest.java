package dev.karuta.accounts.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.accounts.AccountsFlusher;
import dev.karuta.store.StoreSettings;
import dev.karuta.store.TestDatabase;
import dev.karuta.testing.KarutaServer;
import dev.karuta.testing.TcpProxy;
import dev.karuta.testing.TrackerClient;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A private tracker (Karuta's own tables on PostgreSQL or MariaDB) stopped while its database is
 * silent behind a {@link TcpProxy}, through the whole webapp: the stop ends within
 * {@code karuta.private.finalFlushTimeout} plus eight seconds (the swarm snapshot is not attempted once
 * the accounting could not be written), the accounting is in {@code karuta.data.dir}, and the next
 * start, with the database answering again, writes exactly what the client reported.
 */
class SilentPrivateStopTest extends AccountsTestBase {
    private static final int FINAL_FLUSH_SECONDS = 2;

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = TestDatabase.class, names = {"POSTGRESQL", "MARIADB"})
    void aStopWithTheDatabaseSilentEndsInTimeAndTheNextStartWritesEveryByteOnce(TestDatabase kind)
            throws Exception {
        StoreSettings s = fresh(kind);
        db = open(s);
        editor(at(T1)).saveUser(user(1));
        editor(at(T1)).saveTorrent(torrent(1));
        InetSocketAddress server = TestDatabase.server(s.url());
        TcpProxy proxy = closeLater(new TcpProxy(server.getHostString(), server.getPort()));
        Path dataDir = tmp.resolve("karuta-data");
        Map<String, String> config = Map.of("karuta.mode", "private", "karuta.data.dir", dataDir.toString(),
                "karuta.db.url", TestDatabase.via(s.url(), proxy.port(), ""), "karuta.db.user", s.user(),
                "karuta.db.connectTimeout", "1", "karuta.db.socketTimeout", "2",
                "karuta.private.flushInterval", "3600",
                "karuta.private.finalFlushTimeout", Integer.toString(FINAL_FLUSH_SECONDS));

        KarutaServer tracker = KarutaServer.start(config, null);
        try {
            TrackerClient http = new TrackerClient("http://127.0.0.1:" + tracker.port());
            announce(http, 0, "&event=started");
            announce(http, 7_000_000, "");
        } finally {
            proxy.silence();
            long start = System.nanoTime();
            tracker.close();
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            // "A few seconds" after the accounting (itself on disk within finalFlushTimeout + 2 s): the
            // pool's close waits for a connection attempt in flight through the silent proxy (connect
            // and socket timeouts, 1 + 2 s here); on PostgreSQL a CI run took 7.03 s against the 7 s it had.
            assertTrue(took.compareTo(Duration.ofSeconds(FINAL_FLUSH_SECONDS + 8)) < 0, "the stop took " + took);
        }
        assertTrue(Files.exists(dataDir.resolve(AccountsFlusher.FILE_NAME)), "the accounting is on disk");
        // A write the stop left behind ends once its pool is closed (its connection aborted).
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.isAlive() && t.getName().startsWith("karuta-accounts-flusher"))) {
            assertTrue(System.nanoTime() < deadline, "the flusher's thread is still there 10 s after the stop");
            Thread.sleep(20);
        }
        assertEquals(0, number("SELECT uploaded FROM karuta_users WHERE id = 1"));

        proxy.resume();
        KarutaServer again = KarutaServer.start(config, null);
        try {
            assertTrue(again.components().accounts().flusher().flush(), "written once the database answers");
        } finally {
            again.close();
        }
        assertEquals(7_000_000, number("SELECT uploaded FROM karuta_users WHERE id = 1"), "every byte, once");
        assertFalse(Files.exists(dataDir.resolve(AccountsFlusher.FILE_NAME)));
    }

    private static void announce(TrackerClient http, long uploaded, String event) throws Exception {
        Map<String, Object> r = http.get("/" + passkey(1) + "/announce?info_hash="
                + TrackerClient.escape(HexFormat.of().parseHex(hash(1).toHex())) + "&peer_id="
                + TrackerClient.escape(HexFormat.of().parseHex(peerId(1).toHex()))
                + "&port=6881&compact=1&uploaded=" + uploaded + "&downloaded=0&left=0" + event);
        assertFalse(r.containsKey("failure reason"), () -> "refused: " + r);
    }
}
