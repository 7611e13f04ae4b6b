package dev.karuta.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SelectedPeersTest {
    private static PeerId id(int n) {
        byte[] b = new byte[20];
        b[0] = '-';
        b[19] = (byte) n;
        return PeerId.of(b, 0);
    }

    private static PeerAddress v4(int n) {
        return PeerAddress.of(new byte[] {10, 0, 0, (byte) n}, 6000 + n);
    }

    private static PeerAddress v6(int n) {
        byte[] ip = new byte[16];
        ip[0] = 0x20;
        ip[1] = 0x01;
        ip[15] = (byte) n;
        return PeerAddress.of(ip, 7000 + n);
    }

    @Test
    void shuffleKeepsEachAddressWithItsPeerIdAndLeavesTheEntriesBeforeFromInPlace() {
        SplittableRandom random = new SplittableRandom(1);
        Map<Integer, Integer> lastPlace = new HashMap<>();
        for (int round = 0; round < 400; round++) {
            SelectedPeers p = new SelectedPeers(8, 8);
            for (int n = 1; n <= 8; n++) {
                p.add(v4(n), id(n));
                p.add(v6(n), id(n));
            }
            p.shuffle(AddressFamily.V4, 2, random);
            assertEquals(8, p.count(AddressFamily.V4));
            assertEquals(v4(1), p.address(AddressFamily.V4, 0), "before from: untouched");
            assertEquals(v4(2), p.address(AddressFamily.V4, 1), "before from: untouched");
            Set<PeerAddress> all = new HashSet<>();
            for (int i = 0; i < 8; i++) {
                PeerAddress a = p.address(AddressFamily.V4, i);
                all.add(a);
                assertEquals(id(a.port() - 6000), p.peerId(AddressFamily.V4, i), "address and peer_id move together");
                assertEquals(v6(i + 1), p.address(AddressFamily.V6, i), "the other family is untouched");
            }
            assertEquals(8, all.size(), "a permutation");
            lastPlace.merge(p.address(AddressFamily.V4, 7).port() - 6000, 1, Integer::sum);
        }
        // Entries 3..8 each end up last about 400 / 6 = 67 times (sd about 7.5); 1 and 2 never.
        assertEquals(Set.of(3, 4, 5, 6, 7, 8), lastPlace.keySet(), lastPlace.toString());
        assertTrue(lastPlace.values().stream().allMatch(n -> n > 35 && n < 100), lastPlace.toString());
    }

    @Test
    void shuffleWithoutPeerIdsMovesAddressesOnly() {
        SelectedPeers p = new SelectedPeers(3, 0, false);
        for (int n = 1; n <= 3; n++) {
            p.add(v4(n), id(n));
        }
        p.shuffle(AddressFamily.V4, 0, new SplittableRandom(3));
        Set<PeerAddress> all = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            all.add(p.address(AddressFamily.V4, i));
        }
        assertEquals(Set.of(v4(1), v4(2), v4(3)), all);
    }
}
