package dev.karuta.swarm;

import dev.karuta.core.Id20;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The table from peer_id to record that a {@link PeerTable} of more than {@link PeerTable#SCAN_MAX}
 * peers keeps: 3-byte cells holding a record + 1 (0: an empty cell), a power of two of them, linear
 * probing, deletion by backward shift (no tombstones); its owner keeps it at most 4/5 full. The peer_id
 * of record {@code r} is the first 20 bytes of the records' array at {@code r * PeerTable.STRIDE}.
 * Static methods on the two arrays, so a lookup goes from the swarm to its bytes with no object between.
 */
final class PeerIdIndex {
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private PeerIdIndex() {
    }

    /** An empty index of {@code cells} cells, a power of two. */
    static byte[] empty(int cells) {
        return new byte[cells * 3];
    }

    /** How many cells {@code index} has. */
    static int cells(byte[] index) {
        return index.length / 3;
    }

    /** Whether {@code index}, holding {@code count} records, must grow before it takes one more. */
    static boolean full(byte[] index, int count) {
        return (count + 1) * 5 > cells(index) * 4;
    }

    /** The record in {@code index} whose peer_id has these three parts, or {@link PeerTable#NONE}. */
    static int find(byte[] index, byte[] recs, long high, long middle, int low) {
        int mask = cells(index) - 1;
        for (int h = spread(Id20.hash(high, middle, low)) & mask; cell(index, h) != 0; h = (h + 1) & mask) {
            int r = cell(index, h) - 1;
            if (idIs(recs, r, high, middle, low)) {
                return r;
            }
        }
        return PeerTable.NONE;
    }

    /** Whether record {@code r}'s peer_id has these three parts. */
    static boolean idIs(byte[] recs, int r, long high, long middle, int low) {
        int at = r * PeerTable.STRIDE;
        return (long) LONG_BE.get(recs, at) == high && (long) LONG_BE.get(recs, at + 8) == middle
                && (int) INT_BE.get(recs, at + 16) == low;
    }

    /** Adds record {@code r} to {@code index}, which has room; nothing when it is there already. */
    static void insert(byte[] index, byte[] recs, int r) {
        int mask = cells(index) - 1;
        int h = hashOf(recs, r) & mask;
        while (cell(index, h) != 0) {
            if (cell(index, h) == r + 1) {
                return;
            }
            h = (h + 1) & mask;
        }
        setCell(index, h, r + 1);
    }

    /** Removes record {@code r} from {@code index}, shifting later cells of its run back (no tombstones). */
    static void remove(byte[] index, byte[] recs, int r) {
        int mask = cells(index) - 1;
        int h = hashOf(recs, r) & mask;
        while (cell(index, h) != r + 1) {
            if (cell(index, h) == 0) {
                return;
            }
            h = (h + 1) & mask;
        }
        int hole = h;
        for (int i = (hole + 1) & mask; cell(index, i) != 0; i = (i + 1) & mask) {
            int home = hashOf(recs, cell(index, i) - 1) & mask;
            // The entry at i may fill the hole when its home is not in (hole, i] (cyclically).
            if (((i - home) & mask) >= ((i - hole) & mask)) {
                setCell(index, hole, cell(index, i));
                hole = i;
            }
        }
        setCell(index, hole, 0);
    }

    /** The index's hash of a record's peer_id: {@link Id20#hash} with its bits mixed into the low ones. */
    private static int hashOf(byte[] recs, int r) {
        int at = r * PeerTable.STRIDE;
        return spread(Id20.hash((long) LONG_BE.get(recs, at), (long) LONG_BE.get(recs, at + 8),
                (int) INT_BE.get(recs, at + 16)));
    }

    /** Mixes every bit of {@code h} into the low bits the index masks (ids often differ in few bits). */
    private static int spread(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        return h ^ (h >>> 13);
    }

    private static int cell(byte[] index, int h) {
        return Bytes3.get(index, h * 3);
    }

    private static void setCell(byte[] index, int h, int value) {
        Bytes3.set(index, h * 3, value);
    }
}
