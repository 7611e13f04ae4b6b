package dev.karuta.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.karuta.policy.ListMode;
import dev.karuta.store.AccessListStore.Kind;
import dev.karuta.store.AccessListStore.Saved;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The access lists round-trip through each database, each list on its own, and outlive a reopen. */
class JdbcAccessListStoreTest extends StoreTestBase {
    private static final String HASH_A = "0123456789abcdef0123456789abcdef01234567";
    private static final String HASH_B = "fedcba9876543210fedcba9876543210fedcba98";

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    void anEmptyStoreHasListsOffAndEmpty(TestDatabase kind) throws Exception {
        AccessListStore store = new JdbcAccessListStore(open(fresh(kind)));
        assertEquals(new Saved(ListMode.OFF, Set.of()), store.load(Kind.TORRENTS));
        assertEquals(new Saved(ListMode.OFF, Set.of()), store.load(Kind.CLIENTS));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    void modesAndEntriesComeBackPerListAndAfterAReopen(TestDatabase kind) throws Exception {
        StoreSettings settings = fresh(kind);
        try (Database db = Database.open(settings)) {
            AccessListStore store = new JdbcAccessListStore(db);
            store.saveMode(Kind.TORRENTS, ListMode.ALLOW);
            store.add(Kind.TORRENTS, List.of(HASH_A, HASH_B));
            store.saveMode(Kind.CLIENTS, ListMode.DENY);
            // Client prefixes are case-sensitive: -qB (qBittorrent) is not -QB.
            store.add(Kind.CLIENTS, List.of("-qB", "-QB", "M7-"));
        }
        try (Database db = Database.open(settings)) {
            AccessListStore store = new JdbcAccessListStore(db);
            assertEquals(new Saved(ListMode.ALLOW, Set.of(HASH_A, HASH_B)), store.load(Kind.TORRENTS));
            assertEquals(new Saved(ListMode.DENY, Set.of("-qB", "-QB", "M7-")), store.load(Kind.CLIENTS));
            assertEquals(List.of("-QB", "-qB", "M7-"), List.copyOf(store.load(Kind.CLIENTS).entries()), "sorted");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    void bansAreAListOfTheirOwnAndComeBackAfterAReopen(TestDatabase kind) throws Exception {
        StoreSettings settings = fresh(kind);
        String longest = "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe/127";
        try (Database db = Database.open(settings)) {
            AccessListStore store = new JdbcAccessListStore(db);
            store.add(Kind.BANS, List.of("10.0.0.0/8", "2001:db8::/32", longest));
            store.add(Kind.CLIENTS, List.of("-qB"));
            store.remove(Kind.BANS, List.of("-qB"));
        }
        try (Database db = Database.open(settings)) {
            AccessListStore store = new JdbcAccessListStore(db);
            assertEquals(Set.of("10.0.0.0/8", "2001:db8::/32", longest), store.load(Kind.BANS).entries());
            assertEquals(Set.of("-qB"), store.load(Kind.CLIENTS).entries());
            assertEquals(Set.of(), store.load(Kind.TORRENTS).entries());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    void addingIsIdempotentAndRemovingIgnoresTheUnknown(TestDatabase kind) throws Exception {
        AccessListStore store = new JdbcAccessListStore(open(fresh(kind)));
        store.add(Kind.TORRENTS, List.of(HASH_A, HASH_A));
        store.add(Kind.TORRENTS, List.of(HASH_A, HASH_B));
        assertEquals(Set.of(HASH_A, HASH_B), store.load(Kind.TORRENTS).entries());
        store.remove(Kind.TORRENTS, List.of(HASH_A, "not-there"));
        assertEquals(Set.of(HASH_B), store.load(Kind.TORRENTS).entries());
        store.remove(Kind.CLIENTS, List.of(HASH_B));
        assertEquals(Set.of(HASH_B), store.load(Kind.TORRENTS).entries(), "the lists are apart");
        store.add(Kind.TORRENTS, List.of());
        store.remove(Kind.TORRENTS, List.of());
        assertEquals(Set.of(HASH_B), store.load(Kind.TORRENTS).entries());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    void theLastModeSavedWins(TestDatabase kind) throws Exception {
        AccessListStore store = new JdbcAccessListStore(open(fresh(kind)));
        for (ListMode mode : List.of(ListMode.ALLOW, ListMode.DENY, ListMode.OFF, ListMode.DENY)) {
            store.saveMode(Kind.CLIENTS, mode);
            assertEquals(mode, store.load(Kind.CLIENTS).mode());
        }
        assertEquals(ListMode.OFF, store.load(Kind.TORRENTS).mode());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    void anEntryTheColumnCannotHoldSavesNothing(TestDatabase kind) throws Exception {
        AccessListStore store = new JdbcAccessListStore(open(fresh(kind)));
        for (String bad : new String[] {"x".repeat(65), "", "with space", "caf\u00e9"}) {
            assertThrows(IllegalArgumentException.class, () -> store.add(Kind.CLIENTS, List.of("-ok-", bad)), bad);
        }
        assertEquals(Set.of(), store.load(Kind.CLIENTS).entries(), "nothing of a refused batch was saved");
    }
}
