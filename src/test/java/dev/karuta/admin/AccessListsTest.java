package dev.karuta.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.core.InfoHash;
import dev.karuta.policy.ClientList;
import dev.karuta.policy.ListMode;
import dev.karuta.policy.TorrentList;
import dev.karuta.sql.StoreException;
import dev.karuta.store.AccessListStore;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Changes go to the store first and reach the live lists only once saved. */
class AccessListsTest {
    private static final String A = "0123456789abcdef0123456789abcdef01234567";
    private static final String B = "89abcdef0123456789abcdef0123456789abcdef";

    /** A store in memory that can be made to fail. */
    static final class MemoryStore implements AccessListStore {
        final Map<Kind, ListMode> modes = new HashMap<>();
        final Map<Kind, Set<String>> entries = new HashMap<>();
        boolean failing;

        @Override
        public synchronized Saved load(Kind kind) {
            return new Saved(modes.getOrDefault(kind, ListMode.OFF), entries.getOrDefault(kind, Set.of()));
        }

        @Override
        public synchronized void saveMode(Kind kind, ListMode mode) {
            check();
            modes.put(kind, mode);
        }

        @Override
        public synchronized void add(Kind kind, Collection<String> add) {
            check();
            entries.computeIfAbsent(kind, k -> new TreeSet<>()).addAll(add);
        }

        @Override
        public synchronized void remove(Kind kind, Collection<String> remove) {
            check();
            entries.computeIfAbsent(kind, k -> new TreeSet<>()).removeAll(remove);
        }

        private void check() {
            if (failing) {
                throw new StoreException("database down", null);
            }
        }
    }

    private final MemoryStore store = new MemoryStore();
    private final AccessLists lists = new AccessLists(new TorrentList(), new ClientList(), store);

    @Test
    void whatWasSavedComesBackOnLoad() {
        lists.addTorrents(List.of(A.toUpperCase(), B));
        lists.setTorrentMode(ListMode.ALLOW);
        lists.addClients(List.of("-qB", "-TR"));
        lists.setClientMode(ListMode.DENY);
        AccessLists restarted = new AccessLists(new TorrentList(), new ClientList(), store);
        restarted.load();
        assertEquals(List.of(InfoHash.fromHex(A), InfoHash.fromHex(B)), restarted.torrents().entries());
        assertEquals(ListMode.ALLOW, restarted.torrents().mode());
        assertEquals(List.of("-TR", "-qB"), restarted.clients().entries());
        assertEquals(ListMode.DENY, restarted.clients().mode());
    }

    @Test
    void aFailedSaveChangesNothingLive() {
        lists.addTorrents(List.of(A));
        store.failing = true;
        assertThrows(StoreException.class, () -> lists.addTorrents(List.of(B)));
        assertThrows(StoreException.class, () -> lists.setTorrentMode(ListMode.ALLOW));
        assertThrows(StoreException.class, () -> lists.removeTorrents(List.of(A)));
        assertThrows(StoreException.class, () -> lists.addClients(List.of("-qB")));
        assertEquals(List.of(InfoHash.fromHex(A)), lists.torrents().entries());
        assertEquals(ListMode.OFF, lists.torrents().mode());
        assertTrue(lists.clients().entries().isEmpty());
    }

    @Test
    void aBatchWithOneBadEntryIsRefusedWhole() {
        assertThrows(IllegalArgumentException.class, () -> lists.addTorrents(List.of(A, "nope")));
        assertThrows(IllegalArgumentException.class, () -> lists.addClients(List.of("-qB", "")));
        assertThrows(IllegalArgumentException.class, () -> lists.addTorrents(List.of()));
        assertTrue(lists.torrents().entries().isEmpty());
        assertTrue(store.entries.isEmpty(), "nothing reached the store");
    }

    @Test
    void bansAreSavedCanonicalLoadedAndReloaded() {
        assertEquals(2, lists.addBans(List.of("10.1.2.3/8", "::ffff:192.0.2.1")));
        assertEquals(Set.of("10.0.0.0/8", "192.0.2.1"), store.entries.get(AccessListStore.Kind.BANS));
        AccessLists other = new AccessLists(new TorrentList(), new ClientList(), store);
        other.load();
        assertEquals(List.of("10.0.0.0/8", "192.0.2.1"), other.bans().entries());
        lists.removeBans(List.of("10.0.0.0/8"));
        lists.addBans(List.of("2001:db8::/32"));
        other.reload();
        assertEquals(List.of("192.0.2.1", "2001:db8::/32"), other.bans().entries());
        store.failing = true;
        assertThrows(StoreException.class, () -> lists.addBans(List.of("198.51.100.0/24")));
        assertThrows(StoreException.class, () -> lists.removeBans(List.of("192.0.2.1")));
        assertEquals(List.of("192.0.2.1", "2001:db8::/32"), lists.bans().entries(), "a failed save bans nothing");
        store.failing = false;
        assertThrows(IllegalArgumentException.class, () -> lists.addBans(List.of("198.51.100.0/24", "nope")));
        assertEquals(2, lists.bans().size(), "a batch with a bad entry is refused whole");
    }
}
