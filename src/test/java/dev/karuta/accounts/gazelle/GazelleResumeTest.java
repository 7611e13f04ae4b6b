package dev.karuta.accounts.gazelle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.karuta.accounts.Batch;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * resumePeers returns the fresh active peer rows as they are, marks the stale ones inactive, and
 * zeroes every torrent's live counts (its totals stay).
 */
class GazelleResumeTest extends GazelleTestBase {

    @ParameterizedTest(name = "{0}")
    @EnumSource(GazelleSchema.class)
    void freshActiveRowsComeBackStaleOnesBecomeInactiveAndCountsAreZeroed(GazelleSchema schema) throws Exception {
        GazelleSite site = site(schema);
        site.addTorrent(1, bytes20(1));
        site.setTorrentStats(1, "Seeders = 5, Leechers = 3, Snatched = 9");
        String insert = "INSERT INTO xbt_files_users (uid, fid, active, uploaded, downloaded, upspeed, downspeed,"
                + " remaining, timespent, announced, ip, peer_id, useragent, mtime) VALUES"
                + " (?, 1, ?, 100, 50, 10, 5, 1000, 60, 3, '10.0.0.1', ?, 'Client/1', ?)";
        site.update(insert, 1, 1, bytes20(1), 1000);
        site.update(insert, 2, 1, bytes20(2), 500);
        site.update(insert, 3, 0, bytes20(3), 1000);
        GazelleStore store = open(site.settings());

        List<Batch.PeerRow> rows = store.resumePeers(800);

        assertEquals(List.of(new Batch.PeerRow(1, 1, peerId(1), true, 100, 50, 10, 5, 1000, 60, 3, "10.0.0.1",
                "Client/1", 1000)), rows);
        assertEquals(List.of(List.of(1L, 1L), List.of(2L, 0L), List.of(3L, 0L)), GazelleWriteTest.normalize(
                site.rows("SELECT uid, active FROM xbt_files_users ORDER BY uid")));
        GazelleSite.TorrentStats stats = site.torrentStats(1);
        assertEquals(List.of(0L, 0L, 9L), List.of(stats.seeders(), stats.leechers(), stats.snatched()));
    }
}
