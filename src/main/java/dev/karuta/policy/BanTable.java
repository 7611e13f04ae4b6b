package dev.karuta.policy;

import dev.karuta.core.AddressFamily;
import dev.karuta.core.PeerAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An immutable set of {@link BanRange}s arranged for lookups: per family, one {@link PrefixKeys} set of
 * network keys (the address shifted right to its prefix) for each prefix length listed, so an address is
 * checked with one probe per distinct prefix length, with no allocation.
 */
final class BanTable {
    static final BanTable EMPTY = new BanTable(new TreeSet<>());

    private final NavigableSet<BanRange> ranges;
    private final int[] v4Bits;
    private final PrefixKeys[] v4Keys;
    private final int[] v6Bits;
    private final PrefixKeys[] v6Keys;

    private BanTable(NavigableSet<BanRange> ranges) {
        this.ranges = ranges;
        TreeMap<Integer, List<BanRange>> v4 = new TreeMap<>();
        TreeMap<Integer, List<BanRange>> v6 = new TreeMap<>();
        for (BanRange r : ranges) {
            (r.v6() ? v6 : v4).computeIfAbsent(r.bits(), b -> new ArrayList<>()).add(r);
        }
        v4Bits = new int[v4.size()];
        v4Keys = new PrefixKeys[v4.size()];
        fill(v4, v4Bits, v4Keys);
        v6Bits = new int[v6.size()];
        v6Keys = new PrefixKeys[v6.size()];
        fill(v6, v6Bits, v6Keys);
    }

    /** The table of {@code ranges}. */
    static BanTable of(NavigableSet<BanRange> ranges) {
        return ranges.isEmpty() ? EMPTY : new BanTable(new TreeSet<>(ranges));
    }

    private static void fill(TreeMap<Integer, List<BanRange>> byBits, int[] bits, PrefixKeys[] keys) {
        int i = 0;
        for (var e : byBits.entrySet()) {
            int b = e.getKey();
            PrefixKeys set = new PrefixKeys(e.getValue().size());
            for (BanRange r : e.getValue()) {
                if (r.v6()) {
                    set.add(highKey(r.hi(), b), lowKey(r.lo(), b));
                } else {
                    set.add(v4Key(r.hi(), b), 0);
                }
            }
            bits[i] = b;
            keys[i++] = set;
        }
    }

    private static long v4Key(long address, int bits) {
        return address >>> (32 - bits);
    }

    /** The first 64 bits of an IPv6 key: the prefix's first min(bits, 64) bits. */
    private static long highKey(long hi, int bits) {
        return bits >= 64 ? hi : bits == 0 ? 0 : hi >>> (64 - bits);
    }

    /** The last 64 bits of an IPv6 key: the prefix's bits after the 64th, if any. */
    private static long lowKey(long lo, int bits) {
        return bits <= 64 ? 0 : lo >>> (128 - bits);
    }

    boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** The ranges, in their order. */
    NavigableSet<BanRange> ranges() {
        return ranges;
    }

    /** Whether {@code address} lies in one of the ranges. */
    boolean matches(PeerAddress address) {
        if (address.family() == AddressFamily.V4) {
            int[] bits = v4Bits;
            if (bits.length == 0) {
                return false;
            }
            long v = address.leadingBits(32);
            for (int i = 0; i < bits.length; i++) {
                if (v4Keys[i].contains(v4Key(v, bits[i]), 0)) {
                    return true;
                }
            }
            return false;
        }
        int[] bits = v6Bits;
        if (bits.length == 0) {
            return false;
        }
        long hi = address.leadingBits(64);
        long lo = bits[bits.length - 1] > 64 ? address.low64() : 0;
        for (int i = 0; i < bits.length; i++) {
            int b = bits[i];
            if (v6Keys[i].contains(highKey(hi, b), lowKey(lo, b))) {
                return true;
            }
        }
        return false;
    }
}
