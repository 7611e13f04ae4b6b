package dev.karuta.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.core.InfoHash;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A reload (another node changed the store) makes the roster the store's without dropping what stays. */
class RosterReloadTest {
    private static final InfoHash H1 = InfoHash.fromHex("0123456789abcdef0123456789abcdef01234567");
    private static final InfoHash H2 = InfoHash.fromHex("89abcdef0123456789abcdef0123456789abcdef");
    private static final String K1 = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private static final String K2 = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    private static final String K3 = "cccccccccccccccccccccccccccccccc";

    @Test
    void reloadAddsChangesAndDropsWhatTheStoreNoLongerHas() {
        Roster roster = new Roster();
        User kept = new User(1, K1, true, true);
        roster.load(new RosterData(List.of(kept, new User(2, K2, true, true)),
                List.of(new RosterData.Registered(new Torrent(10, H1, FreeLeech.NORMAL), 5),
                        new RosterData.Registered(new Torrent(11, H2, FreeLeech.NORMAL), 1)),
                List.of(new RosterData.Token(2, 11)), List.of("-qB")));
        roster.snatched(H1); // this node's snatch, not written yet: 6
        roster.reload(new RosterData(List.of(kept, new User(3, K3, false, true)),
                List.of(new RosterData.Registered(new Torrent(10, H1, FreeLeech.FREE), 5)),
                List.of(new RosterData.Token(3, 10)), List.of("-TR")));
        assertSame(kept, roster.user(K1), "an unchanged user is not even replaced");
        assertNull(roster.user(K2));
        assertFalse(roster.user(K3).canLeech());
        assertEquals(FreeLeech.FREE, roster.torrent(H1).free());
        assertNull(roster.torrent(H2));
        assertEquals(6, roster.snatches(H1), "a snatch count is never lowered");
        assertTrue(roster.hasToken(3, 10));
        assertFalse(roster.hasToken(2, 11));
        assertEquals(List.of("-TR"), roster.clients().entries());
        assertEquals(2, roster.userCount());
        assertEquals(1, roster.torrentCount());
    }
}
