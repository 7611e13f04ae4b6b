package dev.karuta.swarm;

import dev.karuta.core.AddressFamily;
import dev.karuta.core.Id20;
import dev.karuta.core.PeerAddress;
import dev.karuta.core.SelectedPeers;
import java.util.Arrays;
import java.util.HashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The slots of one address family in one swarm, kept so that picking peers costs O(numwant):
 * a dense array with downloaders in {@code [0, wanting)} and seeders and partial seeds in
 * {@code [wanting, size)}, plus a ring per subnet for local-first selection. Beside the slots, each
 * index holds the peer's wire form (compact address, then peer_id) inline in one byte array, so a
 * pick copies bytes from one place instead of chasing four objects per peer (cache misses are what
 * made picks from large swarms slow). Each subnet's slots form a ring whose entry point is in
 * {@code subnetHeads}. Not thread-safe: the owning {@link Swarm} serializes access.
 */
final class Pool {
    private final AddressFamily family;
    private final int subnetBits;
    private final HashMap<Long, Slot> subnetHeads = new HashMap<>();
    /** Bytes of one compact entry (address and port) of this family. */
    private final int stride;
    private Slot[] slots = new Slot[4];
    // The wire form of each slot, by index, in two columns: a compact answer (the usual one, and every
    // UDP answer) reads only the first, so its picks touch a quarter of the cache lines.
    private byte[] compact;
    private byte[] ids;
    private int size;
    private int wanting;

    Pool(AddressFamily family, int subnetBits) {
        this.family = family;
        this.subnetBits = subnetBits;
        this.stride = family.compactLength();
        this.compact = new byte[4 * stride];
        this.ids = new byte[4 * Id20.LENGTH];
    }

    int size() {
        return size;
    }

    /** Adds {@code slot}; {@code done} places it among the peers that want nothing. */
    void add(Slot slot, boolean done) {
        if (size == slots.length) {
            slots = Arrays.copyOf(slots, size * 2);
            compact = Arrays.copyOf(compact, size * 2 * stride);
            ids = Arrays.copyOf(ids, size * 2 * Id20.LENGTH);
        }
        if (done) {
            place(slot, size);
        } else {
            if (wanting < size) {
                place(slots[wanting], size);
            }
            place(slot, wanting);
            wanting++;
        }
        size++;
        linkSubnet(slot);
    }

    /** Removes {@code slot}, keeping the array dense. */
    void remove(Slot slot) {
        int i = slot.index;
        int last = size - 1;
        if (i < wanting) {
            // Fill the hole with the last downloader, then the last downloader's place with the last slot.
            int lastWanting = wanting - 1;
            if (i != lastWanting) {
                place(slots[lastWanting], i);
            }
            i = lastWanting;
            wanting--;
        }
        if (i != last) {
            place(slots[last], i);
        }
        slots[last] = null;
        size--;
        slot.index = -1;
        unlinkSubnet(slot);
    }

    /** Moves {@code slot} between the downloaders and the done peers. */
    void setDone(Slot slot, boolean done) {
        boolean isDone = slot.index >= wanting;
        if (isDone == done) {
            return;
        }
        int target = done ? wanting - 1 : wanting;
        Slot other = slots[target];
        place(other, slot.index);
        place(slot, target);
        wanting += done ? -1 : 1;
    }

    /** Gives {@code slot} a new address (same peer, moved or re-ported). */
    void readdress(Slot slot, PeerAddress address) {
        unlinkSubnet(slot);
        slot.address = address;
        writeEntry(slot);
        linkSubnet(slot);
    }

    /**
     * Appends up to {@code max} peers to {@code out}: first ones in the requester's subnet, then random
     * ones, never one twice. A done requester gets only downloaders; {@code self} is never picked, nor
     * a peer of {@code owner} unless that is {@link SwarmRegistry#NO_OWNER} (such peers are rare, so
     * they are skipped where met and the answer may come out short by as many).
     */
    void pick(Slot self, PeerAddress requester, boolean requesterDone, int owner, int max, SelectedPeers out) {
        int range = requesterDone ? wanting : size;
        int selfIndex = self != null && self.index < range ? self.index : -1;
        int want = Math.min(max, range - (selfIndex >= 0 ? 1 : 0));
        if (want <= 0) {
            return;
        }
        // Only subnet picks and the sparse path need to remember what was taken; most picks from small
        // swarms need neither, so the set is made on demand.
        IndexSet picked = pickSubnet(selfIndex, requester, range, want, owner, out);
        int taken = picked == null ? 0 : picked.size();
        int eligible = range - (selfIndex >= 0 ? 1 : 0) - taken;
        int remaining = Math.min(want - taken, eligible);
        if (remaining <= 0) {
            return;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (remaining * 2 >= eligible) {
            // Dense case: selection sampling over the whole range, O(range) = O(numwant).
            int start = random.nextInt(range);
            for (int n = 0; n < range && remaining > 0; n++) {
                int i = (start + n) % range;
                if (i == selfIndex || picked != null && picked.contains(i)) {
                    continue;
                }
                if (random.nextInt(eligible) < remaining && !owned(i, owner)) {
                    out.add(family, compact, ids, i);
                    remaining--;
                }
                eligible--;
            }
        } else {
            // Sparse case: at least half the candidates are free, so rejection needs < 2 tries each.
            if (picked == null) {
                picked = new IndexSet(want);
            }
            // Tries are bounded: when an owner's peers crowd the swarm, the answer comes out short instead.
            for (int tries = 4 * remaining + 16; remaining > 0 && tries > 0; tries--) {
                int i = random.nextInt(range);
                if (i != selfIndex && !picked.contains(i)) {
                    if (owned(i, owner)) {
                        continue;
                    }
                    take(i, picked, out);
                    remaining--;
                }
            }
        }
    }

    /**
     * Picks peers of the requester's subnet at random; returns the indexes taken, or null when none.
     * The subnet's ring is read in a window of at most {@code 4 * want} slots, so a crowded subnet costs
     * O(numwant); the window's start then moves on, so over successive announces every slot of a
     * subnet larger than the window gets its turn.
     */
    private IndexSet pickSubnet(int selfIndex, PeerAddress requester, int range, int want, int owner,
                                SelectedPeers out) {
        // Loopback requesters share no network with anyone worth preferring (and in a local test every
        // peer would be "in the subnet"): they get random peers.
        if (subnetBits == 0 || requester == null || requester.isLoopback()) {
            return null;
        }
        long key = subnetKey(requester);
        Slot head = subnetHeads.get(key);
        if (head == null || head.subnetNext == head && head.index == selfIndex) {
            return null;
        }
        // First pass: how many in the window are eligible, and where the window ends.
        int budget = 4 * want;
        int eligible = 0;
        Slot end = head;
        int walked = 0;
        do {
            if (end.index != selfIndex && end.index < range) {
                eligible++;
            }
            end = end.subnetNext;
            walked++;
        } while (end != head && walked < budget);
        if (eligible == 0) {
            rotate(key, head, end);
            return null;
        }
        // Second pass: selection sampling, a uniform choice of min(want, eligible) of them.
        IndexSet picked = new IndexSet(want);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int need = Math.min(want, eligible);
        for (Slot s = head; need > 0 && eligible > 0; s = s.subnetNext) {
            if (s.index != selfIndex && s.index < range) {
                if (random.nextInt(eligible) < need && !owned(s.index, owner)) {
                    take(s.index, picked, out);
                    need--;
                }
                eligible--;
            }
        }
        rotate(key, head, end);
        return picked;
    }

    /** Starts the subnet's next window at {@code end} when this one did not reach round the ring. */
    private void rotate(long key, Slot head, Slot end) {
        if (end != head) {
            subnetHeads.put(key, end);
        }
    }

    /** Whether slot {@code index} is a peer of {@code owner}, who is not {@link SwarmRegistry#NO_OWNER}. */
    private boolean owned(int index, int owner) {
        return owner != SwarmRegistry.NO_OWNER && slots[index].owner.owner == owner;
    }

    private void take(int index, IndexSet picked, SelectedPeers out) {
        picked.add(index);
        out.add(family, compact, ids, index);
    }

    /** A small open-addressing set of array indexes picked in one round (at most numwant of them). */
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

    private void place(Slot slot, int index) {
        slots[index] = slot;
        slot.index = index;
        writeEntry(slot);
    }

    /** Writes the slot's wire form (compact address, peer_id) at its index. */
    private void writeEntry(Slot slot) {
        slot.address.writeCompact(compact, slot.index * stride);
        slot.owner.id.copyTo(ids, slot.index * Id20.LENGTH);
    }

    /** Adds {@code slot} to its subnet's ring (at the end of the ring as read from its entry point). */
    private void linkSubnet(Slot slot) {
        if (subnetBits == 0) {
            return;
        }
        slot.subnetKey = subnetKey(slot.address);
        Slot head = subnetHeads.putIfAbsent(slot.subnetKey, slot);
        if (head == null) {
            slot.subnetPrev = slot;
            slot.subnetNext = slot;
        } else {
            Slot tail = head.subnetPrev;
            slot.subnetPrev = tail;
            slot.subnetNext = head;
            tail.subnetNext = slot;
            head.subnetPrev = slot;
        }
    }

    private void unlinkSubnet(Slot slot) {
        if (subnetBits == 0) {
            return;
        }
        if (slot.subnetNext == slot) {
            subnetHeads.remove(slot.subnetKey);
        } else {
            slot.subnetPrev.subnetNext = slot.subnetNext;
            slot.subnetNext.subnetPrev = slot.subnetPrev;
            // The ring's entry point moves on if it was this slot.
            subnetHeads.replace(slot.subnetKey, slot, slot.subnetNext);
        }
        slot.subnetPrev = null;
        slot.subnetNext = null;
    }

    /** The first {@code subnetBits} bits of the address (at most 64), as a map key. */
    long subnetKey(PeerAddress address) {
        byte[] ip = address.ip();
        long bits = 0;
        int n = Math.min(ip.length, 8);
        for (int i = 0; i < n; i++) {
            bits = (bits << 8) | (ip[i] & 0xff);
        }
        int width = n * 8;
        return bits >>> (width - Math.min(subnetBits, width));
    }

    AddressFamily family() {
        return family;
    }
}
