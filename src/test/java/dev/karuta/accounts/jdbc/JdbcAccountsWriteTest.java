package dev.karuta.accounts.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.karuta.accounts.Batch;
import dev.karuta.accounts.Refusal;
import dev.karuta.accounts.RosterData;
import dev.karuta.sql.StoreException;
import dev.karuta.store.TestDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A flush: members' and tokens' totals add, torrents' counts are replaced while their totals add,
 * snatches are inserted, a peer keeps one row with its latest state, and a batch that fails is not
 * written at all, so that writing it again counts it once.
 */
class JdbcAccountsWriteTest extends AccountsTestBase {

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    void usersTotalsAddAcrossBatchesAndAMissingUserIsSkipped(TestDatabase kind) throws Exception {
        JdbcAccountsStore store = store(kind);
        editor(store).saveUser(user(1));
        editor(store).saveUser(user(2));
        store.write(users(new Batch.UserDelta(1, 100, 10), new Batch.UserDelta(2, 5, 0),
                new Batch.UserDelta(1, 1, 1), new Batch.UserDelta(99, 7, 7)));
        store.write(users(new Batch.UserDelta(1, 1000, 0)));
        assertEquals(1101, number("SELECT uploaded FROM karuta_users WHERE id = 1"));
        assertEquals(11, number("SELECT downloaded FROM karuta_users WHERE id = 1"));
        assertEquals(5, number("SELECT uploaded FROM karuta_users WHERE id = 2"));
        assertEquals(0, number("SELECT COUNT(*) FROM karuta_users WHERE id = 99"), "no row made for an unknown user");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    void aFlushWrittenAgainUnderItsNumberCountsOnce(TestDatabase kind) throws Exception {
        JdbcAccountsStore store = store(kind);
        editor(store).saveUser(user(1));
        store.write(7L, users(new Batch.UserDelta(1, 100, 10)));
        store.write(7L, users(new Batch.UserDelta(1, 100, 10)));
        store.write(8L, users(new Batch.UserDelta(1, 1, 1)));
        assertEquals(101, number("SELECT uploaded FROM karuta_users WHERE id = 1"));
        assertEquals(11, number("SELECT downloaded FROM karuta_users WHERE id = 1"));
        assertEquals(2, number("SELECT COUNT(*) FROM karuta_flushes"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    void torrentCountsAreReplacedTotalsAddAndLastActionFollowsSeeders(TestDatabase kind) throws Exception {
        editor(store(kind)).saveTorrent(torrent(10));
        assertNull(lastAction(10), "never seeded");
        at(T1).write(torrents(new Batch.TorrentDelta(10, 3, 4, 1, 500), new Batch.TorrentDelta(77, 1, 1, 1, 1)));
        assertEquals(3, number("SELECT seeders FROM karuta_torrents WHERE id = 10"));
        assertEquals(4, number("SELECT leechers FROM karuta_torrents WHERE id = 10"));
        assertEquals(utc(T1), lastAction(10));
        assertEquals(0, number("SELECT COUNT(*) FROM karuta_torrents WHERE id = 77"), "no row made for an unknown one");

        Instant t2 = T1.plusSeconds(3600);
        at(t2).write(torrents(new Batch.TorrentDelta(10, 0, 2, 2, -200)));
        assertEquals(0, number("SELECT seeders FROM karuta_torrents WHERE id = 10"));
        assertEquals(2, number("SELECT leechers FROM karuta_torrents WHERE id = 10"));
        assertEquals(3, number("SELECT snatched FROM karuta_torrents WHERE id = 10"));
        assertEquals(300, number("SELECT balance FROM karuta_torrents WHERE id = 10"));
        assertEquals(utc(T1), lastAction(10), "no seeder: the last action stays");

        Instant t3 = t2.plusSeconds(61);
        // Two deltas of one torrent in a batch: the later counts win, the totals add.
        at(t3).write(torrents(new Batch.TorrentDelta(10, 9, 9, 1, 1), new Batch.TorrentDelta(10, 1, 0, 1, 1)));
        assertEquals(1, number("SELECT seeders FROM karuta_torrents WHERE id = 10"));
        assertEquals(0, number("SELECT leechers FROM karuta_torrents WHERE id = 10"));
        assertEquals(utc(t3), lastAction(10));
        assertEquals(5, at(t3).load().torrents().get(0).snatched());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    void thePeerUpsertedTwiceKeepsOneRowWithTheLatestValues(TestDatabase kind) throws Exception {
        JdbcAccountsStore store = store(kind);
        store.write(peers(peer(1, 10, 1, true, 100, 1000), peer(1, 10, 2, true, 7, 1000)));
        Batch.PeerRow latest = new Batch.PeerRow(1, 10, peerId(1), false, 900, 300, 55, 66, 0, 120, 4,
                "0000:0000:0000:0000:0000:ffff:192.168.100.200", "x".repeat(60) + "\u00e9\u0000 long tail", 1200);
        store.write(peers(peer(1, 10, 1, true, 500, 1100), latest));
        assertEquals(2, number("SELECT COUNT(*) FROM karuta_peers"));
        List<Batch.PeerRow> rows = store.resumePeers(0);
        assertEquals(1, rows.size(), "peer 1 left; peer 2 is the active one");
        assertEquals(peer(1, 10, 2, true, 7, 1000), rows.get(0));
        assertEquals(0, number("SELECT COUNT(*) FROM karuta_peers WHERE active = TRUE AND peer_id = ?",
                peerId(1).toHex()), "the latest row says it left");
        assertEquals(900, number("SELECT uploaded FROM karuta_peers WHERE peer_id = ?", peerId(1).toHex()));
        assertEquals(1200, number("SELECT mtime FROM karuta_peers WHERE peer_id = ?", peerId(1).toHex()));
        assertEquals(1, number("SELECT COUNT(*) FROM karuta_peers WHERE ip = ?", latest.ip()), "IPv6 text fits");
        assertEquals(1, number("SELECT COUNT(*) FROM karuta_peers WHERE user_agent = ?", "x".repeat(60) + "?? l"),
                "the User-Agent cut to 64 printable ASCII characters");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    void tokenDownloadsAddAndUsedUpTokensStopLoading(TestDatabase kind) throws Exception {
        JdbcAccountsStore store = store(kind);
        editor(store).saveToken(1, 10, true);
        editor(store).saveToken(1, 11, true);
        store.write(tokens(List.of(new Batch.TokenDelta(1, 10, 100), new Batch.TokenDelta(5, 5, 1)), List.of()));
        store.write(tokens(List.of(new Batch.TokenDelta(1, 10, 50)), List.of()));
        assertEquals(150, number("SELECT downloaded FROM karuta_tokens WHERE user_id = 1 AND torrent_id = 10"));
        assertEquals(0, number("SELECT COUNT(*) FROM karuta_tokens WHERE user_id = 5"), "no row made for no token");
        store.write(tokens(List.of(), List.of(new RosterData.Token(1, 10))));
        assertEquals(List.of(new RosterData.Token(1, 11)), store.load().tokens());
        assertEquals(150, number("SELECT downloaded FROM karuta_tokens WHERE user_id = 1 AND torrent_id = 10"));
        editor(store).saveToken(1, 10, true);
        assertEquals(2, store.load().tokens().size(), "granted again, its download kept");
        assertEquals(150, number("SELECT downloaded FROM karuta_tokens WHERE user_id = 1 AND torrent_id = 10"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    void aFlushOfManyRowsWritesEachOfThem(TestDatabase kind) throws Exception {
        JdbcAccountsStore store = store(kind);
        // More rows than a multi-row statement carries, and not a multiple of it: full statements and a rest.
        int n = 2 * FlushSql.ROWS + 7;
        List<Batch.UserDelta> users = new ArrayList<>();
        List<Batch.TorrentDelta> torrents = new ArrayList<>();
        List<Batch.PeerRow> peers = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            editor(store).saveUser(user(i));
            editor(store).saveTorrent(torrent(i));
            users.add(new Batch.UserDelta(i, i, 2L * i));
            torrents.add(new Batch.TorrentDelta(i, i % 2, i, 1, i));
            peers.add(peer(i, i, i, true, i, 1000));
        }
        Batch batch = new Batch(users, torrents, List.of(), peers, List.of(), List.of());
        store.write(batch);
        store.write(batch);
        long sum = (long) n * (n + 1) / 2;
        assertEquals(2 * sum, number("SELECT SUM(uploaded) FROM karuta_users"));
        assertEquals(4 * sum, number("SELECT SUM(downloaded) FROM karuta_users"));
        assertEquals(2L * n, number("SELECT SUM(snatched) FROM karuta_torrents"));
        assertEquals(2 * sum, number("SELECT SUM(balance) FROM karuta_torrents"));
        assertEquals(sum, number("SELECT SUM(leechers) FROM karuta_torrents"), "replaced, not added");
        assertEquals((n + 1) / 2, number("SELECT COUNT(*) FROM karuta_torrents WHERE last_action IS NOT NULL"));
        assertEquals(n, number("SELECT COUNT(*) FROM karuta_peers"));
        assertEquals(sum, number("SELECT SUM(uploaded) FROM karuta_peers"));
        assertEquals(1, number("SELECT COUNT(*) FROM karuta_peers WHERE user_id = ? AND torrent_id = ? AND ip = ?",
                n, n, "10.0.0." + n), "the last row of the rest");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    void aBatchThatFailsMidwayWritesNothingAndWritesOnceWhenRetried(TestDatabase kind) throws Exception {
        JdbcAccountsStore store = store(kind);
        editor(store).saveUser(user(1));
        editor(store).saveTorrent(torrent(10));
        editor(store).saveTorrent(torrent(13));
        editor(store).saveToken(1, 10, true);
        Batch batch = new Batch(List.of(new Batch.UserDelta(1, 100, 40)),
                List.of(new Batch.TorrentDelta(10, 1, 2, 1, 60), new Batch.TorrentDelta(13, 0, 1, 1, 0)),
                List.of(new Batch.Snatch(1, 10, 1000, "10.0.0.1"), new Batch.Snatch(1, 13, 1000, "::1")),
                List.of(peer(1, 10, 1, true, 100, 1000)), List.of(new Batch.TokenDelta(1, 10, 40)),
                List.of(new RosterData.Token(1, 10)));
        // The snatches' table is gone (a schema fault, not a row's data): members, torrents and tokens are
        // written by then, peers not yet.
        update(db, "ALTER TABLE karuta_user_snatches RENAME TO karuta_test_away");
        assertThrows(StoreException.class, () -> store.write(batch));
        assertEquals(0, number("SELECT uploaded FROM karuta_users WHERE id = 1"));
        assertEquals(0, number("SELECT snatched FROM karuta_torrents WHERE id = 10"));
        assertEquals(0, number("SELECT seeders FROM karuta_torrents WHERE id = 10"));
        assertNull(lastAction(10));
        assertEquals(0, number("SELECT downloaded FROM karuta_tokens WHERE user_id = 1"));
        assertEquals(List.of(new RosterData.Token(1, 10)), store.load().tokens());
        assertEquals(0, number("SELECT COUNT(*) FROM karuta_test_away"));
        assertEquals(0, number("SELECT COUNT(*) FROM karuta_peers"));

        update(db, "ALTER TABLE karuta_test_away RENAME TO karuta_user_snatches");
        store.write(batch);
        assertEquals(100, number("SELECT uploaded FROM karuta_users WHERE id = 1"));
        assertEquals(40, number("SELECT downloaded FROM karuta_users WHERE id = 1"));
        assertEquals(1, number("SELECT snatched FROM karuta_torrents WHERE id = 10"));
        assertEquals(60, number("SELECT balance FROM karuta_torrents WHERE id = 10"));
        assertEquals(40, number("SELECT downloaded FROM karuta_tokens WHERE user_id = 1"));
        assertEquals(List.of(), store.load().tokens());
        assertEquals(2, number("SELECT COUNT(*) FROM karuta_user_snatches"));
        assertEquals(1, number("SELECT COUNT(*) FROM karuta_user_snatches WHERE ip = '::1'"));
        assertEquals(1, number("SELECT COUNT(*) FROM karuta_peers"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    void aRowTheDatabaseRefusesIsLeftOutAndReturnedAndTheRestCommitsOnceWithTheNumber(TestDatabase kind)
            throws Exception {
        JdbcAccountsStore store = store(kind);
        editor(store).saveUser(user(1));
        editor(store).saveUser(user(2));
        editor(store).saveTorrent(torrent(10));
        editor(store).saveTorrent(torrent(13));
        Batch batch = new Batch(List.of(new Batch.UserDelta(1, 100, 40), new Batch.UserDelta(2, Long.MAX_VALUE, 0)),
                List.of(new Batch.TorrentDelta(10, 1, 2, 1, 60)),
                List.of(new Batch.Snatch(1, 10, 1000, "10.0.0.1"), new Batch.Snatch(1, 13, 1000, "::1")),
                List.of(peer(1, 10, 1, true, 100, 1000)), List.of(), List.of());
        update(db, "UPDATE karuta_users SET uploaded = 1 WHERE id = 2");
        update(db, "ALTER TABLE karuta_user_snatches ADD CONSTRAINT karuta_test_no_13 CHECK (torrent_id <> 13)");

        List<Refusal> refused = store.write(77L, batch);

        assertEquals(List.of(new Batch.UserDelta(2, Long.MAX_VALUE, 0), new Batch.Snatch(1, 13, 1000, "::1")),
                refused.stream().map(Refusal::row).toList());
        assertEquals(List.of("karuta_users", "karuta_user_snatches"), refused.stream().map(Refusal::table).toList());
        assertEquals(1, number("SELECT uploaded FROM karuta_users WHERE id = 2"), "the refused total is untouched");
        assertEquals(100, number("SELECT uploaded FROM karuta_users WHERE id = 1"));
        assertEquals(60, number("SELECT balance FROM karuta_torrents WHERE id = 10"));
        assertEquals(1, number("SELECT COUNT(*) FROM karuta_user_snatches"));
        assertEquals(1, number("SELECT COUNT(*) FROM karuta_peers"));

        // Retried under its number (the answer was lost): nothing counts twice, nothing is refused again.
        assertEquals(List.of(), store.write(77L, batch));
        assertEquals(100, number("SELECT uploaded FROM karuta_users WHERE id = 1"));
        assertEquals(1, number("SELECT COUNT(*) FROM karuta_user_snatches"));
    }
}
