package dev.karuta.core;

import java.util.HexFormat;

/**
 * A 20-byte protocol identifier (info_hash or peer_id): immutable, compared by content, printed as hex.
 */
public abstract class Id20 {
    /** Length in bytes of every identifier of this kind. */
    public static final int LENGTH = 20;

    // The 20 bytes big-endian in three fields, no array: one object to reach per comparison (a swarm's
    // peer lookup touches a cold key each time) and 24 bytes less per identifier than an array.
    private final long high;
    private final long middle;
    private final int low;

    Id20(byte[] source, int offset, String what) {
        if (source.length - offset < LENGTH || offset < 0) {
            throw new IllegalArgumentException(what + " must be 20 bytes");
        }
        this.high = longAt(source, offset);
        this.middle = longAt(source, offset + 8);
        this.low = (int) (longAt(source, offset + 12) & 0xffffffffL);
    }

    Id20(java.nio.ByteBuffer source, int index, String what) {
        if (index < 0 || source.limit() - index < LENGTH) {
            throw new IllegalArgumentException(what + " must be 20 bytes");
        }
        this.high = source.getLong(index);
        this.middle = source.getLong(index + 8);
        this.low = source.getInt(index + 16);
    }

    private static long longAt(byte[] b, int offset) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[offset + i] & 0xff);
        }
        return v;
    }

    private static int mix(long high, long middle, int low) {
        long h = high * 0x9e3779b97f4a7c15L + middle;
        h = h * 0x9e3779b97f4a7c15L + low;
        return (int) (h ^ (h >>> 32));
    }

    static byte[] parseHex(String hex, String what) {
        if (hex == null || hex.length() != 2 * LENGTH) {
            throw new IllegalArgumentException(what + " must be 40 hex digits");
        }
        try {
            return HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " must be 40 hex digits");
        }
    }

    /** Bytes 0..7, big-endian. */
    public final long high() {
        return high;
    }

    /** Bytes 8..15, big-endian. */
    public final long middle() {
        return middle;
    }

    /** Bytes 16..19, big-endian. */
    public final int low() {
        return low;
    }

    /** The hash of an identifier given as its three parts ({@link #hashCode()} of such an identifier). */
    public static int hash(long high, long middle, int low) {
        return mix(high, middle, low);
    }

    /** Returns a copy of the 20 bytes. */
    public final byte[] bytes() {
        byte[] out = new byte[LENGTH];
        copyTo(out, 0);
        return out;
    }

    /** Copies the 20 bytes into {@code dst} at {@code offset}. */
    public final void copyTo(byte[] dst, int offset) {
        for (int i = 0; i < 8; i++) {
            dst[offset + i] = (byte) (high >>> (56 - 8 * i));
            dst[offset + 8 + i] = (byte) (middle >>> (56 - 8 * i));
        }
        for (int i = 0; i < 4; i++) {
            dst[offset + 16 + i] = (byte) (low >>> (24 - 8 * i));
        }
    }

    /** Byte {@code i} (0..19). */
    public final byte byteAt(int i) {
        if (i < 0 || i >= LENGTH) {
            throw new IndexOutOfBoundsException(i);
        }
        if (i < 8) {
            return (byte) (high >>> (56 - 8 * i));
        }
        if (i < 16) {
            return (byte) (middle >>> (56 - 8 * (i - 8)));
        }
        return (byte) (low >>> (24 - 8 * (i - 16)));
    }

    /** Lower-case hex of the 20 bytes. */
    public final String toHex() {
        return HexFormat.of().formatHex(bytes());
    }

    /** Unsigned lexicographic comparison of the raw bytes (bencode key order). */
    protected final int compareBytes(Id20 other) {
        int c = Long.compareUnsigned(high, other.high);
        if (c == 0) {
            c = Long.compareUnsigned(middle, other.middle);
        }
        return c != 0 ? c : Integer.compareUnsigned(low, other.low);
    }

    @Override
    public final boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o == null || o.getClass() != getClass()) {
            return false;
        }
        Id20 other = (Id20) o;
        return high == other.high && middle == other.middle && low == other.low;
    }

    @Override
    public final int hashCode() {
        // Computed, not kept: a field would make every identifier 8 bytes larger (32 -> 40 with padding).
        return mix(high, middle, low);
    }

    @Override
    public final String toString() {
        return toHex();
    }
}
