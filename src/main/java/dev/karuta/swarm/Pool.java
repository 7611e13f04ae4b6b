package dev.karuta.swarm;

import dev.karuta.core.AddressFamily;
import dev.karuta.core.PeerAddress;
import dev.karuta.core.SelectedPeers;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How a swarm picks peers of one address family for an answer, in O(numwant): random among the
 * eligible, never the requester, a done requester only downloaders, peers of the requester's subnet
 * first. The peers are kept as its {@link PackedPool} lays them out: subnets are found by scanning a
 * small pool, and through its {@link SubnetIndex} once the pool holds more than {@value PackedPool#INDEX_MIN}.
 * One object per family and registry, holding no swarm's state. Callers hold the swarm's lock.
 */
final class Pool extends PackedPool {

    /** The pools of {@code family} (one object for all swarms of a registry), preferring {@code subnetBits}. */
    Pool(AddressFamily family, int subnetBits) {
        super(family, subnetBits);
    }

    /**
     * Appends up to {@code max} peers of {@code t} to {@code out}: first ones in the requester's subnet,
     * then random ones, never one twice. A done requester gets only downloaders; record {@code self} (the
     * requester, with or without an entry here) is never picked, nor a peer of {@code owner} unless that
     * is {@link SwarmRegistry#NO_OWNER} (such peers are rare, so they are skipped where met and the
     * answer may come out short by as many).
     */
    void pick(PeerTable t, int self, PeerAddress requester, boolean requesterDone, int owner, int max,
              SelectedPeers out) {
        byte[] e = entries(t);
        int range = requesterDone ? wanting(e) : size(e);
        int selfPos = t.pos(self, v4); // NONE when the requester has no address of this family
        if (selfPos >= range) {
            selfPos = PeerTable.NONE;
        }
        int want = Math.min(max, range - (selfPos >= 0 ? 1 : 0));
        if (want <= 0) {
            return;
        }
        // Only subnet picks and the sparse path need to remember what was taken; most picks from small
        // swarms need neither, so the set is made on demand.
        IndexSet picked = pickSubnet(t, e, selfPos, requester, range, want, owner, out);
        int taken = picked == null ? 0 : picked.size();
        int eligible = range - (selfPos >= 0 ? 1 : 0) - taken;
        int remaining = Math.min(want - taken, eligible);
        if (remaining <= 0) {
            return;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        // Positions that can no longer be drawn: the requester's and the subnet picks'.
        int occupied = range - eligible;
        if ((occupied + remaining) * 2 > range) {
            // Dense case: selection sampling over the whole range, O(range) = O(numwant), since the range
            // is under twice the requester, the subnet picks and the rest wanted (each at most numwant),
            // from a random start; the picks come in table order from there, so they are shuffled after.
            int first = out.count(family);
            int start = random.nextInt(range);
            for (int n = 0; n < range && remaining > 0; n++) {
                int i = (start + n) % range;
                if (i == selfPos || picked != null && picked.contains(i)) {
                    continue;
                }
                // Selection sampling; when every candidate is wanted (a small swarm), no draw is needed.
                if ((remaining == eligible || random.nextInt(eligible) < remaining) && !owned(t, e, i, owner)) {
                    emit(t, e, i, out);
                    remaining--;
                }
                eligible--;
            }
            out.shuffle(family, first, random);
        } else {
            // Sparse case: at least half the range stays free to the last pick (the occupied positions
            // counted, not only the candidates), so rejection needs < 2 tries a pick on average.
            if (picked == null) {
                picked = new IndexSet(want);
            }
            // Tries are bounded only where an owner's peers may crowd the swarm: there the answer comes
            // out short instead. Without an owner every pick is made.
            int tries = owner == SwarmRegistry.NO_OWNER ? Integer.MAX_VALUE : 4 * remaining + 16;
            for (; remaining > 0 && tries > 0; tries--) {
                int i = random.nextInt(range);
                if (i != selfPos && !picked.contains(i) && !owned(t, e, i, owner)) {
                    picked.add(i);
                    emit(t, e, i, out);
                    remaining--;
                }
            }
        }
    }

    /**
     * Picks peers of the requester's subnet at random; returns the positions taken, or null when none.
     * A small pool is scanned whole; a large one reads its subnet's ring in a window of at most
     * {@code 4 * want} records, whose start then moves on, so over successive announces every peer of a
     * subnet larger than the window gets its turn.
     */
    private IndexSet pickSubnet(PeerTable t, byte[] e, int selfPos, PeerAddress requester, int range, int want,
                                int owner, SelectedPeers out) {
        // Loopback requesters share no network with anyone worth preferring (and in a local test every
        // peer would be "in the subnet"): they get random peers.
        if (subnetBits == 0 || requester == null || requester.isLoopback()) {
            return null;
        }
        long key = requester.leadingBits(subnetBits);
        SubnetIndex subnets = subnets(t);
        int[] found = null;
        int eligible = 0;
        if (subnets == null) {
            for (int pos = 0; pos < range; pos++) {
                if (pos != selfPos && subnetKey(e, pos) == key) {
                    if (found == null) {
                        found = new int[range];
                    }
                    found[eligible++] = pos;
                }
            }
        } else {
            int head = subnets.head(key);
            if (head == PeerTable.NONE) {
                return null;
            }
            // One walk of the window gathers the eligible positions, and where the window ends.
            int budget = 4 * want;
            found = new int[budget];
            int end = head;
            int walked = 0;
            do {
                int pos = t.pos(end, v4);
                if (pos != selfPos && pos < range && subnetKey(e, pos) == key) {
                    found[eligible++] = pos;
                }
                end = subnets.next(end);
                walked++;
            } while (end != head && walked < budget);
            subnets.rotate(key, head, end);
        }
        return eligible == 0 ? null : draw(t, e, found, eligible, want, owner, out);
    }

    /**
     * Emits a uniform choice of min(want, eligible) of the first {@code eligible} positions of
     * {@code found} (a partial Fisher-Yates shuffle: one random draw a pick), skipping {@code owner}'s;
     * returns the positions taken.
     */
    private IndexSet draw(PeerTable t, byte[] e, int[] found, int eligible, int want, int owner, SelectedPeers out) {
        IndexSet picked = new IndexSet(want);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int need = Math.min(want, eligible);
        for (int i = 0; i < eligible && picked.size() < need; i++) {
            int j = i + random.nextInt(eligible - i);
            int pos = found[j];
            found[j] = found[i];
            if (!owned(t, e, pos, owner)) {
                picked.add(pos);
                emit(t, e, pos, out);
            }
        }
        return picked;
    }

    /** Whether the entry at {@code pos} is a peer of {@code owner}, who is not {@link SwarmRegistry#NO_OWNER}. */
    private boolean owned(PeerTable t, byte[] e, int pos, int owner) {
        return owner != SwarmRegistry.NO_OWNER && t.owner(record(e, pos)) == owner;
    }

    private void emit(PeerTable t, byte[] e, int pos, SelectedPeers out) {
        out.add(family, e, at(pos), t.recs, record(e, pos) * PeerTable.STRIDE);
    }

    /** A small open-addressing set of positions picked in one round (at most numwant of them). */
    private static final class IndexSet {
        private final int[] table;
        private int size;

        IndexSet(int capacity) {
            table = new int[Integer.highestOneBit(Math.max(4, capacity * 2) - 1) << 1];
        }

        int size() {
            return size;
        }

        boolean contains(int index) {
            int mask = table.length - 1;
            for (int h = mix(index) & mask; table[h] != 0; h = (h + 1) & mask) {
                if (table[h] == index + 1) {
                    return true;
                }
            }
            return false;
        }

        void add(int index) {
            int mask = table.length - 1;
            int h = mix(index) & mask;
            while (table[h] != 0) {
                h = (h + 1) & mask;
            }
            table[h] = index + 1; // 0 marks an empty cell
            size++;
        }

        private static int mix(int x) {
            return x * 0x9E3779B9 >>> 7;
        }
    }
}
