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
 * How a swarm keeps its peers of one address family so that picking peers costs O(numwant): one object
 * per family and registry, holding no swarm's state; each swarm's pool is an array in its
 * {@link PeerTable} ({@code entries4}, {@code entries6}; no object per swarm and family). The array
 * starts with the pool's size and its number of downloaders (3 bytes each), then the dense entries,
 * downloaders in {@code [0, wanting)} and seeders and partial seeds in {@code [wanting, size)}. An
 * entry is the peer's compact address and port as on the wire, then its record (3 bytes), so a
 * compact pick copies bytes from one place. Entries move when others leave (the array stays dense);
 * the record keeps its entry's position. Peers of the requester's subnet are found by scanning a small
 * pool, and through a {@link SubnetIndex} once the pool holds more than {@value #INDEX_MIN}. Callers
 * hold the swarm's lock.
 */
final class Pool {
    /** A pool larger than this finds subnets through an index; below {@link #INDEX_DROP} it drops it. */
    static final int INDEX_MIN = 256;
    static final int INDEX_DROP = 64;
    /** Bytes before the first entry: the pool's size and its number of downloaders, 3 bytes each. */
    private static final int HEADER = 6;
    static final byte[] NO_ENTRIES = new byte[0];
    private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final AddressFamily family;
    private final boolean v4;
    private final int addressLength;
    private final int compactLength;
    /** Bytes of one entry: the compact address and port, then the peer's record (3 bytes). */
    private final int stride;
    private final int subnetBits;

    /** The pools of {@code family} (one object for all swarms of a registry), preferring {@code subnetBits}. */
    Pool(AddressFamily family, int subnetBits) {
        this.family = family;
        this.v4 = family == AddressFamily.V4;
        this.addressLength = family.addressLength();
        this.compactLength = family.compactLength();
        this.stride = compactLength + 3;
        this.subnetBits = subnetBits;
    }

    AddressFamily family() {
        return family;
    }

    /** How many peers of {@code t} have an address of this family. */
    int size(PeerTable t) {
        return size(entries(t));
    }

    /** Adds record {@code r} at {@code address}; {@code done} places it among the peers that want nothing. */
    void add(PeerTable t, int r, PeerAddress address, boolean done) {
        byte[] e = entries(t);
        int size = size(e);
        int wanting = wanting(e);
        if (HEADER + (size + 1) * stride > e.length) {
            int capacity = size + Math.max(1, size / 8);
            e = Arrays.copyOf(e, HEADER + capacity * stride);
            setEntries(t, e);
        }
        int pos;
        if (done) {
            pos = size;
        } else {
            if (wanting < size) {
                move(t, e, wanting, size);
            }
            pos = wanting++;
        }
        address.writeCompact(e, at(pos));
        setRecord(t, e, pos, r);
        size++;
        setCounts(e, size, wanting);
        SubnetIndex subnets = subnets(t);
        if (subnets != null) {
            subnets.link(r, subnetKey(e, pos));
            if (subnets.crowded()) {
                buildIndex(t, e); // twice the buckets: O(size) once per doubling
            }
        } else if (subnetBits > 0 && size > INDEX_MIN) {
            buildIndex(t, e);
        }
    }

    /** Removes record {@code r}, keeping the array dense. */
    void remove(PeerTable t, int r) {
        byte[] e = entries(t);
        int size = size(e);
        int wanting = wanting(e);
        int pos = t.pos(r, v4);
        SubnetIndex subnets = subnets(t);
        if (subnets != null) {
            subnets.unlink(r, subnetKey(e, pos));
        }
        int last = size - 1;
        if (pos < wanting) {
            // Fill the hole with the last downloader, then the last downloader's place with the last entry.
            int lastWanting = wanting - 1;
            if (pos != lastWanting) {
                move(t, e, lastWanting, pos);
            }
            pos = lastWanting;
            wanting--;
        }
        if (pos != last) {
            move(t, e, last, pos);
        }
        size--;
        t.setPos(r, v4, PeerTable.NONE);
        if (size == 0) {
            setEntries(t, NO_ENTRIES);
        } else {
            setCounts(e, size, wanting);
            if (e.length > HEADER + 64 * stride && HEADER + size * 2 * stride < e.length) {
                setEntries(t, Arrays.copyOf(e, HEADER + (size + size / 8 + 1) * stride));
            }
        }
        if (subnets != null && size < INDEX_DROP) {
            setSubnets(t, null);
        }
    }

    /** Moves record {@code r} between the downloaders and the done peers; nothing when it has no entry here. */
    void setDone(PeerTable t, int r, boolean done) {
        int pos = t.pos(r, v4);
        if (pos == PeerTable.NONE) {
            return;
        }
        byte[] e = entries(t);
        int wanting = wanting(e);
        boolean isDone = pos >= wanting;
        if (isDone == done) {
            return;
        }
        int target = done ? wanting - 1 : wanting;
        swap(t, e, pos, target);
        setCounts(e, size(e), wanting + (done ? -1 : 1));
    }

    /** Gives record {@code r} a new address (same peer, moved or re-ported). */
    void readdress(PeerTable t, int r, PeerAddress address) {
        byte[] e = entries(t);
        int pos = t.pos(r, v4);
        SubnetIndex subnets = subnets(t);
        if (subnets != null) {
            subnets.unlink(r, subnetKey(e, pos));
        }
        address.writeCompact(e, at(pos));
        if (subnets != null) {
            subnets.link(r, subnetKey(e, pos));
        }
    }

    /** Whether record {@code r} has no entry here (no address of this family). */
    boolean hasNoEntry(PeerTable t, int r) {
        return t.pos(r, v4) == PeerTable.NONE;
    }

    /** Record {@code r}'s address in this family. */
    PeerAddress address(PeerTable t, int r) {
        return PeerAddress.fromCompact(family, entries(t), at(t.pos(r, v4)));
    }

    /** Whether record {@code r} is at exactly {@code address}. */
    boolean isAt(PeerTable t, int r, PeerAddress address) {
        return address.sameAs(entries(t), at(t.pos(r, v4)));
    }

    /** Whether record {@code r} has the IP of {@code address}. */
    boolean hasIpOf(PeerTable t, int r, PeerAddress address) {
        return address.sameIpAs(entries(t), at(t.pos(r, v4)));
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

    /** The subnet of the entry at {@code pos}: the first {@code subnetBits} bits of its address. */
    private long subnetKey(byte[] e, int pos) {
        // One big-endian read of the address's first 4 (IPv4) or 8 (IPv6) bytes, as PeerAddress.leadingBits.
        if (subnetBits == 0) {
            return 0;
        }
        return v4 ? ((int) INT_BE.get(e, at(pos)) & 0xffffffffL) >>> (32 - subnetBits)
                : (long) LONG_BE.get(e, at(pos)) >>> (64 - subnetBits);
    }

    private void buildIndex(PeerTable t, byte[] e) {
        int size = size(e);
        SubnetIndex subnets = new SubnetIndex(size);
        for (int pos = 0; pos < size; pos++) {
            subnets.link(record(e, pos), subnetKey(e, pos));
        }
        setSubnets(t, subnets);
    }

    /** Where the entry at {@code pos} starts. */
    private int at(int pos) {
        return HEADER + pos * stride;
    }

    private int record(byte[] e, int pos) {
        return Bytes3.get(e, at(pos) + compactLength);
    }

    private void setRecord(PeerTable t, byte[] e, int pos, int r) {
        Bytes3.set(e, at(pos) + compactLength, r);
        t.setPos(r, v4, pos);
    }

    /** Moves the entry at {@code from} to {@code to} (whose entry is gone or saved). */
    private void move(PeerTable t, byte[] e, int from, int to) {
        System.arraycopy(e, at(from), e, at(to), stride);
        t.setPos(record(e, to), v4, to);
    }

    private void swap(PeerTable t, byte[] e, int a, int b) {
        if (a == b) {
            return;
        }
        int x = at(a);
        int y = at(b);
        for (int k = 0; k < stride; k++) {
            byte tmp = e[x + k];
            e[x + k] = e[y + k];
            e[y + k] = tmp;
        }
        t.setPos(record(e, a), v4, a);
        t.setPos(record(e, b), v4, b);
    }

    private static int size(byte[] e) {
        return e.length == 0 ? 0 : Bytes3.get(e, 0);
    }

    private static int wanting(byte[] e) {
        return e.length == 0 ? 0 : Bytes3.get(e, 3);
    }

    private static void setCounts(byte[] e, int size, int wanting) {
        Bytes3.set(e, 0, size);
        Bytes3.set(e, 3, wanting);
    }

    private byte[] entries(PeerTable t) {
        return v4 ? t.entries4 : t.entries6;
    }

    private void setEntries(PeerTable t, byte[] e) {
        if (v4) {
            t.entries4 = e;
        } else {
            t.entries6 = e;
        }
    }

    private SubnetIndex subnets(PeerTable t) {
        return v4 ? t.subnets4 : t.subnets6;
    }

    private void setSubnets(PeerTable t, SubnetIndex subnets) {
        if (v4) {
            t.subnets4 = subnets;
        } else {
            t.subnets6 = subnets;
        }
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
