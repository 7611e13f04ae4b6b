package dev.karuta.swarm;

import static dev.karuta.core.Answers.join;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.karuta.core.AnnounceRequest;
import dev.karuta.core.Event;
import dev.karuta.core.PeerAddress;
import dev.karuta.core.PeerId;
import dev.karuta.core.SwarmStats;
import dev.karuta.core.Swarms;
import dev.karuta.core.TimeSource;
import dev.karuta.testing.FakeTime;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The bound of peers per address ({@link RegistrySettings#perAddress}): a new peer beyond it replaces its
 * address's least recently announced peer, counts stay exact, IPv6 shares one budget per /64, 0 is no
 * limit, and {@link RegistryTotals#peersReplaced} counts the replacements. Every registry runs it,
 * nested in {@link SwarmRegistryContract}.
 */
public abstract class PerAddressContract {
    private static final Duration TTL = Duration.ofSeconds(600);
    private static final PeerAddress NAT = SwarmRegistryContract.v4(198, 51, 100, 7, 1000);

    protected final FakeTime ticker = new FakeTime();
    private SwarmRegistry registry;

    /** A fresh registry with {@code settings} on {@code ticker}'s time. */
    protected abstract SwarmRegistry create(RegistrySettings settings, TimeSource ticker);

    @AfterEach
    void closeRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    private void bound(int perAddress) {
        registry = create(new RegistrySettings(TTL, TTL, 1000, 24, 48, perAddress), ticker);
    }

    private SwarmStats announce(int peer, PeerAddress from, long left, Event event) {
        ticker.advance(Duration.ofSeconds(1));
        AnnounceRequest request = AnnounceRequest.builder(SwarmRegistryContract.HASH, SwarmRegistryContract.peer(peer),
                from).left(left).event(event).numWant(0).key(peer).build();
        return join(registry.announce(request, 0, Swarms.NO_OWNER)).stats();
    }

    private static PeerAddress port(PeerAddress address, int port) {
        return address.withPort(port);
    }

    private Set<PeerId> held() {
        Set<PeerId> ids = new HashSet<>();
        registry.forEachPeer(SwarmRegistryContract.HASH, p -> ids.add(p.peerId()));
        return ids;
    }

    private static Set<PeerId> peers(int... ns) {
        Set<PeerId> ids = new HashSet<>();
        for (int n : ns) {
            ids.add(SwarmRegistryContract.peer(n));
        }
        return ids;
    }

    private void assertTotals(long seeders, long downloaders, long v4, long v6) {
        RegistryTotals t = registry.totals();
        SwarmStats s = registry.stats(SwarmRegistryContract.HASH);
        assertEquals(java.util.List.of(seeders, downloaders, seeders, downloaders, v4, v6),
                java.util.List.of((long) s.seeders(), (long) s.downloaders(), t.seeders(), t.downloaders(), t.peersV4(),
                        t.peersV6()), "swarm seeders, downloaders, totals' seeders, downloaders, v4, v6");
    }

    @Test
    void aNewPeerBeyondTheBoundReplacesTheAddresssLeastRecentlyAnnouncedOne() {
        bound(3);
        announce(1, port(NAT, 1001), 10, Event.STARTED);
        announce(2, port(NAT, 1002), 10, Event.STARTED);
        announce(3, port(NAT, 1003), 10, Event.STARTED);
        announce(1, port(NAT, 1001), 10, Event.NONE);
        announce(4, port(NAT, 1004), 10, Event.STARTED);
        assertEquals(peers(1, 3, 4), held(), "peer 2 was the least recently announced");
        assertEquals(1, registry.totals().peersReplaced());
        assertTotals(0, 3, 3, 0);
    }

    @Test
    void countsStayExactWhenSeedersAndLeechersAreReplaced() {
        bound(2);
        announce(1, port(NAT, 1), 0, Event.STARTED);
        announce(2, port(NAT, 2), 10, Event.STARTED);
        assertTotals(1, 1, 2, 0);
        announce(3, port(NAT, 3), 10, Event.STARTED);
        assertEquals(peers(2, 3), held());
        assertTotals(0, 2, 2, 0);
        announce(4, port(NAT, 4), 0, Event.STARTED);
        assertEquals(peers(3, 4), held());
        assertTotals(1, 1, 2, 0);
        announce(3, port(NAT, 3), 0, Event.STOPPED);
        announce(5, port(NAT, 5), 10, Event.STARTED);
        assertEquals(peers(4, 5), held(), "a stopped peer frees its place: nothing replaced");
        assertEquals(2, registry.totals().peersReplaced());
        assertTotals(1, 1, 2, 0);
    }

    @Test
    void otherAddressesHaveTheirOwnBudget() {
        bound(2);
        for (int n = 1; n <= 5; n++) {
            announce(n, SwarmRegistryContract.v4(198, 51, 100, 10 + n, 1), 10, Event.STARTED);
        }
        for (int n = 6; n <= 9; n++) {
            announce(n, port(NAT, n), 10, Event.STARTED);
        }
        assertEquals(peers(1, 2, 3, 4, 5, 8, 9), held());
        assertEquals(2, registry.totals().peersReplaced());
        assertTotals(0, 7, 7, 0);
    }

    @Test
    void anIpv6Slash64SharesOneBudgetAndAnotherSlash64HasItsOwn() {
        bound(2);
        announce(1, SwarmRegistryContract.v6(0x11, 1), 10, Event.STARTED);
        announce(2, SwarmRegistryContract.v6(0x22, 1), 10, Event.STARTED);
        announce(3, SwarmRegistryContract.v6(0x33, 1), 10, Event.STARTED);
        assertEquals(peers(2, 3), held(), "2001:db8::11 and ::22 and ::33 are one /64");
        PeerAddress otherSlash64 = PeerAddress.of(new byte[] {0x20, 1, 0x0d, (byte) 0xb8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0,
            0, 0x11}, 1);
        announce(4, otherSlash64, 10, Event.STARTED);
        announce(5, otherSlash64.withPort(2), 10, Event.STARTED);
        assertEquals(peers(2, 3, 4, 5), held(), "2001:db8:0:1::/64 is another budget");
        assertEquals(1, registry.totals().peersReplaced());
        assertTotals(0, 4, 0, 4);
    }

    @Test
    void aLargeSwarmKeepsTheBoundAndTheMostRecentPeersOfTheAddress() {
        bound(3);
        for (int n = 1; n <= 40; n++) {
            announce(n, SwarmRegistryContract.v4(203, 0, 113, n, 1), n % 2 == 0 ? 0 : 10, Event.STARTED);
        }
        announce(100, port(NAT, 100), 10, Event.STARTED);
        for (int n = 101; n < 120; n++) {
            announce(n, port(NAT, n), n % 3 == 0 ? 0 : 10, Event.STARTED);
            announce(100, port(NAT, 100), 0, Event.NONE); // 100 stays: re-announced, it is always recent
        }
        Set<PeerId> expected = peers(100, 118, 119);
        for (int n = 1; n <= 40; n++) {
            expected.add(SwarmRegistryContract.peer(n));
        }
        assertEquals(expected, held());
        assertEquals(17, registry.totals().peersReplaced());
        // 20 seeders of the 40, and 100 (re-announced done), 118 (118 % 3 == 1: leecher), 119 leecher.
        assertTotals(21, 22, 43, 0);
    }

    @Test
    void randomRunsKeepTheMostRecentPeersOfEachAddress() {
        bound(3);
        Random random = new Random(19);
        Map<Integer, Long> seen = new HashMap<>();
        long replaced = 0;
        for (int step = 0; step < 3000; step++) {
            int peer = random.nextInt(300);
            int address = peer % 13; // each peer_id announces from its one address; some IPv6
            PeerAddress from = address < 9 ? SwarmRegistryContract.v4(192, 0, 2, address, 1000 + peer)
                    : SwarmRegistryContract.v6(address, address, 1000 + peer);
            boolean stop = random.nextInt(10) == 0;
            ticker.advance(Duration.ofMillis(1));
            AnnounceRequest request = AnnounceRequest.builder(SwarmRegistryContract.HASH,
                    SwarmRegistryContract.peer(peer), from).left(random.nextInt(2) * 10L)
                    .event(stop ? Event.STOPPED : Event.NONE).key(peer).build();
            join(registry.announce(request, 0, Swarms.NO_OWNER));
            if (stop) {
                seen.remove(peer);
                continue;
            }
            boolean fresh = seen.put(peer, (long) step) == null;
            List<Integer> same = seen.keySet().stream().filter(p -> p % 13 == address && p != peer)
                    .sorted(Comparator.comparing(seen::get)).toList();
            if (fresh && same.size() >= 3) {
                seen.remove(same.get(0));
                replaced++;
            }
            if (step % 100 == 99) {
                Set<PeerId> expected = new HashSet<>();
                seen.keySet().forEach(p -> expected.add(SwarmRegistryContract.peer(p)));
                assertEquals(expected, held(), "step " + step);
                assertEquals(replaced, registry.totals().peersReplaced(), "step " + step);
            }
        }
        assertEquals(seen.size(), registry.stats(SwarmRegistryContract.HASH).seeders()
                + registry.stats(SwarmRegistryContract.HASH).downloaders());
    }

    @Test
    void zeroMeansNoLimit() {
        bound(0);
        for (int n = 1; n <= 100; n++) {
            announce(n, port(NAT, n), 10, Event.STARTED);
        }
        assertEquals(100, held().size());
        assertEquals(0, registry.totals().peersReplaced());
        assertTotals(0, 100, 100, 0);
    }
}
