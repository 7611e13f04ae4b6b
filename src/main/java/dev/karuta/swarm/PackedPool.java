package dev.karuta.swarm;

import dev.karuta.core.AddressFamily;
import dev.karuta.core.PeerAddress;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The packed storage of a swarm's peers of one address family, so that picking them ({@link Pool})
 * costs O(numwant): one object per family and registry, holding no swarm's state; each swarm's pool is
 * an array in its {@link PeerTable} ({@code entries4}, {@code entries6}; no object per swarm and
 * family). The array starts with the pool's size and its number of downloaders (3 bytes each), then
 * the dense entries, downloaders in {@code [0, wanting)} and seeders and partial seeds in
 * {@code [wanting, size)}. An entry is the peer's compact address and port as on the wire, then its
 * record (3 bytes), so a compact pick copies bytes from one place. Entries move when others leave (the
 * array stays dense); the record keeps its entry's position. A pool of more than {@value #INDEX_MIN}
 * entries keeps a {@link SubnetIndex} of them. Hot core: its only subclass is {@link Pool}, so every
 * call is direct. Callers hold the swarm's lock.
 */
abstract sealed class PackedPool permits Pool {
    /** A pool larger than this finds subnets through an index; below {@link #INDEX_DROP} it drops it. */
    static final int INDEX_MIN = 256;
    static final int INDEX_DROP = 64;
    /** Bytes before the first entry: the pool's size and its number of downloaders, 3 bytes each. */
    private static final int HEADER = 6;
    static final byte[] NO_ENTRIES = new byte[0];
    private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    final AddressFamily family;
    final boolean v4;
    private final int compactLength;
    /** Bytes of one entry: the compact address and port, then the peer's record (3 bytes). */
    private final int stride;
    /** Leading bits of an address that make its subnet; 0: no subnet preference. */
    final int subnetBits;

    /** The pools of {@code family} (one object for all swarms of a registry), preferring {@code subnetBits}. */
    PackedPool(AddressFamily family, int subnetBits) {
        this.family = family;
        this.v4 = family == AddressFamily.V4;
        this.compactLength = family.compactLength();
        this.stride = compactLength + 3;
        this.subnetBits = subnetBits;
    }

    /** How many peers of {@code t} have an address of this family. */
    final int size(PeerTable t) {
        return size(entries(t));
    }

    /** Adds record {@code r} at {@code address}; {@code done} places it among the peers that want nothing. */
    final void add(PeerTable t, int r, PeerAddress address, boolean done) {
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
    final void remove(PeerTable t, int r) {
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
    final void setDone(PeerTable t, int r, boolean done) {
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
    final void readdress(PeerTable t, int r, PeerAddress address) {
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
    final boolean hasNoEntry(PeerTable t, int r) {
        return t.pos(r, v4) == PeerTable.NONE;
    }

    /** Record {@code r}'s address in this family. */
    final PeerAddress address(PeerTable t, int r) {
        return PeerAddress.fromCompact(family, entries(t), at(t.pos(r, v4)));
    }

    /** Whether record {@code r} is at exactly {@code address}. */
    final boolean isAt(PeerTable t, int r, PeerAddress address) {
        return address.sameAs(entries(t), at(t.pos(r, v4)));
    }

    /** Whether record {@code r} has the IP of {@code address}. */
    final boolean hasIpOf(PeerTable t, int r, PeerAddress address) {
        return address.sameIpAs(entries(t), at(t.pos(r, v4)));
    }

    /** Record {@code r}'s address as a number: an IPv4 address whole, an IPv6 address's /64. */
    final long addressKey(PeerTable t, int r) {
        byte[] e = entries(t);
        int at = at(t.pos(r, v4));
        return v4 ? (int) INT_BE.get(e, at) & 0xffffffffL : (long) LONG_BE.get(e, at);
    }

    /** The subnet of the entry at {@code pos}: the first {@code subnetBits} bits of its address. */
    final long subnetKey(byte[] e, int pos) {
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
    final int at(int pos) {
        return HEADER + pos * stride;
    }

    final int record(byte[] e, int pos) {
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

    static int size(byte[] e) {
        return e.length == 0 ? 0 : Bytes3.get(e, 0);
    }

    static int wanting(byte[] e) {
        return e.length == 0 ? 0 : Bytes3.get(e, 3);
    }

    private static void setCounts(byte[] e, int size, int wanting) {
        Bytes3.set(e, 0, size);
        Bytes3.set(e, 3, wanting);
    }

    final byte[] entries(PeerTable t) {
        return v4 ? t.entries4 : t.entries6;
    }

    private void setEntries(PeerTable t, byte[] e) {
        if (v4) {
            t.entries4 = e;
        } else {
            t.entries6 = e;
        }
    }

    final SubnetIndex subnets(PeerTable t) {
        return v4 ? t.subnets4 : t.subnets6;
    }

    private void setSubnets(PeerTable t, SubnetIndex subnets) {
        if (v4) {
            t.subnets4 = subnets;
        } else {
            t.subnets6 = subnets;
        }
    }
}
