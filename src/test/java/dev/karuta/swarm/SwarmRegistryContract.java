package dev.karuta.swarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.karuta.core.AddressFamily;
import dev.karuta.core.AnnounceRequest;
import dev.karuta.core.Event;
import dev.karuta.core.InfoHash;
import dev.karuta.core.PeerAddress;
import dev.karuta.core.PeerId;
import dev.karuta.core.SelectedPeers;
import dev.karuta.core.SwarmStats;
import dev.karuta.core.TrackerException;
import dev.karuta.testing.FakeTicker;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SwarmRegistry} must do (its javadoc's obligations). An implementation's test
 * extends this and says how to build one.
 */
public abstract class SwarmRegistryContract {
    protected static final InfoHash HASH = InfoHash.fromHex("0123456789abcdef0123456789abcdef01234567");
    protected static final Duration TTL = Duration.ofSeconds(600);

    protected final FakeTicker ticker = new FakeTicker();
    protected SwarmRegistry registry;

    /** A fresh registry with {@code settings}, on {@code ticker}'s time. */
    protected abstract SwarmRegistry create(RegistrySettings settings, Ticker ticker);

    protected RegistrySettings settings() {
        return new RegistrySettings(TTL, Duration.ofSeconds(3600), 1000, 24, 48);
    }

    @BeforeEach
    void createRegistry() {
        registry = create(settings(), ticker);
    }

    @AfterEach
    void closeRegistry() {
        registry.close();
    }

    protected static PeerId peer(int n) {
        byte[] id = new byte[20];
        id[0] = '-';
        id[16] = (byte) (n >> 24);
        id[17] = (byte) (n >> 16);
        id[18] = (byte) (n >> 8);
        id[19] = (byte) n;
        return PeerId.of(id);
    }

    protected static PeerAddress v4(int a, int b, int c, int d, int port) {
        return PeerAddress.of(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d}, port);
    }

    protected static PeerAddress v6(int last, int port) {
        byte[] ip = {0x20, 1, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) (last >> 8), (byte) last};
        return PeerAddress.of(ip, port);
    }

    /** Builder-style announce with sensible defaults. */
    protected static AnnounceRequest req(int peer, PeerAddress source, long left, Event event) {
        return new AnnounceRequest(HASH, peer(peer), source, null, 0, 0, left, event, 50, peer, true);
    }

    protected AnnounceResult announce(int peer, PeerAddress source, long left, Event event, int numWant) {
        return registry.announce(req(peer, source, left, event), numWant);
    }

    protected static Set<PeerAddress> addresses(SelectedPeers peers, AddressFamily family) {
        Set<PeerAddress> out = new HashSet<>();
        for (int i = 0; i < peers.count(family); i++) {
            assertTrue(out.add(peers.address(family, i)), "no peer twice in one answer");
        }
        return out;
    }

    @Test
    void countsFollowEveryEvent() {
        announce(1, v4(10, 0, 0, 1, 1), 0, Event.STARTED, 50);
        announce(2, v4(10, 0, 0, 2, 1), 100, Event.STARTED, 50);
        announce(3, v4(10, 0, 0, 3, 1), 100, Event.PAUSED, 50);
        assertEquals(new SwarmStats(1, 1, 1, 0), registry.stats(HASH));
        announce(2, v4(10, 0, 0, 2, 1), 0, Event.COMPLETED, 50);
        assertEquals(new SwarmStats(2, 0, 1, 1), registry.stats(HASH));
        announce(3, v4(10, 0, 0, 3, 1), 50, Event.NONE, 50); // resumes: a downloader again
        assertEquals(new SwarmStats(2, 1, 0, 1), registry.stats(HASH));
        announce(1, v4(10, 0, 0, 1, 1), 0, Event.STOPPED, 50);
        assertEquals(new SwarmStats(1, 1, 0, 1), registry.stats(HASH));
        assertEquals(2, registry.totals().peers());
        assertEquals(1, registry.totals().seeders());
        assertEquals(1, registry.totals().downloaders());
        assertEquals(0, registry.totals().partialSeeds());
    }

    @Test
    void aSnatchCountsOncePerPeer() {
        announce(1, v4(10, 0, 0, 1, 1), 100, Event.STARTED, 50);
        announce(1, v4(10, 0, 0, 1, 1), 0, Event.COMPLETED, 50);
        announce(1, v4(10, 0, 0, 1, 1), 0, Event.COMPLETED, 50);
        announce(1, v4(10, 0, 0, 1, 1), 0, Event.NONE, 50);
        assertEquals(1, registry.stats(HASH).snatches());
        announce(2, v4(10, 0, 0, 2, 1), 0, Event.STARTED, 50); // a seeder from the start snatched nothing here
        assertEquals(1, registry.stats(HASH).snatches());
    }

    @Test
    void silentPeersExpireAndOnTimePeersStay() {
        announce(1, v4(10, 0, 0, 1, 1), 0, Event.STARTED, 50);
        announce(2, v4(10, 0, 0, 2, 1), 100, Event.STARTED, 50);
        ticker.advance(TTL.minusSeconds(1));
        announce(1, v4(10, 0, 0, 1, 1), 0, Event.NONE, 50);
        ticker.advance(Duration.ofSeconds(1));
        assertEquals(new SwarmStats(1, 0, 0, 0), registry.stats(HASH), "peer 2 is a TTL silent");
        assertEquals(1, registry.totals().peers());
        ticker.advance(TTL);
        registry.sweep();
        assertEquals(0, registry.totals().peers());
        assertEquals(SwarmStats.EMPTY, registry.stats(HASH));
    }

    @Test
    void sweepDropsEmptySwarms() {
        announce(1, v4(10, 0, 0, 1, 1), 10, Event.STARTED, 50);
        ticker.advance(TTL);
        assertEquals(1, registry.sweep());
        assertEquals(0, registry.totals().torrents());
    }

    @Test
    void unknownTorrentsAreZerosAndStayUnknown() {
        assertEquals(SwarmStats.EMPTY, registry.stats(HASH));
        AnnounceResult r = announce(1, v4(10, 0, 0, 1, 1), 0, Event.STOPPED, 50);
        assertEquals(SwarmStats.EMPTY, r.stats());
        assertEquals(0, registry.totals().torrents());
        Map<InfoHash, SwarmStats> all = new HashMap<>();
        registry.forEach(all::put);
        assertEquals(Map.of(), all);
    }

    @Test
    void anotherAddressCannotActForAKnownPeerWithoutItsKey() {
        announce(1, v4(10, 0, 0, 1, 1000), 100, Event.STARTED, 50);
        AnnounceRequest thief = new AnnounceRequest(HASH, peer(1), v4(10, 9, 9, 9, 1000), null, 0, 0, 0,
                Event.STOPPED, 50, 999, true);
        assertThrows(TrackerException.class, () -> registry.announce(thief, 50));
        AnnounceRequest keyless = new AnnounceRequest(HASH, peer(1), v4(10, 9, 9, 9, 1000), null, 0, 0, 0,
                Event.NONE, 50, 0, false);
        assertThrows(TrackerException.class, () -> registry.announce(keyless, 50));
        assertEquals(new SwarmStats(0, 1, 0, 0), registry.stats(HASH), "refusals change nothing");

        // The same key from a new address is the peer itself, moved.
        AnnounceResult moved = registry.announce(req(1, v4(10, 0, 5, 5, 2000), 100, Event.NONE), 50);
        assertEquals(new SwarmStats(0, 1, 0, 0), moved.stats());
        AnnounceResult other = announce(2, v4(10, 7, 7, 7, 1), 100, Event.STARTED, 50);
        assertEquals(Set.of(v4(10, 0, 5, 5, 2000)), addresses(other.peers(), AddressFamily.V4));
        // The same address may change its port without a key.
        registry.announce(new AnnounceRequest(HASH, peer(1), v4(10, 0, 5, 5, 3000), null, 0, 0, 100, Event.NONE, 50,
                0, false), 50);
        assertEquals(Set.of(v4(10, 0, 5, 5, 3000)),
                addresses(announce(2, v4(10, 7, 7, 7, 1), 100, Event.NONE, 50).peers(), AddressFamily.V4));
    }

    @Test
    void neverTheRequesterAndSeedersGetOnlyDownloaders() {
        for (int i = 1; i <= 5; i++) {
            announce(i, v4(10, 1, 0, i, 1), 0, Event.STARTED, 50); // seeders
        }
        for (int i = 6; i <= 8; i++) {
            announce(i, v4(10, 2, 0, i, 1), 100, Event.STARTED, 50); // downloaders
        }
        announce(9, v4(10, 3, 0, 9, 1), 100, Event.PAUSED, 50); // partial seed
        Set<PeerAddress> toSeeder = addresses(announce(1, v4(10, 1, 0, 1, 1), 0, Event.NONE, 50).peers(), AddressFamily.V4);
        assertEquals(Set.of(v4(10, 2, 0, 6, 1), v4(10, 2, 0, 7, 1), v4(10, 2, 0, 8, 1)), toSeeder);
        Set<PeerAddress> toPartial = addresses(announce(9, v4(10, 3, 0, 9, 1), 100, Event.PAUSED, 50).peers(), AddressFamily.V4);
        assertEquals(toSeeder, toPartial, "a partial seed wants no seeders either");
        Set<PeerAddress> toLeecher = addresses(announce(6, v4(10, 2, 0, 6, 1), 100, Event.NONE, 50).peers(), AddressFamily.V4);
        assertEquals(8, toLeecher.size(), "everyone but itself");
        assertTrue(!toLeecher.contains(v4(10, 2, 0, 6, 1)));
    }

    @Test
    void numWantIsRespectedAndSelectionIsRandom() {
        for (int i = 1; i <= 40; i++) {
            announce(i, v4(10, i, 0, 1, 1), 0, Event.STARTED, 0);
        }
        Map<PeerAddress, Integer> seen = new HashMap<>();
        for (int round = 0; round < 200; round++) {
            Set<PeerAddress> got = addresses(announce(100, v4(99, 0, 0, 1, 1), 100, Event.NONE, 5).peers(), AddressFamily.V4);
            assertEquals(5, got.size());
            got.forEach(a -> seen.merge(a, 1, Integer::sum));
        }
        // 1000 picks over 40 peers: each expected 25 times; all must appear, none dominate.
        assertEquals(40, seen.size(), "every peer is handed out sometimes");
        assertTrue(seen.values().stream().allMatch(n -> n > 5 && n < 60), seen.toString());
        assertEquals(0, announce(100, v4(99, 0, 0, 1, 1), 100, Event.NONE, 0).peers().count(AddressFamily.V4));
    }

    @Test
    void peersInTheRequestersSubnetComeFirst() {
        for (int i = 1; i <= 30; i++) {
            announce(i, v4(172, 16, i, 1, 1), 0, Event.STARTED, 0); // elsewhere
        }
        announce(50, v4(192, 168, 1, 20, 1), 0, Event.STARTED, 0);
        announce(51, v4(192, 168, 1, 21, 1), 0, Event.STARTED, 0);
        for (int round = 0; round < 20; round++) {
            SelectedPeers p = announce(60, v4(192, 168, 1, 99, 1), 100, Event.NONE, 3).peers();
            assertEquals(Set.of(v4(192, 168, 1, 20, 1), v4(192, 168, 1, 21, 1)),
                    Set.of(p.address(AddressFamily.V4, 0), p.address(AddressFamily.V4, 1)), "the /24 neighbours first");
        }
        for (int i = 70; i < 73; i++) {
            announce(i, v6(i, 1), 0, Event.STARTED, 0);
        }
        byte[] far = v6(1, 1).ip();
        far[5] = 9; // another /48
        announce(80, PeerAddress.of(far, 1), 0, Event.STARTED, 0);
        SelectedPeers p6 = announce(81, v6(81, 1), 100, Event.STARTED, 3).peers();
        assertEquals(Set.of(v6(70, 1), v6(71, 1), v6(72, 1)), addresses(p6, AddressFamily.V6));
    }

    @Test
    void loopbackRequestersGetRandomPeersNotSubnetOnes() {
        for (int i = 1; i <= 30; i++) {
            announce(i, v4(127, 0, 0, 1, 1000 + i), 0, Event.STARTED, 0);
        }
        Set<PeerAddress> firsts = new HashSet<>();
        for (int round = 0; round < 30; round++) {
            firsts.add(announce(99, v4(127, 0, 0, 1, 999), 100, Event.NONE, 3).peers().address(AddressFamily.V4, 0));
        }
        assertTrue(firsts.size() > 5, "not the same subnet list head every time: " + firsts.size());
    }

    @Test
    void requestersGetOnlyTheFamiliesTheyHave() {
        announce(1, v4(10, 0, 0, 1, 1), 0, Event.STARTED, 0);
        announce(2, v6(2, 1), 0, Event.STARTED, 0);
        // A dual-stack seeder: announced over IPv4 with its IPv6 address (BEP 7).
        registry.announce(new AnnounceRequest(HASH, peer(3), v4(10, 0, 0, 3, 1), v6(3, 1), 0, 0, 0, Event.STARTED, 0,
                3, true), 0);
        SelectedPeers toV4 = announce(10, v4(10, 0, 0, 10, 1), 100, Event.STARTED, 50).peers();
        assertEquals(Set.of(v4(10, 0, 0, 1, 1), v4(10, 0, 0, 3, 1)), addresses(toV4, AddressFamily.V4));
        assertEquals(0, toV4.count(AddressFamily.V6));
        SelectedPeers toV6 = announce(11, v6(11, 1), 100, Event.STARTED, 50).peers();
        assertEquals(Set.of(v6(2, 1), v6(3, 1)), addresses(toV6, AddressFamily.V6));
        assertEquals(0, toV6.count(AddressFamily.V4));
        assertEquals(3, registry.totals().peersV4(), "v4 seeder, dual-stack seeder, v4 leecher");
        assertEquals(3, registry.totals().peersV6(), "v6 seeder, dual-stack seeder, v6 leecher");
    }
}
