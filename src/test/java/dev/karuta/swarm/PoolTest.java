package dev.karuta.swarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

/** The pool's dense-array and subnet-ring bookkeeping, against a plain model. */
class PoolTest {

    private static PeerId id(int n) {
        byte[] id = new byte[20];
        id[17] = (byte) (n >> 16);
        id[18] = (byte) (n >> 8);
        id[19] = (byte) n;
        return PeerId.of(id);
    }

    /** Few subnets (10.0.0-4.x/24), so the rings hold several slots each. */
    private static PeerAddress address(int n, int subnet) {
        return PeerAddress.of(new byte[] {10, 0, (byte) subnet, (byte) (n % 250)}, 1000 + n % 60_000);
    }

    private static Slot slot(int n) {
        return new Slot(new Peer(id(n)), address(n, n % 5));
    }

    /** What the pool should hold: each slot's done flag and address. */
    private static final class Model {
        final Map<Slot, Boolean> done = new HashMap<>();
        final Map<Slot, PeerAddress> addresses = new HashMap<>();

        void put(Slot s, boolean isDone) {
            done.put(s, isDone);
            addresses.put(s, s.address);
        }

        void remove(Slot s) {
            done.remove(s);
            addresses.remove(s);
        }

        Map<PeerId, PeerAddress> entries(boolean onlyWanting, Slot except) {
            Map<PeerId, PeerAddress> out = new HashMap<>();
            done.forEach((s, d) -> {
                if (s != except && !(onlyWanting && d)) {
                    out.put(s.owner.id, addresses.get(s));
                }
            });
            return out;
        }
    }

    /** The picks as peer_id to address; fails on a peer handed out twice. */
    private static Map<PeerId, PeerAddress> pick(Pool pool, Slot self, PeerAddress requester, boolean done, int max) {
        SelectedPeers out = new SelectedPeers(Math.max(max, 0), 0);
        pool.pick(self, requester, done, SwarmRegistry.NO_OWNER, max, out);
        Map<PeerId, PeerAddress> got = new HashMap<>();
        for (int i = 0; i < out.count(AddressFamily.V4); i++) {
            assertEquals(null, got.put(out.peerId(AddressFamily.V4, i), out.address(AddressFamily.V4, i)), "twice");
        }
        return got;
    }

    /**
     * Every slot sits at a unique index in the region its state says; the wire entries at those indexes
     * match the slots; picks respect regions, never return {@code self}, and find whole subnets.
     */
    private static void check(Pool pool, Model model, Random random) {
        assertEquals(model.done.size(), pool.size());
        long wanting = model.done.values().stream().filter(d -> !d).count();
        Set<Integer> indexes = new HashSet<>();
        for (Map.Entry<Slot, Boolean> e : model.done.entrySet()) {
            int i = e.getKey().index;
            assertTrue(i >= 0 && i < pool.size(), "index in range");
            assertTrue(indexes.add(i), "unique index");
            assertEquals(e.getValue(), i >= wanting, "region matches state");
            assertEquals(model.addresses.get(e.getKey()), e.getKey().address);
        }
        assertEquals(model.entries(false, null), pick(pool, null, null, false, pool.size()),
                "a downloader asking for everyone gets every entry, each with its own address");
        assertEquals(model.entries(true, null), pick(pool, null, null, true, pool.size()),
                "a seeder gets every downloader and nobody else");
        if (!model.done.isEmpty()) {
            List<Slot> present = new ArrayList<>(model.done.keySet());
            Slot self = present.get(random.nextInt(present.size()));
            boolean selfDone = model.done.get(self);
            assertEquals(model.entries(selfDone, self), pick(pool, self, self.address, selfDone, pool.size()),
                    "everyone eligible but the requester itself");
            // Asking for exactly as many as its subnet holds must return just that subnet (the ring is whole).
            Map<PeerId, PeerAddress> subnet = new HashMap<>();
            model.entries(false, self).forEach((id, a) -> {
                if (a.ip()[2] == self.address.ip()[2]) {
                    subnet.put(id, a);
                }
            });
            if (!subnet.isEmpty()) {
                assertEquals(subnet, pick(pool, self, self.address, false, subnet.size()), "the subnet ring");
            }
        }
    }

    @Test
    void randomOperationsMatchTheModel() {
        Random random = new Random(42);
        Pool pool = new Pool(AddressFamily.V4, 24);
        Model model = new Model();
        List<Slot> present = new ArrayList<>();
        int next = 0;
        for (int op = 0; op < 20_000; op++) {
            int kind = present.isEmpty() ? 0 : random.nextInt(present.size() > 300 ? 5 : 4);
            switch (kind) {
                case 0 -> {
                    Slot s = slot(next++);
                    boolean done = random.nextBoolean();
                    pool.add(s, done);
                    model.put(s, done);
                    present.add(s);
                }
                case 1, 4 -> {
                    Slot s = present.remove(random.nextInt(present.size()));
                    pool.remove(s);
                    model.remove(s);
                    assertEquals(-1, s.index);
                }
                case 2 -> {
                    Slot s = present.get(random.nextInt(present.size()));
                    boolean done = random.nextBoolean();
                    pool.setDone(s, done);
                    model.put(s, done);
                }
                default -> {
                    Slot s = present.get(random.nextInt(present.size()));
                    pool.readdress(s, address(random.nextInt(100_000), random.nextInt(5)));
                    model.put(s, model.done.get(s));
                }
            }
            if (op % 53 == 0 || present.size() < 8) {
                check(pool, model, random);
            }
        }
        check(pool, model, random);
    }

    /** Every order of add, setDone and remove over three slots keeps the bookkeeping consistent. */
    @Test
    void everyOrderOfOperationsOnThreeSlots() {
        assertTrue(explore(new ArrayList<>(), 5) > 2_000, "the search covers the sequences");
    }

    /**
     * Replays {@code ops} on a fresh pool, checks it, then extends {@code ops} by every valid operation
     * until {@code depth}; returns the sequences checked. An operation is slot * 5 + action, the actions
     * being add wanting, add done, setDone true, setDone false, remove.
     */
    private static int explore(List<Integer> ops, int depth) {
        Pool pool = new Pool(AddressFamily.V4, 24);
        Model model = new Model();
        Slot[] slots = {slot(1), slot(6), slot(2)}; // 1 and 6 share a subnet
        for (int op : ops) {
            Slot s = slots[op / 5];
            switch (op % 5) {
                case 0, 1 -> pool.add(s, op % 5 == 1);
                case 2, 3 -> pool.setDone(s, op % 5 == 2);
                default -> pool.remove(s);
            }
            if (op % 5 == 4) {
                model.remove(s);
            } else {
                model.put(s, op % 5 == 1 || op % 5 == 2);
            }
        }
        check(pool, model, new Random(ops.hashCode()));
        if (ops.size() == depth) {
            return 1;
        }
        int checked = 1;
        for (int op = 0; op < 15; op++) {
            boolean in = model.done.containsKey(slots[op / 5]);
            if (in == (op % 5 < 2)) {
                continue; // add needs an absent slot, the others a present one
            }
            ops.add(op);
            checked += explore(ops, depth);
            ops.remove(ops.size() - 1);
        }
        return checked;
    }

    @Test
    void setDoneToTheCurrentStateChangesNothing() {
        Pool pool = new Pool(AddressFamily.V4, 24);
        Slot a = slot(1);
        Slot b = slot(2);
        pool.add(a, false);
        pool.add(b, true);
        int ia = a.index;
        int ib = b.index;
        pool.setDone(a, false);
        pool.setDone(b, true);
        assertEquals(List.of(ia, ib), List.of(a.index, b.index));
    }

    @Test
    void subnetRingsFollowAddressChangesAndRemovals() {
        Pool pool = new Pool(AddressFamily.V4, 24);
        Slot a = new Slot(new Peer(id(1)), PeerAddress.of(new byte[] {10, 0, 1, 1}, 1));
        Slot b = new Slot(new Peer(id(2)), PeerAddress.of(new byte[] {10, 0, 2, 1}, 1));
        pool.add(a, true);
        pool.add(b, true);
        PeerAddress requester = PeerAddress.of(new byte[] {10, 0, 2, (byte) 200}, 1);
        assertEquals(Map.of(id(2), b.address), pick(pool, null, requester, false, 1));
        pool.readdress(a, PeerAddress.of(new byte[] {10, 0, 2, 2}, 1));
        pool.remove(b);
        assertEquals(Map.of(id(1), a.address), pick(pool, null, requester, false, 1),
                "the moved slot is found in its new subnet, with its new wire entry");
        pool.remove(a);
        assertEquals(Map.of(), pick(pool, null, requester, false, 1));
    }

    @Test
    void aSubnetLargerThanThePickWindowIsServedInTurn() {
        Pool pool = new Pool(AddressFamily.V4, 24);
        for (int n = 0; n < 64; n++) {
            pool.add(new Slot(new Peer(id(n)), PeerAddress.of(new byte[] {10, 0, 1, (byte) n}, 1)), true);
        }
        PeerAddress requester = PeerAddress.of(new byte[] {10, 0, 1, (byte) 200}, 1);
        Set<PeerId> seen = new HashSet<>();
        // A window is 4 slots for numwant 1: 16 picks walk the whole ring once.
        for (int round = 0; round < 16; round++) {
            seen.addAll(pick(pool, null, requester, false, 1).keySet());
        }
        assertEquals(16, seen.size(), "each pick from a fresh window");
        for (int round = 0; round < 2000; round++) {
            seen.addAll(pick(pool, null, requester, false, 1).keySet());
        }
        assertEquals(64, seen.size());
    }

    @Test
    void withoutSubnetPreferenceNothingIsLinked() {
        Pool pool = new Pool(AddressFamily.V4, 0);
        Slot a = slot(1);
        pool.add(a, false);
        assertFalse(a.subnetNext != null || a.subnetPrev != null);
        assertEquals(Map.of(id(1), a.address), pick(pool, null, a.address.withPort(9), false, 5));
    }

    @Test
    void subnetKeysTakeThePrefixBits() {
        Pool v4 = new Pool(AddressFamily.V4, 24);
        assertEquals(v4.subnetKey(PeerAddress.of(new byte[] {10, 1, 2, 3}, 1)),
                v4.subnetKey(PeerAddress.of(new byte[] {10, 1, 2, (byte) 250}, 9)));
        assertTrue(v4.subnetKey(PeerAddress.of(new byte[] {10, 1, 2, 3}, 1))
                != v4.subnetKey(PeerAddress.of(new byte[] {10, 1, 3, 3}, 1)));
        Pool v6 = new Pool(AddressFamily.V6, 48);
        byte[] a = new byte[16];
        a[0] = 0x20;
        a[5] = 1;
        byte[] b = a.clone();
        b[6] = (byte) 0xff; // beyond /48
        byte[] c = a.clone();
        c[5] = 2; // inside /48
        assertEquals(v6.subnetKey(PeerAddress.of(a, 1)), v6.subnetKey(PeerAddress.of(b, 1)));
        assertTrue(v6.subnetKey(PeerAddress.of(a, 1)) != v6.subnetKey(PeerAddress.of(c, 1)));
    }
}
