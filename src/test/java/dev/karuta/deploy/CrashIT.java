package dev.karuta.deploy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.accounts.AccountsJournal;
import dev.karuta.accounts.JournalContents;
import dev.karuta.bencode.BencodeReader;
import dev.karuta.core.InfoHash;
import dev.karuta.store.StoreSettings;
import dev.karuta.store.TestDatabase;
import dev.karuta.testing.AdminClient;
import dev.karuta.testing.ChildProcess;
import dev.karuta.testing.Exposition;
import dev.karuta.testing.TcpProxy;
import dev.karuta.testing.TrackerClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real crash of the whole webapp: jetty-home with the project's jetty-base in a JVM of its own,
 * killed with SIGKILL (no shutdown hook, no stop of the webapp) and started again on the same data
 * directory. In private mode on PostgreSQL, reached through a {@link TcpProxy} the test closes to cut
 * the database (connections closed, new ones refused), with real announces whose growth is known: after
 * the restart the totals in the database are what the clients reported minus at most the last round,
 * announced just before the kill (within one flush interval), and never more; the clients' next
 * announces credit that round from the restored baselines, and the totals are then exactly what they
 * reported. In public mode: what a restart after a crash hands out of the swarms (nothing: the swarm
 * snapshot is written at a graceful stop only, docs/persistence.md).
 */
class CrashIT {
    private static final String PASSWORD = "crash-test-admin-password";
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final byte[] HASH = TrackerClient.id("crash-test-torrent");
    private static final int USERS = 3;
    private static final Pattern RESTORED_TWO = Pattern.compile("restored 2 peers in 1 swarms from the last stop");
    private static final Pattern HOST_PORT = Pattern.compile("//([^/:?]+):(\\d+)");

    @TempDir
    Path tmp;

    /**
     * The database cut (the proxy closed) after three rounds were written, three more rounds announced
     * and kept in the outage journal, one last round announced and the JVM killed at once.
     */
    @Test
    void aKillDuringADatabaseOutageLosesAtMostTheLastIntervalAndCountsNothingTwice() throws Exception {
        crash(true);
    }

    /** The same with the database up all along: three rounds written, one more announced, the JVM killed. */
    @Test
    void aKillWithTheDatabaseUpLosesAtMostTheLastIntervalAndCountsNothingTwice() throws Exception {
        crash(false);
    }

    private void crash(boolean outage) throws Exception {
        TestDatabase.Fresh fresh = TestDatabase.POSTGRESQL.create(tmp);
        try (AutoCloseable drop = fresh.drop()) {
            StoreSettings db = fresh.settings();
            Matcher target = HOST_PORT.matcher(db.url());
            assertTrue(target.find(), db.url());
            JettyHomeRun run = JettyHomeRun.in(tmp);
            Files.writeString(run.dataDir().resolve("admin-realm.properties"), "admin: " + PASSWORD + ",karuta-admin\n");
            Peer[] peers = new Peer[USERS];
            try (TcpProxy proxy = new TcpProxy(target.group(1), Integer.parseInt(target.group(2)))) {
                String viaProxy = db.url().replace(target.group(), "//127.0.0.1:" + proxy.port());
                try (JettyHomeRun.Started first = run.start(privateMode(viaProxy, db.user()))) {
                    register(first, peers);
                    for (int round = 1; round <= 3; round++) {
                        announceRound(first, peers, round);
                    }
                    await(() -> matches(totals(db), peers, false), "the first three rounds written", first);
                    if (outage) {
                        proxy.close(); // every connection closed, new ones refused
                        Map<Integer, long[]> written = totals(db);
                        for (int round = 4; round <= 6; round++) {
                            announceRound(first, peers, round);
                        }
                        await(() -> journaled(run.dataDir(), written, peers), "rounds 4 to 6 in the journal", first);
                        assertTrue(metric(first, "karuta_accounts_flushes_total", "result", "failed") > 0);
                    }
                    // The last round: announced, then the kill at once, before or during its flush.
                    announceRound(first, peers, 7);
                    first.process().kill();
                }
            }
            try (JettyHomeRun.Started second = run.start(privateMode(db.url(), db.user()))) {
                Path journal = run.dataDir().resolve(AccountsJournal.FILE_NAME);
                await(() -> !Files.exists(journal) && metric(second, "karuta_accounts_pending") == 0,
                        "what was left written", second);
                Map<Integer, long[]> after = totals(db);
                if (outage) {
                    assertTrue(second.process().log().contains("took up accounting left by the last run"),
                            "the journal was taken up at the start:\n" + second.process().log());
                }
                for (Peer p : peers) {
                    long[] t = after.getOrDefault(p.user, new long[2]);
                    String why = "user " + p.user + ": database " + t[0] + "/" + t[1] + ", reported " + p.uploaded
                            + "/" + p.downloaded + ", last round " + p.lastUp + "/" + p.lastDown + "\n" + second.process().log();
                    assertTrue(t[0] <= p.uploaded && t[1] <= p.downloaded, "nothing counted twice: " + why);
                    assertTrue(t[0] >= p.uploaded - p.lastUp && t[1] >= p.downloaded - p.lastDown,
                            "at most the last round lost: " + why);
                }
                // Each client announces again what it reported last: the baselines kept in the database
                // credit whatever of the last round was lost, and nothing more.
                TrackerClient client = new TrackerClient(second.url());
                for (Peer p : peers) {
                    p.announce(client, "");
                }
                await(() -> matches(totals(db), peers, false), "every byte reported credited once", second);
                await(() -> metric(second, "karuta_accounts_pending") == 0, "the re-announces written", second);
                assertTrue(matches(totals(db), peers, true), "nothing counted twice after the restart");
            }
        }
    }

    /**
     * Public mode on the embedded database. A graceful stop writes the swarms and the next start
     * restores them (and deletes the snapshot); that start is killed the moment it logs so, and the one
     * after it hands out nobody: a crash loses the swarms, and a snapshot is never restored twice (the
     * deletion reaches H2's file before the log line), and the clients' next announces refill them.
     * docs/persistence.md says why there is no periodic snapshot.
     */
    @Test
    void aKillLosesThePublicSwarmsWhichTheNextAnnouncesRefill() throws Exception {
        JettyHomeRun run = JettyHomeRun.in(tmp);
        byte[] seeder = TrackerClient.id("-TR3000-crash-seed");
        try (JettyHomeRun.Started first = run.start()) {
            TrackerClient client = new TrackerClient(first.url());
            client.get(TrackerClient.announce(HASH, seeder, 51413, 0, "event=started"));
            Map<String, Object> leecher = client.get(TrackerClient.announce(HASH, TrackerClient.id("-qB4650-crash-leech"),
                    6881, 10, "compact=1&event=started"));
            assertEquals(1L, leecher.get("complete"), String.valueOf(leecher));
            first.process().terminate(JettyHomeRun.START_TIMEOUT); // SIGTERM: the snapshot written
        }
        // Killed as soon as it has restored the two peers: sooner than H2 writes a commit by itself.
        try (ChildProcess second = run.launch()) {
            second.awaitLog(RESTORED_TWO, JettyHomeRun.START_TIMEOUT);
            second.kill();
        }
        try (JettyHomeRun.Started third = run.start()) {
            TrackerClient client = new TrackerClient(third.url());
            Map<String, Object> late = client.get(TrackerClient.announce(HASH, TrackerClient.id("-lt0D80-crash-late"),
                    7001, 10, "compact=1&event=started"));
            assertArrayEquals(new byte[0], (byte[]) late.get("peers"), "nobody kept: " + late);
            assertEquals(0L, late.get("complete"));
            // The seeder's next regular announce puts it back.
            client.get(TrackerClient.announce(HASH, seeder, 51413, 0, ""));
            Map<String, Object> again = client.get(TrackerClient.announce(HASH,
                    TrackerClient.id("-lt0D80-crash-late"), 7001, 10, "compact=1"));
            assertEquals(6, ((byte[]) again.get("peers")).length, "the seeder is back: " + again);
            assertEquals(1L, again.get("complete"));
        }
    }

    private static String[] privateMode(String url, String user) {
        return new String[] {"karuta.mode=private", "karuta.db.url=" + url, "karuta.db.user=" + user,
            "karuta.private.flushInterval=1", "karuta.announce.intervalJitter=0"};
    }

    /** Users 1..3 and the torrent through the admin API, and each user's peer started (the baseline). */
    private static void register(JettyHomeRun.Started server, Peer[] peers) throws Exception {
        AdminClient admin = new AdminClient(server.url(), "admin", PASSWORD);
        String hex = InfoHash.of(HASH).toHex();
        assertEquals(200, admin.send("POST", "/admin/api/private/torrents",
                "{\"id\":1,\"infoHash\":\"" + hex + "\"}").status());
        TrackerClient client = new TrackerClient(server.url());
        for (int u = 1; u <= USERS; u++) {
            Peer p = new Peer(u);
            peers[u - 1] = p;
            AdminClient.Answer added = admin.send("POST", "/admin/api/private/users",
                    "{\"id\":" + u + ",\"passkey\":\"" + p.passkey + "\"}");
            assertEquals(200, added.status(), added.body());
            p.announce(client, "&event=started");
        }
    }

    /** Round {@code round}: each user's peer reports its counters grown by a known amount. */
    private static void announceRound(JettyHomeRun.Started server, Peer[] peers, int round) throws Exception {
        TrackerClient client = new TrackerClient(server.url());
        for (Peer p : peers) {
            p.lastUp = p.user * 1_000_003L + round * 17L;
            p.lastDown = p.user * 70_001L + round;
            p.uploaded += p.lastUp;
            p.downloaded += p.lastDown;
            p.announce(client, "");
        }
    }

    /** Whether the database holds what every peer reported (exactly; or, unless {@code exact}, not less). */
    private static boolean matches(Map<Integer, long[]> totals, Peer[] peers, boolean exact) {
        for (Peer p : peers) {
            long[] t = totals.getOrDefault(p.user, new long[2]);
            boolean equal = t[0] == p.uploaded && t[1] == p.downloaded;
            if (!equal && (exact || t[0] < p.uploaded || t[1] < p.downloaded)) {
                return false;
            }
        }
        return true;
    }

    /** Whether what the journal keeps, on top of what was written before the cut, covers every report. */
    private static boolean journaled(Path dataDir, Map<Integer, long[]> written, Peer[] peers) {
        Map<Integer, long[]> kept;
        try {
            kept = JournalContents.userTotals(dataDir);
        } catch (java.io.IOException e) {
            return false; // being replaced: read it again
        }
        for (Peer p : peers) {
            long[] w = written.getOrDefault(p.user, new long[2]);
            long[] k = kept.getOrDefault(p.user, new long[2]);
            if (w[0] + k[0] < p.uploaded || w[1] + k[1] < p.downloaded) {
                return false;
            }
        }
        return true;
    }

    /** User id to {uploaded, downloaded} in the database, read directly (not through the proxy). */
    private static Map<Integer, long[]> totals(StoreSettings db) {
        Map<Integer, long[]> totals = new HashMap<>();
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), "");
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, uploaded, downloaded FROM karuta_users")) {
            while (rs.next()) {
                totals.put(rs.getInt(1), new long[] {rs.getLong(2), rs.getLong(3)});
            }
        } catch (java.sql.SQLException e) {
            throw new AssertionError("cannot read the totals: " + e.getMessage(), e);
        }
        return totals;
    }

    private static double metric(JettyHomeRun.Started server, String name, String... labels) {
        try {
            String text = new String(new TrackerClient(server.url()).getRaw("/metrics"), StandardCharsets.UTF_8);
            return Exposition.parse(text).value(name, labels);
        } catch (java.io.IOException e) {
            throw new AssertionError("cannot read /metrics: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Polls {@code condition} until it holds, failing with {@code what} and the server's log at the deadline. */
    private static void await(BooleanSupplier condition, String what, JettyHomeRun.Started server)
            throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + DEADLINE + ": " + what + "\n" + server.process().log());
            }
            Thread.sleep(100); // polling a condition, with a deadline
        }
    }

    /** One user's one peer and what it reported so far (growth since its start). */
    private static final class Peer {
        final int user;
        final String passkey;
        final byte[] peerId;
        long uploaded;
        long downloaded;
        long lastUp;
        long lastDown;

        Peer(int user) {
            this.user = user;
            this.passkey = ("crashPASSKEY" + user + "0123456789abcdefghijklmnop").substring(0, 32);
            this.peerId = TrackerClient.id("-TR3000-crash-peer-" + user);
        }

        void announce(TrackerClient client, String event) throws Exception {
            Map<String, Object> answer = client.get("/" + passkey + "/announce?info_hash=" + TrackerClient.escape(HASH)
                    + "&peer_id=" + TrackerClient.escape(peerId) + "&port=" + (50000 + user) + "&uploaded=" + uploaded
                    + "&downloaded=" + downloaded + "&left=1073741824&compact=1" + event);
            assertFalse(answer.containsKey("failure reason"), () -> "user " + user + ": "
                    + BencodeReader.latin1(answer.get("failure reason")));
        }
    }
}
