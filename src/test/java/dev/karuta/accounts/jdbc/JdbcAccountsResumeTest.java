package dev.karuta.accounts.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.karuta.accounts.Batch;
import dev.karuta.store.TestDatabase;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * At start the store hands back the peers still active as of a time, retires the older active ones,
 * and zeroes every torrent's live counts (as Ocelot does), leaving the totals alone.
 */
class JdbcAccountsResumeTest extends AccountsTestBase {

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    void recentActiveRowsAreReturnedOlderOnesRetiredAndCountsZeroed(TestDatabase kind) throws Exception {
        JdbcAccountsStore store = store(kind);
        editor(store).saveTorrent(torrent(10));
        editor(store).saveTorrent(torrent(11));
        Batch.PeerRow old = peer(1, 10, 1, true, 100, 1000);
        Batch.PeerRow recent = peer(2, 10, 2, true, 200, 2000);
        Batch.PeerRow justInTime = peer(3, 11, 3, true, 300, 1500);
        Batch.PeerRow stopped = peer(4, 11, 4, false, 400, 2500);
        store.write(new Batch(List.of(), List.of(new Batch.TorrentDelta(10, 5, 6, 2, 70),
                new Batch.TorrentDelta(11, 1, 0, 0, 0)), List.of(), List.of(old, recent, justInTime, stopped),
                List.of(), List.of()));

        List<Batch.PeerRow> resumed = store.resumePeers(1500);
        assertEquals(List.of(recent, justInTime), sorted(resumed), "active with mtime >= since, as written");
        assertEquals(2, number("SELECT COUNT(*) FROM karuta_peers WHERE active = TRUE AND user_id IN (2, 3)"));
        assertEquals(0, number("SELECT COUNT(*) FROM karuta_peers WHERE active = TRUE AND user_id = 1"),
                "the old one is retired");
        assertEquals(0, number("SELECT COUNT(*) FROM karuta_peers WHERE active = TRUE AND user_id = 4"));
        assertEquals(1000, number("SELECT mtime FROM karuta_peers WHERE user_id = 1"), "retired, not re-dated");
        assertEquals(0, number("SELECT SUM(seeders) + SUM(leechers) FROM karuta_torrents"));
        assertEquals(2, number("SELECT snatched FROM karuta_torrents WHERE id = 10"), "totals stay");
        assertEquals(70, number("SELECT balance FROM karuta_torrents WHERE id = 10"));
        assertEquals(4, number("SELECT COUNT(*) FROM karuta_peers"), "rows are kept as history");

        assertEquals(List.of(recent, justInTime), sorted(store.resumePeers(1500)), "a second start sees the same");
        assertEquals(List.of(), store.resumePeers(2001));
        assertEquals(0, number("SELECT COUNT(*) FROM karuta_peers WHERE active = TRUE"));
    }

    private static List<Batch.PeerRow> sorted(List<Batch.PeerRow> rows) {
        return rows.stream().sorted(java.util.Comparator.comparingInt(Batch.PeerRow::userId)).toList();
    }
}
