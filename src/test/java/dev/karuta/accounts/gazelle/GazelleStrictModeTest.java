package dev.karuta.accounts.gazelle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.accounts.Batch;
import dev.karuta.accounts.Refusal;
import dev.karuta.sql.StoreException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * In strict mode a row for a user, torrent or token the site deleted meanwhile, or a value a column
 * cannot hold, never blocks the rest of a batch; a broken schema fails the whole batch instead.
 */
class GazelleStrictModeTest extends GazelleTestBase {

    @ParameterizedTest(name = "{0}")
    @EnumSource(GazelleSchema.class)
    void rowsForDeletedUsersTorrentsAndTokensAreDroppedAndEveryOtherRowWritten(GazelleSchema schema)
            throws Exception {
        GazelleSite site = site(schema);
        assertTrue(String.valueOf(site.rows("SELECT @@SESSION.sql_mode").get(0).get(0)).contains("STRICT"),
                "the test server runs in strict mode");
        site.addUser(1, passkey(1));
        site.addUser(2, passkey(2));
        site.addTorrent(1, bytes20(1));
        site.addTorrent(2, bytes20(2));
        site.update("INSERT INTO users_freeleeches (UserID, TorrentID, Time) VALUES (1, 1, NOW())");
        GazelleStore store = open(site.settings());

        Batch.PeerRow late = new Batch.PeerRow(2, 2, peerId(2), true, 0, 0, 0, 0, 0, 0, 1, "", "", 3_000_000_000L);
        List<Refusal> refused = store.write(new BatchBuilder()
                .user(1, 100, 10).user(999, 5, 5).user(2, 200, 20)
                .torrent(1, 1, 2, 1, 90).torrent(999, 1, 1, 1, 1).torrent(2, 3, 4, 0, 180)
                .snatch(1, 1, 1_700_000_000L, "10.0.0.1")
                .peer(1, 1, peerId(1), 1, "10.0.0.1")
                // mtime beyond int(11): the schema refuses this row on its own.
                .peer(late)
                .peer(2, 1, peerId(3), 3, "10.0.0.2")
                .tokenDownload(1, 1, 50).tokenDownload(1, 999, 60)
                .build());

        List<Object> rows = refused.stream().map(Refusal::row).toList();
        assertTrue(rows.contains(late), "refused and handed back: " + rows);
        assertTrue(rows.stream().noneMatch(r -> r instanceof Batch.UserDelta u && u.userId() != 999), rows.toString());
        assertArrayEquals(new long[] {100, 10}, site.userTotals(1));
        assertArrayEquals(new long[] {200, 20}, site.userTotals(2));
        assertNull(site.userTotals(999), "no row for the deleted user");
        assertEquals(90, site.torrentStats(1).balance());
        assertEquals(180, site.torrentStats(2).balance());
        assertNull(site.torrentStats(999), "no row for the deleted torrent");
        assertEquals(1, site.queryLong("SELECT COUNT(*) FROM xbt_snatched"));
        assertEquals(List.of(List.of(1L, 1L), List.of(2L, 1L)), GazelleWriteTest.normalize(
                site.rows("SELECT uid, fid FROM xbt_files_users ORDER BY uid")));
        assertEquals(List.of(List.of(1L, 1L, 50L)), GazelleWriteTest.normalize(
                site.rows("SELECT UserID, TorrentID, Downloaded FROM users_freeleeches")));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(GazelleSchema.class)
    void aBrokenSchemaFailsTheWholeBatchInsteadOfDroppingRows(GazelleSchema schema) throws Exception {
        GazelleSite site = site(schema);
        site.addUser(1, passkey(1));
        site.update("ALTER TABLE xbt_files_users DROP COLUMN useragent");
        GazelleStore store = open(site.settings());
        Batch batch = new BatchBuilder().user(1, 100, 10).peer(1, 1, peerId(1), 1, "10.0.0.1").build();

        StoreException e = assertThrows(StoreException.class, () -> store.write(batch));

        assertTrue(e.getMessage().contains("useragent"), e.getMessage());
        assertArrayEquals(new long[] {0, 0}, site.userTotals(1), "nothing of the batch was written");
    }
}
