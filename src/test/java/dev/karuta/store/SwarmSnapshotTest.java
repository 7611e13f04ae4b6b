package dev.karuta.store;

import static dev.karuta.core.Answers.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.core.AnnounceRequest;
import dev.karuta.core.Event;
import dev.karuta.core.InfoHash;
import dev.karuta.core.PeerAddress;
import dev.karuta.core.PeerId;
import dev.karuta.core.SwarmStats;
import dev.karuta.core.Swarms;
import dev.karuta.swarm.CaffeineSwarmRegistry;
import dev.karuta.swarm.PeerView;
import dev.karuta.swarm.RegistrySettings;
import dev.karuta.swarm.SwarmRegistry;
import dev.karuta.testing.FakeTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The swarms written at a stop come back at the next start as they were, aged by the downtime, once:
 * the snapshot is deleted when restored, and a new one replaces the old.
 */
class SwarmSnapshotTest extends StoreTestBase {
    private static final Duration TTL = Duration.ofSeconds(600);
    private static final InfoHash ONE = InfoHash.fromHex("11".repeat(20));
    private static final InfoHash TWO = InfoHash.fromHex("22".repeat(20));

    private final FakeTime ticker = new FakeTime();
    private final FakeTime clock = new FakeTime(Instant.parse("2026-05-01T12:00:00Z").toEpochMilli());


    private SwarmRegistry registry() {
        return closeLater(new CaffeineSwarmRegistry(new RegistrySettings(TTL, TTL, 1000, 24, 48), ticker));
    }

    private static PeerId peer(int n) {
        byte[] id = "-KT0001-000000000000".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        id[19] = (byte) n;
        id[18] = (byte) (n >> 8);
        return PeerId.of(id);
    }

    private static PeerAddress v4(int last, int port) {
        return PeerAddress.of(new byte[] {10, 0, (byte) (last >> 8), (byte) last}, port);
    }

    private static PeerAddress v6(int last, int port) {
        byte[] ip = {0x20, 1, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) last};
        return PeerAddress.of(ip, port);
    }

    private static void announce(SwarmRegistry r, InfoHash h, int peer, PeerAddress v4, PeerAddress v6, long left,
                                 Event event, int key, boolean hasKey) {
        PeerAddress source = v4 != null ? v4 : v6;
        join(r.announce(AnnounceRequest.builder(h, peer(peer), source).other(source == v4 ? v6 : v4).left(left).event(event)
                .numWant(0).key(key, hasKey).build(), 0, Swarms.NO_OWNER));
    }

    /** Every peer of every swarm; checks on the way that each swarm hands them out oldest first. */
    private static Map<InfoHash, Set<PeerView>> peers(SwarmRegistry r) {
        Map<InfoHash, Set<PeerView>> out = new HashMap<>();
        r.forEach((h, stats) -> {
            List<PeerView> list = new ArrayList<>();
            r.forEachPeer(h, list::add);
            for (int i = 1; i < list.size(); i++) {
                assertTrue(list.get(i - 1).idle().compareTo(list.get(i).idle()) >= 0, () -> "oldest first: " + list);
            }
            out.put(h, new HashSet<>(list));
        });
        return out;
    }

    private static Map<InfoHash, Set<PeerView>> aged(Map<InfoHash, Set<PeerView>> peers, Duration by) {
        Map<InfoHash, Set<PeerView>> out = new HashMap<>();
        peers.forEach((h, set) -> out.put(h, set.stream().map(p -> new PeerView(p.peerId(), p.ipv4(), p.ipv6(),
                p.state(), p.idle().plus(by), p.key(), p.hasKey(), p.snatched())).collect(Collectors.toSet())));
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    void theSwarmsComeBackAsTheyWereAgedByTheDowntime(TestDatabase kind) throws Exception {
        Database db = open(fresh(kind));
        SwarmSnapshot snapshot = new SwarmSnapshot(db, clock);
        SwarmRegistry before = registry();
        announce(before, ONE, 1, v4(1, 6881), null, 100, Event.STARTED, 11, true);
        ticker.advance(Duration.ofSeconds(20));
        announce(before, ONE, 2, v4(2, 51413), v6(2, 51413), 0, Event.STARTED, -5, true);
        announce(before, ONE, 3, null, v6(3, 6999), 50, Event.PAUSED, 0, false);
        announce(before, ONE, 4, v4(4, 1), null, 100, Event.STARTED, 0, false);
        announce(before, ONE, 4, v4(4, 1), null, 0, Event.COMPLETED, 0, false);
        ticker.advance(Duration.ofSeconds(7));
        announce(before, TWO, 1, v4(1, 6881), null, 0, Event.STARTED, 11, true);
        ticker.advance(Duration.ofMillis(1500));
        Map<InfoHash, Set<PeerView>> saved = peers(before);

        assertEquals(5, snapshot.save(before));
        clock.advance(Duration.ofSeconds(90));
        SwarmRegistry after = registry();
        assertEquals(5, snapshot.restore(after));

        assertEquals(aged(saved, Duration.ofSeconds(90)), peers(after),
                "every peer with its addresses, state, key and snatch, 90 s older, oldest first");
        assertEquals(new SwarmStats(2, 1, 1, 0), after.stats(ONE), "no snatch is counted again by a restore");
        assertEquals(before.totals().peers(), after.totals().peers());
        assertEquals(before.totals().peersV4(), after.totals().peersV4());
        assertEquals(before.totals().peersV6(), after.totals().peersV6());
        assertEquals(0, snapshot.restore(registry()), "a snapshot is restored once");
        assertEquals(0, queryLong(db, "SELECT COUNT(*) FROM karuta_snapshot_peer"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    void peersWhoseTtlPassedDuringTheDowntimeAreLeftOut(TestDatabase kind) throws Exception {
        SwarmSnapshot snapshot = new SwarmSnapshot(open(fresh(kind)), clock);
        SwarmRegistry before = registry();
        announce(before, ONE, 1, v4(1, 1), null, 100, Event.STARTED, 0, false);
        ticker.advance(Duration.ofSeconds(400));
        announce(before, ONE, 2, v4(2, 1), null, 100, Event.STARTED, 0, false);
        announce(before, TWO, 3, v4(3, 1), null, 100, Event.STARTED, 0, false);
        ticker.advance(Duration.ofSeconds(100)); // idle: peer 1 500 s, peers 2 and 3 100 s
        snapshot.save(before);
        clock.advance(Duration.ofSeconds(100)); // peer 1 reaches the 600 s TTL
        SwarmRegistry after = registry();
        assertEquals(2, snapshot.restore(after));
        assertEquals(new SwarmStats(0, 1, 0, 0), after.stats(ONE));
        assertEquals(new SwarmStats(0, 1, 0, 0), after.stats(TWO));
        ticker.advance(Duration.ofSeconds(399));
        assertEquals(2, after.totals().peers());
        ticker.advance(Duration.ofSeconds(1));
        assertEquals(2, after.sweep(), "the restored peers expire on the TTL they had left");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    void aNewSnapshotReplacesTheOldOneWhole(TestDatabase kind) throws Exception {
        SwarmSnapshot snapshot = new SwarmSnapshot(open(fresh(kind)), clock);
        SwarmRegistry first = registry();
        for (int i = 0; i < 3; i++) {
            announce(first, ONE, i, v4(i, 1), null, 0, Event.STARTED, 0, false);
        }
        snapshot.save(first);
        SwarmRegistry second = registry();
        announce(second, TWO, 9, v4(9, 1), null, 0, Event.STARTED, 0, false);
        assertEquals(1, snapshot.save(second));
        SwarmRegistry after = registry();
        assertEquals(1, snapshot.restore(after));
        assertEquals(Map.of(TWO, 1), countPerSwarm(after));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    void manyPeersCrossTheBatchesAndAClockGoneBackAgesNobody(TestDatabase kind) throws Exception {
        SwarmSnapshot snapshot = new SwarmSnapshot(open(fresh(kind)), clock);
        SwarmRegistry before = registry();
        int peers = 2500;
        for (int i = 0; i < peers; i++) {
            InfoHash h = i % 3 == 0 ? ONE : TWO;
            announce(before, h, i, v4(i, 1000 + i % 50000), null, i % 2, Event.STARTED, i, true);
        }
        ticker.advance(Duration.ofSeconds(30));
        Map<InfoHash, Set<PeerView>> saved = peers(before);
        assertEquals(peers, snapshot.save(before));
        clock.advance(Duration.ofHours(-1)); // the wall clock was set back while the tracker was down
        SwarmRegistry after = registry();
        assertEquals(peers, snapshot.restore(after));
        // A failure here would print thousands of peers: compare first, then say what differs.
        Map<InfoHash, Set<PeerView>> restored = peers(after);
        assertTrue(saved.equals(restored), "every peer restored unchanged; differences in swarm " + ONE + ": "
                + difference(saved.get(ONE), restored.get(ONE)).size());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    void noSnapshotRestoresNothingAndADamagedRowIsSkipped(TestDatabase kind) throws Exception {
        Database db = open(fresh(kind));
        SwarmSnapshot snapshot = new SwarmSnapshot(db, clock);
        SwarmRegistry registry = registry();
        assertEquals(0, snapshot.restore(registry));
        assertEquals(0, registry.totals().torrents());
        SwarmRegistry before = registry();
        announce(before, ONE, 1, v4(1, 1), null, 0, Event.STARTED, 0, false);
        announce(before, ONE, 2, v4(2, 1), null, 0, Event.STARTED, 0, false);
        snapshot.save(before);
        // One row with a state no version wrote: skipped, the other restored.
        update(db, "UPDATE karuta_snapshot_peer SET peer_state = 9 WHERE ipv4 = " + (kind == TestDatabase.POSTGRESQL
                ? "'\\x0a000001'::bytea" : "X'0a000001'"));
        assertEquals(1, snapshot.restore(registry), "the damaged row is skipped, without failing the restore");
        assertEquals(1, registry.totals().peers());
        assertTrue(queryLong(db, "SELECT COUNT(*) FROM karuta_snapshot") == 0, "and the snapshot is gone");
    }

    private static Set<PeerView> difference(Set<PeerView> a, Set<PeerView> b) {
        Set<PeerView> out = new HashSet<>(a);
        out.removeAll(b == null ? Set.of() : b);
        return out;
    }

    private static Map<InfoHash, Integer> countPerSwarm(SwarmRegistry r) {
        Map<InfoHash, Integer> out = new HashMap<>();
        r.forEach((h, s) -> out.put(h, s.peers()));
        return out;
    }
}
