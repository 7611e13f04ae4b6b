package dev.karuta.accounts.gazelle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.accounts.Batch;
import dev.karuta.sql.StoreException;
import dev.karuta.testing.TcpProxy;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A database cut off behind a {@link TcpProxy} fails write() with StoreException in bounded time and
 * with nothing written; once it is back, the same batch is written exactly once.
 */
class GazelleOutageTest extends GazelleTestBase {
    /** Far above the store's own bound (connect 1 s, socket 3 s): only a hang could exceed it. */
    private static final Duration BOUND = Duration.ofSeconds(30);
    private static final int USERS = 3000;

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
