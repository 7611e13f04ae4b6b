package dev.karuta.swarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.core.AddressFamily;
import dev.karuta.core.PeerAddress;
import dev.karuta.core.PeerId;
import dev.karuta.core.SelectedPeers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The pool's dense-array bookkeeping against a plain model, over random add/remove/move sequences. */
class PoolTest {

    private static Slot slot(int n) {
        byte[] id = new byte[20];
        id[18] = (byte) (n >> 8);
        id[19] = (byte) n;
        return new Slot(new Peer(PeerId.of(id)), PeerAddress.of(new byte[] {10, (byte) (n % 7), (byte) (n >> 8), (byte) n}, 1000));
    }

    @Test
    void randomOperationsKeepIndexesAndRegionsConsistent() {
        Random random = new Random(42);
        Pool pool = new Pool(AddressFamily.V4, 24);
        Map<Slot, Boolean> model = new HashMap<>(); // slot -> done
        List<Slot> present = new ArrayList<>();
        int next = 0;
        for (int op = 0; op < 20_000; op++) {
            int kind = present.isEmpty() ? 0 : random.nextInt(3);
            if (kind == 0) {
                Slot s = slot(next++);
                boolean done = random.nextBoolean();
                pool.add(s, done);
                model.put(s, done);
                present.add(s);
            } else if (kind == 1) {
                Slot s = present.remove(random.nextInt(present.size()));
                pool.remove(s);
                model.remove(s);
                assertEquals(-1, s.index);
            } else {
                Slot s = present.get(random.nextInt(present.size()));
                boolean done = random.nextBoolean();
                pool.setDone(s, done);
                model.put(s, done);
            }
            if (op % 97 == 0) {
                check(pool, model);
            }
        }
        check(pool, model);
    }

    /** Every slot sits where its index says, in the region its state says; picks respect regions. */
    private static void check(Pool pool, Map<Slot, Boolean> model) {
        assertEquals(model.size(), pool.size());
        long wanting = model.values().stream().filter(d -> !d).count();
        SelectedPeers all = new SelectedPeers(model.size(), 0);
        pool.pick(null, null, false, model.size(), all);
        assertEquals(model.size(), all.count(AddressFamily.V4), "a downloader with numwant = size gets everyone");
        SelectedPeers downloaders = new SelectedPeers(model.size(), 0);
        pool.pick(null, null, true, model.size(), downloaders);
        assertEquals(wanting, downloaders.count(AddressFamily.V4), "a seeder gets every downloader and nobody else");
        Set<Integer> indexes = new HashSet<>();
        for (Map.Entry<Slot, Boolean> e : model.entrySet()) {
            int i = e.getKey().index;
            assertTrue(i >= 0 && i < model.size());
            assertTrue(indexes.add(i), "unique index");
            assertEquals(e.getValue(), i >= wanting, "region matches state");
        }
    }

    @Test
    void subnetListsFollowAddressChangesAndRemovals() {
        Pool pool = new Pool(AddressFamily.V4, 24);
        Slot a = new Slot(new Peer(PeerId.of(new byte[20])), PeerAddress.of(new byte[] {10, 0, 1, 1}, 1));
        byte[] idB = new byte[20];
        idB[0] = 1;
        Slot b = new Slot(new Peer(PeerId.of(idB)), PeerAddress.of(new byte[] {10, 0, 2, 1}, 1));
        pool.add(a, true);
        pool.add(b, true);
        SelectedPeers near = new SelectedPeers(1, 0);
        pool.pick(null, PeerAddress.of(new byte[] {10, 0, 2, (byte) 200}, 1), false, 1, near);
        assertEquals(b.address, near.address(AddressFamily.V4, 0));
        pool.readdress(a, PeerAddress.of(new byte[] {10, 0, 2, 2}, 1));
        pool.remove(b);
        SelectedPeers moved = new SelectedPeers(1, 0);
        pool.pick(null, PeerAddress.of(new byte[] {10, 0, 2, (byte) 200}, 1), false, 1, moved);
        assertEquals(a.address, moved.address(AddressFamily.V4, 0), "the moved slot is found in its new subnet");
    }
}
