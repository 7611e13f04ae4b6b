package dev.karuta.swarm;

/**
 * The bound of peers per address in one swarm ({@link RegistrySettings#perAddress}): a peer counts under
 * the address of the family it announced from ({@link PeerTable#sourceV6}), its IPv4 /32 or IPv6 /64.
 * A swarm of up to {@link PeerTable#SCAN_MAX} peers finds an address's peers by walking its age list; a
 * larger one keeps an index in {@link PeerTable#addresses}: 3-byte cells holding a record + 1 (0: empty),
 * a power of two of them, linear probing keyed by the address (the peers of one address sit in one run),
 * deletion by backward shift, at most 4/5 full. So a lookup walks one run, which the bound keeps short,
 * and the index is kept only while the bound is on. Static methods, as {@link PeerIdIndex}; callers hold
 * the swarm's lock and call {@link #add} once a record has its addresses, {@link #remove} before it loses
 * them.
 */
final class AddressBudget {
    private AddressBudget() {
    }

    /** Indexes record {@code r}, which has its addresses and is in the age list; builds the index when due. */
    static void add(PeerTable t, SwarmContext c, int r) {
        byte[] index = t.addresses;
        if (index == null) {
            if (t.count() > PeerTable.SCAN_MAX) {
                rebuild(t, c, PeerTable.SCAN_MAX * 4);
            }
            return;
        }
        if ((t.count() + 1) * 5 > cells(index) * 4) {
            rebuild(t, c, cells(index) * 2);
            return;
        }
        insert(t, c, index, r);
    }

    /** Takes record {@code r} out of the index, while it still has its addresses. */
    static void remove(PeerTable t, SwarmContext c, int r) {
        byte[] index = t.addresses;
        if (index == null || !hasAddress(t, c, r)) {
            return;
        }
        if (t.count() - 1 <= PeerTable.SCAN_MAX / 2) {
            t.addresses = null;
            return;
        }
        int mask = cells(index) - 1;
        int h = home(t, c, r) & mask;
        while (cell(index, h) != r + 1) {
            if (cell(index, h) == 0) {
                return;
            }
            h = (h + 1) & mask;
        }
        int hole = h;
        for (int i = (hole + 1) & mask; cell(index, i) != 0; i = (i + 1) & mask) {
            int home = home(t, c, cell(index, i) - 1) & mask;
            // The entry at i may fill the hole when its home is not in (hole, i] (cyclically).
            if (((i - home) & mask) >= ((i - hole) & mask)) {
                setCell(index, hole, cell(index, i));
                hole = i;
            }
        }
        setCell(index, hole, 0);
    }

    /**
     * The peer to replace so that record {@code r}'s address keeps at most {@code limit} peers: the
     * least recently announced other peer of that address when it has more than {@code limit} (by last
     * seen; peers seen in the same millisecond are equally old), else {@link PeerTable#NONE}.
     */
    static int over(PeerTable t, SwarmContext c, int r, int limit) {
        if (!hasAddress(t, c, r)) {
            return PeerTable.NONE;
        }
        boolean v6 = t.sourceV6(r);
        long key = key(t, c, r);
        int count = 0;
        int oldest = PeerTable.NONE;
        byte[] index = t.addresses;
        if (index == null) {
            for (int p = t.oldest(); p != PeerTable.NONE; p = t.newer(p)) {
                if (sameAddress(t, c, p, v6, key)) {
                    count++;
                    if (oldest == PeerTable.NONE && p != r) {
                        oldest = p; // the list runs oldest first
                    }
                }
            }
        } else {
            int mask = cells(index) - 1;
            for (int h = hash(v6, key) & mask; cell(index, h) != 0; h = (h + 1) & mask) {
                int p = cell(index, h) - 1;
                if (sameAddress(t, c, p, v6, key)) {
                    count++;
                    if (p != r && (oldest == PeerTable.NONE || t.lastSeen(p) - t.lastSeen(oldest) < 0)) {
                        oldest = p;
                    }
                }
            }
        }
        return count > limit ? oldest : PeerTable.NONE;
    }

    private static boolean sameAddress(PeerTable t, SwarmContext c, int p, boolean v6, long key) {
        return t.sourceV6(p) == v6 && hasAddress(t, c, p) && key(t, c, p) == key;
    }

    private static void rebuild(PeerTable t, SwarmContext c, int cells) {
        while (t.count() * 5 > cells * 4) {
            cells *= 2;
        }
        byte[] index = new byte[cells * 3];
        t.addresses = index;
        for (int p = t.oldest(); p != PeerTable.NONE; p = t.newer(p)) {
            if (hasAddress(t, c, p)) {
                insert(t, c, index, p);
            }
        }
    }

    private static void insert(PeerTable t, SwarmContext c, byte[] index, int r) {
        if (!hasAddress(t, c, r)) {
            return;
        }
        int mask = cells(index) - 1;
        int h = home(t, c, r) & mask;
        while (cell(index, h) != 0) {
            if (cell(index, h) == r + 1) {
                return;
            }
            h = (h + 1) & mask;
        }
        setCell(index, h, r + 1);
    }

    /** Whether record {@code r} has an address in the family it announced from. */
    private static boolean hasAddress(PeerTable t, SwarmContext c, int r) {
        return !pool(t, c, r).hasNoEntry(t, r);
    }

    private static long key(PeerTable t, SwarmContext c, int r) {
        return pool(t, c, r).addressKey(t, r);
    }

    private static Pool pool(PeerTable t, SwarmContext c, int r) {
        return t.sourceV6(r) ? c.v6 : c.v4;
    }

    private static int home(PeerTable t, SwarmContext c, int r) {
        return hash(t.sourceV6(r), key(t, c, r));
    }

    private static int hash(boolean v6, long key) {
        long h = (key ^ (v6 ? 0x5bd1e995L : 0)) * 0x9e3779b97f4a7c15L;
        return (int) (h >>> 32) ^ (int) h;
    }

    private static int cells(byte[] index) {
        return index.length / 3;
    }

    private static int cell(byte[] index, int h) {
        return Bytes3.get(index, h * 3);
    }

    private static void setCell(byte[] index, int h, int value) {
        Bytes3.set(index, h * 3, value);
    }
}
