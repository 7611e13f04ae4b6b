package dev.karuta.core;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A 20-byte protocol identifier (info_hash or peer_id): immutable, compared by content, printed as hex.
 */
public abstract class Id20 {
    /** Length in bytes of every identifier of this kind. */
    public static final int LENGTH = 20;

    private final byte[] bytes;
    private final int hash;

    Id20(byte[] source, int offset, String what) {
        if (source.length - offset < LENGTH || offset < 0) {
            throw new IllegalArgumentException(what + " must be 20 bytes");
        }
        this.bytes = Arrays.copyOfRange(source, offset, offset + LENGTH);
        this.hash = Arrays.hashCode(bytes);
    }

    Id20(java.nio.ByteBuffer source, int index, String what) {
        if (index < 0 || source.limit() - index < LENGTH) {
            throw new IllegalArgumentException(what + " must be 20 bytes");
        }
        this.bytes = new byte[LENGTH];
        source.get(index, bytes);
        this.hash = Arrays.hashCode(bytes);
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

    /** Returns a copy of the 20 bytes. */
    public final byte[] bytes() {
        return bytes.clone();
    }

    /** Copies the 20 bytes into {@code dst} at {@code offset}. */
    public final void copyTo(byte[] dst, int offset) {
        System.arraycopy(bytes, 0, dst, offset, LENGTH);
    }

    /** Byte {@code i} (0..19). */
    public final byte byteAt(int i) {
        return bytes[i];
    }

    /** Lower-case hex of the 20 bytes. */
    public final String toHex() {
        return HexFormat.of().formatHex(bytes);
    }

    /** Unsigned lexicographic comparison of the raw bytes (bencode key order). */
    protected final int compareBytes(Id20 other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public final boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && Arrays.equals(bytes, ((Id20) o).bytes);
    }

    @Override
    public final int hashCode() {
        return hash;
    }

    @Override
    public final String toString() {
        return toHex();
    }
}
