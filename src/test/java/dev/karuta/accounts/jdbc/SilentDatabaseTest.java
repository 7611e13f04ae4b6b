package dev.karuta.accounts.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.accounts.AccountsFlusher;
import dev.karuta.accounts.Batch;
import dev.karuta.accounts.LeftOver;
import dev.karuta.accounts.Pending;
import dev.karuta.core.TimeSource;
import dev.karuta.sql.Timeouts;
import dev.karuta.store.Database;
import dev.karuta.store.StoreSettings;
import dev.karuta.store.TestDatabase;
import dev.karuta.testing.FakeTime;
import dev.karuta.testing.TcpProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A PostgreSQL or MariaDB that goes silent behind a {@link TcpProxy} (no byte, no reset: a partition)
 * during a flush and during a stop, through the whole {@link AccountsFlusher} path: the stop returns
 * within {@code finalFlushTimeout} plus a few seconds, every byte not written is in the spill file
 * (the batch in flight under its number), and once the database answers again the next start writes
 * it exactly once: the totals equal what was reported, even when the silenced flush did commit.
 */
class SilentDatabaseTest extends AccountsTestBase {
    private static final Duration FINAL_FLUSH = Duration.ofSeconds(2);
    /** The bound the test holds the stop to: the final flush timeout plus five seconds. */
    private static final Duration STOP_BOUND = FINAL_FLUSH.plusSeconds(5);
    private static final Timeouts SHORT = new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(2));

    private TcpProxy proxy;
    private StoreSettings viaProxy;
    private Path dataDir;

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = TestDatabase.class, names = {"POSTGRESQL", "MARIADB"})
    void silentDuringAFlushWhoseCommitGotThrough(TestDatabase kind) throws Exception {
        setUp(kind);
        Database silenced = open(viaProxy);
        Pending pending = new Pending();
        AccountsFlusher flusher = flusher(pending, silenced);
        pending.credit(1, 1000, 100);
        assertTrue(flusher.flush(), "written while the database answers");

        // The next flush's COMMIT reaches the server, which commits; its answer never comes back.
        proxy.silenceOnceSent("COMMIT");
        pending.credit(1, 2000, 200);
        flusher.start(LeftOver.NONE, Duration.ofMillis(50));
        pollUntil(proxy::silent, "the flush's COMMIT went through and the proxy went silent");
        pending.credit(1, 5, 0); // an announce during the hung flush

        stopWithinBound(flusher);
        assertEquals(3000, number("SELECT uploaded FROM karuta_users WHERE id = 1"), "the silenced flush did commit");
        LeftOver left = AccountsFlusher.leftOver(dataDir);
        assertEquals(2, left.flushes().size(), "the batch in flight, then what came during it: " + left.flushes());
        assertNotEquals(0, left.flushes().get(0).id(), "the batch in flight is kept under its number");
        assertEquals(List.of(new Batch.UserDelta(1, 2000, 200)), left.flushes().get(0).batch().users());
        assertEquals(List.of(new Batch.UserDelta(1, 5, 0)), left.flushes().get(1).batch().users());

        restartAndFlush();
        assertTotals(3005, 300);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = TestDatabase.class, names = {"POSTGRESQL", "MARIADB"})
    void silentDuringAStop(TestDatabase kind) throws Exception {
        setUp(kind);
        Database silenced = open(viaProxy);
        Pending pending = new Pending();
        AccountsFlusher flusher = flusher(pending, silenced);
        pending.credit(1, 1000, 100);
        assertTrue(flusher.flush(), "written while the database answers");
        flusher.start(LeftOver.NONE, Duration.ofHours(1));
        pending.credit(1, 2000, 200);
        pending.credit(2, 70, 7);

        proxy.silence();
        stopWithinBound(flusher);
        assertEquals(1000, number("SELECT uploaded FROM karuta_users WHERE id = 1"), "nothing more reached it");
        LeftOver left = AccountsFlusher.leftOver(dataDir);
        assertEquals(1, left.flushes().size(), "the stop's own flush: " + left.flushes());
        assertNotEquals(0, left.flushes().get(0).id(), "the stop's own flush is kept under its number");
        assertEquals(List.of(new Batch.UserDelta(1, 2000, 200), new Batch.UserDelta(2, 70, 7)),
                left.flushes().get(0).batch().users());

        restartAndFlush();
        assertTotals(3000, 300);
        assertEquals(70, number("SELECT uploaded FROM karuta_users WHERE id = 2"));
    }

    private void setUp(TestDatabase kind) throws Exception {
        StoreSettings s = fresh(kind);
        db = open(s);
        JdbcAccountsStore direct = at(T1);
        editor(direct).saveUser(user(1));
        editor(direct).saveUser(user(2));
        java.net.InetSocketAddress server = TestDatabase.server(s.url());
        proxy = closeLater(new TcpProxy(server.getHostString(), server.getPort()));
        // PostgreSQL's driver would send a COMMIT used five times as a named statement, without its text.
        String url = TestDatabase.via(s.url(), proxy.port(),
                kind == TestDatabase.POSTGRESQL ? "prepareThreshold=0" : "");
        viaProxy = new StoreSettings(s.dataDir(), url, s.user(), s.password(), "", s.flushInterval(), SHORT);
        dataDir = tmp.resolve("data");
    }

    private AccountsFlusher flusher(Pending pending, Database database) {
        return new AccountsFlusher(pending, new JdbcAccountsStore(database, new FakeTime(T1.toEpochMilli())),
                hash -> null, id -> null, dataDir, FINAL_FLUSH, TimeSource.SYSTEM);
    }

    private static void stopWithinBound(AccountsFlusher flusher) {
        long start = System.nanoTime();
        flusher.close();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(STOP_BOUND) < 0, "the stop took " + took);
    }

    /** The database answers again (what waited is delivered, then the old connections' close); a new start. */
    private void restartAndFlush() {
        assertTrue(Files.exists(dataDir.resolve(AccountsFlusher.FILE_NAME)), "kept on disk");
        proxy.resume();
        AccountsFlusher next = flusher(new Pending(), open(viaProxy));
        next.start(AccountsFlusher.leftOver(dataDir), Duration.ofHours(1));
        assertTrue(next.flush(), "written once the database answers");
        next.close();
        assertTrue(Files.notExists(dataDir.resolve(AccountsFlusher.FILE_NAME)), "gone once written");
    }

    private void assertTotals(long uploaded, long downloaded) {
        assertEquals(uploaded, number("SELECT uploaded FROM karuta_users WHERE id = 1"), "every byte once");
        assertEquals(downloaded, number("SELECT downloaded FROM karuta_users WHERE id = 1"));
    }

    private static void pollUntil(java.util.function.BooleanSupplier condition, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not within 20 s: " + what);
            Thread.sleep(10);
        }
    }
}
