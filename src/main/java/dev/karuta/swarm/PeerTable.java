package dev.karuta.swarm;

import dev.karuta.core.Id20;
import dev.karuta.core.PeerId;
import dev.karuta.swarm.PeerView.State;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The peers of one swarm as fixed-size records in one byte array, with no object per peer. A record
 * is named by its index, which stays the same for the peer's life (a removed record goes to a free
 * list and is reused), so the {@link Pool}s and their subnet rings refer to peers by index. Layout of
 * a record ({@value #STRIDE} bytes):
 * <pre>
 *  0  peer_id, 20 bytes as on the wire
 * 20  last seen: the ticker in milliseconds, low 32 bits (ages are compared with wrap-around, so they
 *     are right while under 24 days; peers leave at the TTL, which is bounded below that)
 * 24  key
 * 28  the next older record + 1 (0: none), 3 bytes
 * 31  the next newer record + 1 (in a free record: the next free record + 1), 3 bytes
 * 34  position in the IPv4 pool + 1 (0: no IPv4 address), 3 bytes
 * 37  position in the IPv6 pool + 1, 3 bytes
 * 40  flags: state (2 bits), has key, snatched, announced over IPv6
 * </pre>
 * Records form a list ordered by last seen (oldest first) so expiry never scans. A swarm of more than
 * {@value #SCAN_MAX} peers also keeps a {@link PeerIdIndex} from peer_id to record; smaller ones find a
 * peer_id by walking the list. A peer's owner (private trackers) is kept in an array made only
 * once some peer has one. Not thread-safe: the owning {@link Swarm} serializes access.
 */
class PeerTable {
    static final int STRIDE = 41;
    static final int NONE = -1;
    private static final int SEEN = 20;
    private static final int KEY = 24;
    private static final int OLDER = 28;
    private static final int NEWER = 31;
    private static final int POS4 = 34;
    private static final int POS6 = 37;
    private static final int FLAGS = 40;
    private static final int STATE_MASK = 3;
    private static final int HAS_KEY = 4;
    private static final int SNATCHED = 8;
    private static final int SOURCE_V6 = 16;
    /** Most records a swarm may have: links are 3 bytes. */
    static final int MAX_RECORDS = Bytes3.MAX - 1;
    /** Up to this many peers, a peer_id is found by walking the list instead of a table. */
    static final int SCAN_MAX = 8;
    private static final byte[] NO_RECORDS = new byte[0];
    private static final State[] STATES = State.values();
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.nativeOrder());

    byte[] recs = NO_RECORDS;
    private int used;
    private int free = NONE;
    private int count;
    private int oldest = NONE;
    private int newest = NONE;
    /** The {@link PeerIdIndex} from peer_id to record; null while {@link #count} is small. */
    private byte[] index;
    /** The {@link AddressBudget}'s index from address to records; null in small swarms and without a bound. */
    byte[] addresses;
    /** Each record's owner; null while every peer belongs to nobody. */
    private int[] owners;
    /** The IPv4 and IPv6 {@link Pool}s' arrays and subnet indexes (state the stateless pools keep here). */
    byte[] entries4 = Pool.NO_ENTRIES;
    byte[] entries6 = Pool.NO_ENTRIES;
    SubnetIndex subnets4;
    SubnetIndex subnets6;

    /** Peers held. */
    final int count() {
        return count;
    }

    final int oldest() {
        return oldest;
    }

    final int newest() {
        return newest;
    }

    /** Forgets every record at once (the caller has taken them out of everything else). */
    final void clear() {
        recs = NO_RECORDS;
        used = 0;
        free = NONE;
        count = 0;
        oldest = NONE;
        newest = NONE;
        index = null;
        addresses = null;
        owners = null;
        entries4 = Pool.NO_ENTRIES;
        entries6 = Pool.NO_ENTRIES;
        subnets4 = null;
        subnets6 = null;
    }

    final int newer(int r) {
        return link(r, NEWER);
    }

    /** The record of the peer_id given by its three parts, or {@link #NONE}. */
    final int find(long high, long middle, int low) {
        if (index == null) {
            for (int r = oldest; r != NONE; r = newer(r)) {
                if (PeerIdIndex.idIs(recs, r, high, middle, low)) {
                    return r;
                }
            }
            return NONE;
        }
        return PeerIdIndex.find(index, recs, high, middle, low);
    }

    final int find(PeerId id) {
        return find(id.high(), id.middle(), id.low());
    }

    /** A new record for {@code id}, in the index but not in the age list, all else zero. */
    final int allocate(PeerId id) {
        int r;
        if (free != NONE) {
            r = free;
            free = link(r, NEWER);
            Arrays.fill(recs, r * STRIDE, (r + 1) * STRIDE, (byte) 0);
        } else {
            if (used == MAX_RECORDS) {
                throw new IllegalStateException("swarm is full");
            }
            if ((used + 1) * STRIDE > recs.length) {
                // Grow by an eighth (at least one): little slack in the many small swarms, O(1) amortized.
                int capacity = Math.min(MAX_RECORDS, used + Math.max(1, used / 8));
                recs = Arrays.copyOf(recs, capacity * STRIDE);
                if (owners != null) {
                    owners = Arrays.copyOf(owners, capacity);
                }
            }
            r = used++;
        }
        LONG_BE.set(recs, r * STRIDE, id.high());
        LONG_BE.set(recs, r * STRIDE + 8, id.middle());
        INT_BE.set(recs, r * STRIDE + 16, id.low());
        count++;
        if (index != null) {
            if (PeerIdIndex.full(index, count)) {
                rebuildIndex(PeerIdIndex.cells(index) * 2);
            }
            PeerIdIndex.insert(index, recs, r);
        } else if (count > SCAN_MAX) {
            rebuildIndex(SCAN_MAX * 4); // from the age list, which r is not in yet
            PeerIdIndex.insert(index, recs, r);
        }
        return r;
    }

    /** Frees record {@code r}, which the caller took out of the age list and the pools. */
    final void release(int r) {
        if (index != null) {
            PeerIdIndex.remove(index, recs, r);
        }
        count--;
        if (owners != null) {
            owners[r] = SwarmRegistry.NO_OWNER;
        }
        if (count == 0) {
            clear(); // give the memory back: nothing refers to a record any more
            return;
        }
        setLink(r, NEWER, free);
        setLink(r, POS4, NONE);
        setLink(r, POS6, NONE);
        free = r;
        if (index != null && count <= SCAN_MAX / 2) {
            index = null;
        }
    }

    final void copyId(int r, byte[] dst, int offset) {
        System.arraycopy(recs, r * STRIDE, dst, offset, Id20.LENGTH);
    }

    final PeerId id(int r) {
        return PeerId.of(recs, r * STRIDE);
    }

    final int lastSeen(int r) {
        return get(r, SEEN);
    }

    final void setLastSeen(int r, int millis) {
        set(r, SEEN, millis);
    }

    final int key(int r) {
        return get(r, KEY);
    }

    final boolean hasKey(int r) {
        return (flags(r) & HAS_KEY) != 0;
    }

    final void setKey(int r, int key) {
        set(r, KEY, key);
        setFlags(r, flags(r) | HAS_KEY);
    }

    final boolean snatched(int r) {
        return (flags(r) & SNATCHED) != 0;
    }

    final void setSnatched(int r) {
        setFlags(r, flags(r) | SNATCHED);
    }

    /** Whether the peer announced over IPv6, so it counts under its IPv6 address ({@link AddressBudget}). */
    final boolean sourceV6(int r) {
        return (flags(r) & SOURCE_V6) != 0;
    }

    final void setSourceV6(int r, boolean v6) {
        setFlags(r, v6 ? flags(r) | SOURCE_V6 : flags(r) & ~SOURCE_V6);
    }

    final State state(int r) {
        return STATES[flags(r) & STATE_MASK];
    }

    final void setState(int r, State state) {
        setFlags(r, (flags(r) & ~STATE_MASK) | state.ordinal());
    }

    private int flags(int r) {
        return recs[r * STRIDE + FLAGS];
    }

    private void setFlags(int r, int flags) {
        recs[r * STRIDE + FLAGS] = (byte) flags;
    }

    /** Whether the peer wants no more data, so it is only handed downloaders. */
    final boolean done(int r) {
        return state(r) != State.DOWNLOADER;
    }

    final int owner(int r) {
        return owners == null ? SwarmRegistry.NO_OWNER : owners[r];
    }

    final void setOwner(int r, int owner) {
        if (owners == null) {
            if (owner == SwarmRegistry.NO_OWNER) {
                return;
            }
            owners = new int[recs.length / STRIDE];
        }
        owners[r] = owner;
    }

    /** The record's position in the pool of the family ({@code v4}) or {@link #NONE}. */
    final int pos(int r, boolean v4) {
        return link(r, v4 ? POS4 : POS6);
    }

    final void setPos(int r, boolean v4, int pos) {
        setLink(r, v4 ? POS4 : POS6, pos);
    }

    /** Makes {@code r} the newest record of the age list. */
    final void linkNewest(int r) {
        setLink(r, OLDER, newest);
        setLink(r, NEWER, NONE);
        if (newest != NONE) {
            setLink(newest, NEWER, r);
        } else {
            oldest = r;
        }
        newest = r;
    }

    /** Links {@code r} where its last seen belongs: O(1) when records come oldest first. */
    final void linkByAge(int r) {
        int seen = lastSeen(r);
        int before = newest;
        while (before != NONE && lastSeen(before) - seen > 0) {
            before = link(before, OLDER);
        }
        if (before == newest) {
            linkNewest(r);
            return;
        }
        int after = before == NONE ? oldest : newer(before);
        setLink(r, OLDER, before);
        setLink(r, NEWER, after);
        setLink(after, OLDER, r);
        if (before == NONE) {
            oldest = r;
        } else {
            setLink(before, NEWER, r);
        }
    }

    final void unlinkAge(int r) {
        int older = link(r, OLDER);
        int newer = link(r, NEWER);
        if (older != NONE) {
            setLink(older, NEWER, newer);
        } else {
            oldest = newer;
        }
        if (newer != NONE) {
            setLink(newer, OLDER, older);
        } else {
            newest = older;
        }
    }

    /** A 3-byte field holding a record or position + 1: the record or position, {@link #NONE} for 0. */
    private int link(int r, int field) {
        return Bytes3.get(recs, r * STRIDE + field) - 1;
    }

    private void setLink(int r, int field, int value) {
        Bytes3.set(recs, r * STRIDE + field, value + 1);
    }

    /** A new index of {@code cells} cells (a power of two) holding every live record. */
    private void rebuildIndex(int cells) {
        index = PeerIdIndex.empty(cells);
        for (int r = oldest; r != NONE; r = newer(r)) {
            PeerIdIndex.insert(index, recs, r);
        }
    }

    private int get(int r, int field) {
        return (int) INT.get(recs, r * STRIDE + field);
    }

    private void set(int r, int field, int value) {
        INT.set(recs, r * STRIDE + field, value);
    }
}
