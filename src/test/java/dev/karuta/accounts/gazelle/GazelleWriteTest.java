package dev.karuta.accounts.gazelle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.accounts.Batch;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** write() puts every part of a batch where Ocelot puts it, with Ocelot's add-or-replace rules. */
class GazelleWriteTest extends GazelleTestBase {
    private static final LocalDateTime LONG_AGO = LocalDateTime.of(2000, 1, 1, 0, 0);

    @ParameterizedTest(name = "{0}")
    @EnumSource(GazelleSchema.class)
    void userTotalsAddUpAcrossBatches(GazelleSchema schema) throws Exception {
        GazelleSite site = site(schema);
        site.addUser(1, passkey(1));
        site.addUser(2, passkey(2));
        GazelleStore store = open(site.settings());

        store.write(new BatchBuilder().user(1, 100, 10).user(2, 5, 0).build());
        store.write(new BatchBuilder().user(1, 50, 7).build());

        assertArrayEquals(new long[] {150, 17}, site.userTotals(1));
        assertArrayEquals(new long[] {5, 0}, site.userTotals(2));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(GazelleSchema.class)
    void aFlushWrittenAgainUnderItsNumberCountsOnce(GazelleSchema schema) throws Exception {
        GazelleSite site = site(schema);
        site.addUser(1, passkey(1));
        GazelleStore store = open(site.settings());
        store.write(41L, new BatchBuilder().user(1, 100, 10).build());
        store.write(41L, new BatchBuilder().user(1, 100, 10).build());
        store.write(42L, new BatchBuilder().user(1, 1, 1).build());
        assertArrayEquals(new long[] {101, 11}, site.userTotals(1));
        assertEquals(2, site.queryLong("SELECT COUNT(*) FROM karuta_flushes"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(GazelleSchema.class)
    void torrentCountsAreReplacedWhileSnatchesAndBalanceAddUp(GazelleSchema schema) throws Exception {
        GazelleSite site = site(schema);
        site.addTorrent(1, bytes20(1));
        site.addTorrent(2, bytes20(2));
        site.setTorrentStats(1, "last_action = '2000-01-01 00:00:00'");
        site.setTorrentStats(2, "last_action = '2000-01-01 00:00:00'");
        GazelleStore store = open(site.settings());

        store.write(new BatchBuilder().torrent(1, 3, 4, 1, 1000).torrent(2, 0, 2, 0, -500).build());
        store.write(new BatchBuilder().torrent(1, 1, 0, 2, -300).build());

        GazelleSite.TorrentStats one = site.torrentStats(1);
        assertEquals(List.of(1L, 0L, 3L, 700L), List.of(one.seeders(), one.leechers(), one.snatched(), one.balance()));
        assertTrue(one.lastAction().isAfter(LocalDateTime.now().minusDays(2)), "last_action set: it has seeders");
        GazelleSite.TorrentStats two = site.torrentStats(2);
        assertEquals(List.of(0L, 2L, 0L, -500L), List.of(two.seeders(), two.leechers(), two.snatched(), two.balance()));
        assertEquals(LONG_AGO, two.lastAction(), "last_action kept: no seeders");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = GazelleSchema.class, names = "WHATCD")
    void aDeletedTorrentGetsNoPhantomRowAndOcelotsPhantomsAreCleanedUp(GazelleSchema schema) throws Exception {
        GazelleSite site = site(schema);
        site.addTorrent(1, bytes20(1));
        // What Ocelot's upsert leaves outside strict mode for a torrent the site deleted.
        site.update("INSERT INTO torrents (ID, GroupID, info_hash, Time) VALUES (998, 0, '', NOW())");
        // Outside strict mode too, Karuta's update creates no row for torrent 999.
        GazelleStore store = open(site.settings(site.url() + "?sessionVariables=sql_mode=NO_ENGINE_SUBSTITUTION"));

        store.write(new BatchBuilder().torrent(1, 1, 0, 0, 10).torrent(999, 1, 0, 0, 10).build());

        assertEquals(List.of(List.of(1L)), normalize(site.rows("SELECT ID FROM torrents")));
        assertEquals(10, site.torrentStats(1).balance());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(GazelleSchema.class)
    void snatchesAreRecorded(GazelleSchema schema) throws Exception {
        GazelleSite site = site(schema);
        GazelleStore store = open(site.settings());

        store.write(new BatchBuilder().snatch(1, 10, 1_700_000_000L, "10.0.0.1").snatch(2, 10, 1_700_000_001L, "")
                .build());

        assertEquals(List.of(List.of(1L, 10L, 1_700_000_000L, "10.0.0.1"), List.of(2L, 10L, 1_700_000_001L, "")),
                normalize(site.rows("SELECT uid, fid, tstamp, IP FROM xbt_snatched ORDER BY uid")));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(GazelleSchema.class)
    void thePeerRowIsUpsertedWithTheLatestValues(GazelleSchema schema) throws Exception {
        GazelleSite site = site(schema);
        GazelleStore store = open(site.settings());
        String longAgent = "Kärgo/" + "x".repeat(60);

        store.write(new BatchBuilder().peer(new Batch.PeerRow(1, 10, peerId(7), true, 100, 50, 10, 5, 1000, 60, 1,
                "10.0.0.1", longAgent, 1_700_000_000L)).build());
        store.write(new BatchBuilder().peer(new Batch.PeerRow(1, 10, peerId(7), false, 300, 80, 20, 6, 0, 960, 2,
                "10.0.0.2", "Other/1.0", 1_700_000_900L)).build());

        List<List<Object>> rows = site.rows("SELECT uid, fid, active, uploaded, downloaded, upspeed, downspeed,"
                + " remaining, corrupt, timespent, announced, ip, useragent, mtime FROM xbt_files_users");
        // ip and useragent are Ocelot's insert-only columns: the first announce's values stay.
        assertEquals(List.of(List.of(1L, 10L, 0L, 300L, 80L, 20L, 6L, 0L, 0L, 960L, 2L, "10.0.0.1",
                ("K?rgo/" + "x".repeat(60)).substring(0, 51), 1_700_000_900L)), normalize(rows));
        assertArrayEquals(bytes20(7), (byte[]) site.rows("SELECT peer_id FROM xbt_files_users").get(0).get(0));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(GazelleSchema.class)
    void tokenDownloadsAddUpAndUsedUpTokensExpire(GazelleSchema schema) throws Exception {
        GazelleSite site = site(schema);
        site.update("INSERT INTO users_freeleeches (UserID, TorrentID, Time) VALUES (1, 10, NOW()), (1, 11, NOW())");
        GazelleStore store = open(site.settings());

        store.write(new BatchBuilder().tokenDownload(1, 10, 100).build());
        store.write(new BatchBuilder().tokenDownload(1, 10, 50).tokenUsedUp(1, 10).build());

        assertEquals(List.of(List.of(10L, 150L, 1L), List.of(11L, 0L, 0L)), normalize(site.rows(
                "SELECT TorrentID, Downloaded, Expired FROM users_freeleeches ORDER BY TorrentID")));
    }

    /** Every number and boolean as a Long, so rows compare whatever type the driver picked per column. */
    static List<List<Object>> normalize(List<List<Object>> rows) {
        return rows.stream().map(r -> r.stream().map(v -> v instanceof Number n ? (Object) n.longValue()
                : v instanceof Boolean b ? (Object) (b ? 1L : 0L) : v).toList()).toList();
    }
}
