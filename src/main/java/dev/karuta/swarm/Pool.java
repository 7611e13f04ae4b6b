package dev.karuta.swarm;

import dev.karuta.core.AddressFamily;
import dev.karuta.core.PeerAddress;
import dev.karuta.core.SelectedPeers;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The peers of one swarm that have an address of one family, kept so that picking peers costs
 * O(numwant): a dense array of entries with downloaders in {@code [0, wanting)} and seeders and partial
 * seeds in {@code [wanting, size)}. An entry is the peer's compact address and port as on the wire,
 * then its record in the {@link PeerTable} (3 bytes), so a compact pick copies bytes from one place.
 * Entries move when others leave (the array stays dense); the record keeps its entry's position.
 * Peers of the requester's subnet are found by scanning a small pool, and through a
 * {@link SubnetIndex} once the pool holds more than {@value #INDEX_MIN}. Not thread-safe: the owning
 * {@link Swarm} serializes access.
 */
final class Pool {
    /** A pool larger than this finds subnets through an index; below {@link #INDEX_DROP} it drops it. */
    static final int INDEX_MIN = 256;
    static final int INDEX_DROP = 64;
    private static final byte[] NO_ENTRIES = new byte[0];
    private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final PeerTable table;
    private final SwarmContext.Shape shape;
    private byte[] entries = NO_ENTRIES;
    private int size;
    private int wanting;
    private SubnetIndex subnets;

    Pool(PeerTable table, SwarmContext.Shape shape) {
        this.table = table;
        this.shape = shape;
    }

    int size() {
        return size;
    }

    AddressFamily family() {
        return shape.family;
    }

    /** Adds record {@code r} at {@code address}; {@code done} places it among the peers that want nothing. */
    void add(int r, PeerAddress address, boolean done) {
        int stride = shape.stride;
        if ((size + 1) * stride > entries.length) {
            int capacity = size + Math.max(1, size / 8);
            entries = Arrays.copyOf(entries, capacity * stride);
        }
        int pos;
        if (done) {
            pos = size;
        } else {
            if (wanting < size) {
                move(wanting, size);
            }
            pos = wanting++;
        }
        address.writeCompact(entries, pos * stride);
        setRecord(pos, r);
        size++;
        if (subnets != null) {
            subnets.link(r, subnetKey(pos));
            if (subnets.crowded()) {
                buildIndex(); // twice the buckets: O(size) once per doubling
            }
        } else if (shape.subnetBits > 0 && size > INDEX_MIN) {
            buildIndex();
        }
    }

    /** Removes record {@code r}, keeping the array dense. */
    void remove(int r) {
        int pos = table.pos(r, shape.v4);
        if (subnets != null) {
            subnets.unlink(r, subnetKey(pos));
        }
        int last = size - 1;
        if (pos < wanting) {
            // Fill the hole with the last downloader, then the last downloader's place with the last entry.
            int lastWanting = wanting - 1;
            if (pos != lastWanting) {
                move(lastWanting, pos);
            }
            pos = lastWanting;
            wanting--;
        }
        if (pos != last) {
            move(last, pos);
        }
        size--;
        table.setPos(r, shape.v4, PeerTable.NONE);
        int stride = shape.stride;
        if (size == 0) {
            entries = NO_ENTRIES;
        } else if (entries.length > 64 * stride && size * 2 * stride < entries.length) {
            entries = Arrays.copyOf(entries, (size + size / 8 + 1) * stride);
        }
        if (subnets != null && size < INDEX_DROP) {
            subnets = null;
        }
    }

    /** Moves record {@code r} between the downloaders and the done peers. */
    void setDone(int r, boolean done) {
        int pos = table.pos(r, shape.v4);
        boolean isDone = pos >= wanting;
        if (isDone == done) {
            return;
        }
        int target = done ? wanting - 1 : wanting;
        swap(pos, target);
        wanting += done ? -1 : 1;
    }

    /** Gives record {@code r} a new address (same peer, moved or re-ported). */
    void readdress(int r, PeerAddress address) {
        int pos = table.pos(r, shape.v4);
        if (subnets != null) {
            subnets.unlink(r, subnetKey(pos));
        }
        address.writeCompact(entries, pos * shape.stride);
        if (subnets != null) {
            subnets.link(r, subnetKey(pos));
        }
    }

    /** Whether record {@code r} has no entry here (no address of this family). */
    boolean hasNoEntry(int r) {
        return table.pos(r, shape.v4) == PeerTable.NONE;
    }

    /** Record {@code r}'s address in this family. */
    PeerAddress address(int r) {
        return PeerAddress.fromCompact(family(), entries, table.pos(r, shape.v4) * shape.stride);
    }

    /** Whether record {@code r} is at exactly {@code address}. */
    boolean isAt(int r, PeerAddress address) {
        return address.sameAs(entries, table.pos(r, shape.v4) * shape.stride);
    }

    /** Whether record {@code r} has the IP of {@code address}. */
    boolean hasIpOf(int r, PeerAddress address) {
        return address.sameIpAs(entries, table.pos(r, shape.v4) * shape.stride);
    }

    /**
     * Appends up to {@code max} peers to {@code out}: first ones in the requester's subnet, then random
     * ones, never one twice. A done requester gets only downloaders; record {@code self} is never picked,
     * nor a peer of {@code owner} unless that is {@link SwarmRegistry#NO_OWNER} (such peers are rare, so
     * they are skipped where met and the answer may come out short by as many).
     */
    void pick(int self, PeerAddress requester, boolean requesterDone, int owner, int max, SelectedPeers out) {
        int range = requesterDone ? wanting : size;
        int selfPos = self == PeerTable.NONE ? PeerTable.NONE : table.pos(self, shape.v4);
        if (selfPos >= range) {
            selfPos = PeerTable.NONE;
        }
        int want = Math.min(max, range - (selfPos >= 0 ? 1 : 0));
        if (want <= 0) {
            return;
        }
        // Only subnet picks and the sparse path need to remember what was taken; most picks from small
        // swarms need neither, so the set is made on demand.
        IndexSet picked = pickSubnet(selfPos, requester, range, want, owner, out);
        int taken = picked == null ? 0 : picked.size();
        int eligible = range - (selfPos >= 0 ? 1 : 0) - taken;
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
                if (i == selfPos || picked != null && picked.contains(i)) {
                    continue;
                }
                if (random.nextInt(eligible) < remaining && !owned(i, owner)) {
                    emit(i, out);
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
                if (i != selfPos && !picked.contains(i) && !owned(i, owner)) {
                    picked.add(i);
                    emit(i, out);
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
    private IndexSet pickSubnet(int selfPos, PeerAddress requester, int range, int want, int owner,
                                SelectedPeers out) {
        // Loopback requesters share no network with anyone worth preferring (and in a local test every
        // peer would be "in the subnet"): they get random peers.
        if (shape.subnetBits == 0 || requester == null || requester.isLoopback()) {
            return null;
        }
        long key = requester.leadingBits(shape.subnetBits);
        if (subnets == null) {
            return scanSubnet(key, selfPos, range, want, owner, out);
        }
        int head = subnets.head(key);
        if (head == PeerTable.NONE) {
            return null;
        }
        // One walk of the window gathers the eligible positions, and where the window ends.
        int budget = 4 * want;
        int[] found = new int[budget];
        int eligible = 0;
        int end = head;
        int walked = 0;
        do {
            int pos = table.pos(end, shape.v4);
            if (inSubnet(pos, key, selfPos, range)) {
                found[eligible++] = pos;
            }
            end = subnets.next(end);
            walked++;
        } while (end != head && walked < budget);
        subnets.rotate(key, head, end);
        if (eligible == 0) {
            return null;
        }
        return draw(found, eligible, want, owner, out);
    }

    /** {@link #pickSubnet} for a pool without an index: a uniform choice among the whole range. */
    private IndexSet scanSubnet(long key, int selfPos, int range, int want, int owner, SelectedPeers out) {
        int[] found = null;
        int eligible = 0;
        for (int pos = 0; pos < range; pos++) {
            if (inSubnet(pos, key, selfPos, range)) {
                if (found == null) {
                    found = new int[range];
                }
                found[eligible++] = pos;
            }
        }
        return eligible == 0 ? null : draw(found, eligible, want, owner, out);
    }

    /**
     * Emits a uniform choice of min(want, eligible) of the first {@code eligible} positions of
     * {@code found} (a partial Fisher-Yates shuffle: one random draw a pick), skipping {@code owner}'s;
     * returns the positions taken.
     */
    private IndexSet draw(int[] found, int eligible, int want, int owner, SelectedPeers out) {
        IndexSet picked = new IndexSet(want);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int need = Math.min(want, eligible);
        for (int i = 0; i < eligible && picked.size() < need; i++) {
            int j = i + random.nextInt(eligible - i);
            int pos = found[j];
            found[j] = found[i];
            if (!owned(pos, owner)) {
                picked.add(pos);
                emit(pos, out);
            }
        }
        return picked;
    }

    private boolean inSubnet(int pos, long key, int selfPos, int range) {
        return pos != selfPos && pos < range && subnetKey(pos) == key;
    }

    /** Whether the entry at {@code pos} is a peer of {@code owner}, who is not {@link SwarmRegistry#NO_OWNER}. */
    private boolean owned(int pos, int owner) {
        return owner != SwarmRegistry.NO_OWNER && table.owner(record(pos)) == owner;
    }

    private void emit(int pos, SelectedPeers out) {
        out.add(shape.family, entries, pos * shape.stride, table.recs, record(pos) * PeerTable.STRIDE);
    }

    /** The subnet of the entry at {@code pos}: the first {@code subnetBits} bits of its address. */
    long subnetKey(int pos) {
        // One big-endian read of the address's first 4 (IPv4) or 8 (IPv6) bytes, as PeerAddress.leadingBits.
        int bits = shape.subnetBits;
        if (bits == 0) {
            return 0;
        }
        int at = pos * shape.stride;
        return shape.v4 ? ((int) INT_BE.get(entries, at) & 0xffffffffL) >>> (32 - bits)
                : (long) LONG_BE.get(entries, at) >>> (64 - bits);
    }

    private void buildIndex() {
        subnets = new SubnetIndex(size);
        for (int pos = 0; pos < size; pos++) {
            subnets.link(record(pos), subnetKey(pos));
        }
    }

    private int record(int pos) {
        return Bytes3.get(entries, pos * shape.stride + shape.compactLength);
    }

    private void setRecord(int pos, int r) {
        Bytes3.set(entries, pos * shape.stride + shape.compactLength, r);
        table.setPos(r, shape.v4, pos);
    }

    /** Moves the entry at {@code from} to {@code to} (whose entry is gone or saved). */
    private void move(int from, int to) {
        int stride = shape.stride;
        System.arraycopy(entries, from * stride, entries, to * stride, stride);
        table.setPos(record(to), shape.v4, to);
    }

    private void swap(int a, int b) {
        if (a == b) {
            return;
        }
        int stride = shape.stride;
        int x = a * stride;
        int y = b * stride;
        for (int k = 0; k < stride; k++) {
            byte t = entries[x + k];
            entries[x + k] = entries[y + k];
            entries[y + k] = t;
        }
        table.setPos(record(a), shape.v4, a);
        table.setPos(record(b), shape.v4, b);
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
