package dev.karuta.accounts.gazelle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.accounts.AccountsFlusher;
import dev.karuta.accounts.Batch;
import dev.karuta.accounts.LeftOver;
import dev.karuta.accounts.Pending;
import dev.karuta.core.TimeSource;
import dev.karuta.sql.StoreException;
import dev.karuta.testing.TcpProxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A database cut off behind a {@link TcpProxy} fails write() with StoreException in bounded time and
 * with nothing written; once it is back, the same batch is written exactly once. A database gone
 * silent at a stop does not hold it: the accounting is kept on disk and written once after.
 */
class GazelleOutageTest extends GazelleTestBase {
    /** Far above the store's own bound (connect 1 s, socket 3 s): only a hang could exceed it. */
    private static final Duration BOUND = Duration.ofSeconds(30);
    private static final int USERS = 3000;
    private static final Duration FINAL_FLUSH = Duration.ofSeconds(2);

    @TempDir
    Path dataDir;

    @ParameterizedTest(name = "{0}")
    @EnumSource(GazelleSchema.class)
    void aBlockedDatabaseFailsTheWriteAndTheBatchIsWrittenOnceWhenItIsBack(GazelleSchema schema) throws Exception {
        GazelleSite site = filled(schema);
        TcpProxy proxy = closeLater(new TcpProxy(site.host(), site.port()));
        GazelleStore store = open(viaProxy(site, proxy));
        store.write(batch(1, 1));

        proxy.block();
        assertFailsInBoundedTime(store, batch(10, 2)); // on the pooled connection the proxy closed
        assertFailsInBoundedTime(store, batch(10, 2)); // on new connections the proxy holds silent
        assertTotals(site, 1, 1, 1);

        proxy.unblock();
        store.write(batch(10, 2));
        assertTotals(site, 11, 3, 10);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(GazelleSchema.class)
    void aConnectionCutInTheMiddleOfAWriteLeavesNothingWritten(GazelleSchema schema) throws Exception {
        GazelleSite site = filled(schema);
        TcpProxy proxy = closeLater(new TcpProxy(site.host(), site.port()));
        GazelleStore store = open(viaProxy(site, proxy));
        store.write(batch(1, 1));
        long oneBatch = proxy.bytesSent();

        // Cut after about half of the next batch's bytes: statements have run, the commit has not.
        proxy.blockAfter(oneBatch / 2);
        assertFailsInBoundedTime(store, batch(10, 2));
        assertTotals(site, 1, 1, 1);

        proxy.unblock();
        store.write(batch(10, 2));
        assertTotals(site, 11, 3, 10);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(GazelleSchema.class)
    void aStopWithTheDatabaseSilentKeepsTheAccountingAndTheNextStartWritesItOnce(GazelleSchema schema)
            throws Exception {
        GazelleSite site = filled(schema);
        TcpProxy proxy = closeLater(new TcpProxy(site.host(), site.port()));
        Pending pending = new Pending();
        AccountsFlusher flusher = flusher(pending, open(viaProxy(site, proxy)));
        pending.credit(1, 10, 1);
        assertTrue(flusher.flush());
        flusher.start(LeftOver.NONE, Duration.ofHours(1));
        pending.credit(1, 20, 2);

        proxy.silence(); // no byte, no reset: a partition
        long start = System.nanoTime();
        flusher.close();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(FINAL_FLUSH.plusSeconds(5)) < 0, "the stop took " + took);
        assertEquals(10, uploaded(site, 1), "nothing more reached the database");
        assertEquals(List.of(new Batch.UserDelta(1, 20, 2)), AccountsFlusher.leftOver(dataDir).merged().users());

        proxy.resume();
        AccountsFlusher next = flusher(new Pending(), open(viaProxy(site, proxy)));
        next.start(AccountsFlusher.leftOver(dataDir), Duration.ofHours(1));
        assertTrue(next.flush());
        next.close();
        assertEquals(30, uploaded(site, 1), "every byte once");
    }

    private AccountsFlusher flusher(Pending pending, GazelleStore store) {
        return new AccountsFlusher(pending, store, hash -> null, id -> null, dataDir, FINAL_FLUSH, TimeSource.SYSTEM);
    }

    private static long uploaded(GazelleSite site, int user) throws Exception {
        return site.queryLong(site.schema() == GazelleSchema.OPSNET
                ? "SELECT Uploaded FROM users_leech_stats WHERE UserID = ?"
                : "SELECT Uploaded FROM users_main WHERE ID = ?", user);
    }

    private GazelleSite filled(GazelleSchema schema) throws Exception {
        GazelleSite site = site(schema);
        site.addUsers(USERS, GazelleTestBase::passkey);
        site.addTorrent(1, bytes20(1));
        return site;
    }

    private static GazelleSettings viaProxy(GazelleSite site, TcpProxy proxy) {
        return site.settings(site.urlVia(proxy.port())).withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(3));
    }

    /** Every user uploads {@code up}; torrent 1 gets {@code snatches} snatches; user 1's peer is upserted. */
    private static Batch batch(long up, int snatches) {
        BatchBuilder b = new BatchBuilder();
        for (int id = 1; id <= USERS; id++) {
            b.user(id, up, 0);
        }
        return b.torrent(1, 1, 0, snatches, up).peer(1, 1, peerId(1), up, "10.0.0.1").build();
    }

    private static void assertFailsInBoundedTime(GazelleStore store, Batch batch) {
        long start = System.nanoTime();
        assertThrows(StoreException.class, () -> store.write(batch));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(BOUND) < 0, "failed after " + took);
    }

    /** Every user's upload total, the torrent's snatches, and the one peer row of the last batch. */
    private static void assertTotals(GazelleSite site, long up, long snatched, long lastUp) throws Exception {
        assertEquals(USERS, site.queryLong("SELECT COUNT(*) FROM " + (site.schema() == GazelleSchema.OPSNET
                ? "users_leech_stats" : "users_main") + " WHERE Uploaded = ?", up), "every user's total");
        assertEquals(snatched, site.torrentStats(1).snatched());
        assertEquals(1, site.queryLong("SELECT COUNT(*) FROM xbt_files_users"), "one peer row");
        assertEquals(lastUp * 100, site.queryLong("SELECT uploaded FROM xbt_files_users"), "the last batch's peer");
    }
}
