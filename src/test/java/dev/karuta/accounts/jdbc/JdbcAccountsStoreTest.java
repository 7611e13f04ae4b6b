package dev.karuta.accounts.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.accounts.Batch;
import dev.karuta.accounts.FreeLeech;
import dev.karuta.accounts.RosterData;
import dev.karuta.accounts.Torrent;
import dev.karuta.accounts.User;
import dev.karuta.core.InfoHash;
import dev.karuta.store.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The operator's changes (members, torrents, tokens, whitelist) are written through and come back from
 * {@code load()}; deleting a member hides them and keeps their totals; bad values never reach the
 * database.
 */
class JdbcAccountsStoreTest extends AccountsTestBase {

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    void loadReturnsWhatWasSaved(TestDatabase kind) throws Exception {
        JdbcAccountsStore store = store(kind);
        assertEquals(RosterData.EMPTY, store.load(), "a fresh database holds nothing");
        assertTrue(store.editor().isPresent());
        User quiet = new User(2, passkey(2), false, false);
        editor(store).saveUser(user(1));
        editor(store).saveUser(quiet);
        Torrent free = new Torrent(11, hash(11), FreeLeech.FREE);
        Torrent neutral = new Torrent(12, hash(12), FreeLeech.NEUTRAL);
        for (Torrent t : List.of(torrent(10), free, neutral)) {
            editor(store).saveTorrent(t);
        }
        editor(store).saveToken(1, 10, true);
        editor(store).saveToken(2, 11, true);
        editor(store).saveToken(2, 12, true);
        editor(store).saveToken(2, 12, false);
        editor(store).saveWhitelist(List.of("-qB", "-TR", "-qB"));

        RosterData data = store.load();
        assertEquals(List.of(user(1), quiet), data.users());
        assertEquals(List.of(new RosterData.Registered(torrent(10), 0), new RosterData.Registered(free, 0),
                new RosterData.Registered(neutral, 0)), data.torrents());
        assertEquals(List.of(new RosterData.Token(1, 10), new RosterData.Token(2, 11)), data.tokens());
        assertEquals(List.of("-TR", "-qB"), data.whitelist(), "repeats dropped, sorted by code point");

        // Changes replace what was saved; the accounting columns stay.
        store.write(new Batch(List.of(new Batch.UserDelta(1, 700, 300)), List.of(new Batch.TorrentDelta(10, 1, 1, 4,
                0)), List.of(), List.of(), List.of(), List.of()));
        editor(store).saveUser(new User(1, passkey(101), false, true));
        editor(store).saveTorrent(torrent(10).withFree(FreeLeech.NEUTRAL));
        editor(store).saveWhitelist(List.of("-DE13"));
        data = store.load();
        assertEquals(new User(1, passkey(101), false, true), data.users().get(0));
        assertEquals(new RosterData.Registered(torrent(10).withFree(FreeLeech.NEUTRAL), 4), data.torrents().get(0));
        assertEquals(List.of("-DE13"), data.whitelist());
        assertEquals(700, number("SELECT uploaded FROM karuta_users WHERE id = 1"));
        assertEquals(1, number("SELECT COUNT(*) FROM karuta_users WHERE passkey = ?", passkey(101)));
        editor(store).saveWhitelist(List.of());
        assertEquals(List.of(), store.load().whitelist(), "an empty whitelist allows every client");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    void deleteUserHidesThemKeepsTheirTotalsAndSaveUserRevivesThem(TestDatabase kind) throws Exception {
        JdbcAccountsStore store = store(kind);
        editor(store).saveUser(user(1));
        editor(store).saveUser(user(2));
        store.write(users(new Batch.UserDelta(1, 100, 50)));
        editor(store).deleteUser(1);
        assertEquals(List.of(user(2)), store.load().users());
        assertEquals(100, number("SELECT uploaded FROM karuta_users WHERE id = 1"), "the totals stay");
        store.write(users(new Batch.UserDelta(1, 5, 0)));
        assertEquals(105, number("SELECT uploaded FROM karuta_users WHERE id = 1"),
                "transfer done before the deletion still counts");

        editor(store).saveUser(user(1));
        assertEquals(List.of(user(1), user(2)), store.load().users());
        assertEquals(105, number("SELECT uploaded FROM karuta_users WHERE id = 1"));
        assertEquals(50, number("SELECT downloaded FROM karuta_users WHERE id = 1"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    void aPasskeyOrInfoHashInUseIsRefusedUnlessItsHolderWasDeleted(TestDatabase kind) throws Exception {
        JdbcAccountsStore store = store(kind);
        editor(store).saveUser(user(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> editor(store).saveUser(new User(3, passkey(1), true, true)));
        assertEquals("user 1 has that passkey", e.getMessage());
        editor(store).deleteUser(1);
        editor(store).saveUser(new User(3, passkey(1), true, true));
        assertEquals(List.of(new User(3, passkey(1), true, true)), store.load().users(),
                "the deleted member gave it up");
        editor(store).saveUser(new User(1, passkey(4), true, true));
        assertEquals(2, store.load().users().size(), "revived with another passkey");

        editor(store).saveTorrent(torrent(10));
        e = assertThrows(IllegalArgumentException.class,
                () -> editor(store).saveTorrent(new Torrent(20, hash(10), FreeLeech.NORMAL)));
        assertEquals("torrent 10 has that info hash", e.getMessage());
        assertEquals(List.of(new RosterData.Registered(torrent(10), 0)), store.load().torrents());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    void deleteTorrentForgetsItAndExpiresItsTokens(TestDatabase kind) throws Exception {
        JdbcAccountsStore store = store(kind);
        editor(store).saveTorrent(torrent(10));
        editor(store).saveTorrent(torrent(11));
        editor(store).saveToken(1, 10, true);
        editor(store).saveToken(1, 11, true);
        editor(store).deleteTorrent(10);
        RosterData data = store.load();
        assertEquals(List.of(new RosterData.Registered(torrent(11), 0)), data.torrents());
        assertEquals(List.of(new RosterData.Token(1, 11)), data.tokens());
        editor(store).saveTorrent(torrent(10));
        assertEquals(List.of(new RosterData.Token(1, 11)), store.load().tokens(), "a new upload has no old tokens");
        editor(store).saveTorrent(new Torrent(30, hash(30), FreeLeech.NORMAL));
        editor(store).deleteTorrent(99);
        assertEquals(3, store.load().torrents().size(), "deleting an unknown torrent changes nothing");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    void aBadWhitelistIsRefusedBeforeAnythingIsWritten(TestDatabase kind) throws Exception {
        JdbcAccountsStore store = store(kind);
        editor(store).saveWhitelist(List.of("-qB"));
        for (String bad : new String[] {"", "has space", "x".repeat(21), "caf\u00e9"}) {
            assertThrows(IllegalArgumentException.class, () -> editor(store).saveWhitelist(List.of("-TR", bad)), bad);
        }
        assertEquals(List.of("-qB"), store.load().whitelist());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    void rowsTheDomainRefusesAreSkippedWhenLoading(TestDatabase kind) throws Exception {
        JdbcAccountsStore store = store(kind);
        editor(store).saveUser(user(1));
        editor(store).saveUser(user(2));
        editor(store).saveTorrent(torrent(10));
        editor(store).saveTorrent(torrent(11));
        // Written by hand, past the domain types.
        update(db, "UPDATE karuta_users SET passkey = 'not a passkey' WHERE id = 2",
                "UPDATE karuta_torrents SET info_hash = '" + "zz".repeat(20) + "' WHERE id = 11");
        RosterData data = store.load();
        assertEquals(List.of(user(1)), data.users());
        assertEquals(List.of(new RosterData.Registered(torrent(10), 0)), data.torrents());
    }

    @Test
    void badValuesAreRefusedByTheDomainTypesBeforeTheStore() {
        assertThrows(IllegalArgumentException.class, () -> new User(1, "short", true, true));
        assertThrows(IllegalArgumentException.class, () -> new User(1, "a".repeat(31) + "-", true, true));
        assertThrows(IllegalArgumentException.class, () -> new User(1, "a".repeat(33), true, true));
        assertThrows(NullPointerException.class, () -> new User(1, null, true, true));
        assertThrows(IllegalArgumentException.class, () -> new User(0, passkey(1), true, true));
        assertThrows(IllegalArgumentException.class, () -> new Torrent(-1, hash(1), FreeLeech.NORMAL));
        assertThrows(NullPointerException.class, () -> new Torrent(1, hash(1), null));
        assertThrows(IllegalArgumentException.class, () -> InfoHash.fromHex("ab".repeat(19)));
        assertThrows(IllegalArgumentException.class, () -> InfoHash.fromHex("zz".repeat(20)));
        assertThrows(NullPointerException.class, () -> new Batch(null, List.of(), List.of(), List.of(), List.of(),
                List.of()));
        assertEquals(FreeLeech.NEUTRAL, RosterReader.free(2));
        assertThrows(IllegalArgumentException.class, () -> RosterReader.free(3));
    }
}
