package dev.karuta.swarm;

/** Unsigned 3-byte integers in byte arrays, little-endian: the links of the swarm's packed tables. */
final class Bytes3 {
    /** The largest value a field holds. */
    static final int MAX = 0xffffff;

    private Bytes3() {
    }

    static int get(byte[] a, int offset) {
        return (a[offset] & 0xff) | (a[offset + 1] & 0xff) << 8 | (a[offset + 2] & 0xff) << 16;
    }

    static void set(byte[] a, int offset, int value) {
        a[offset] = (byte) value;
        a[offset + 1] = (byte) (value >>> 8);
        a[offset + 2] = (byte) (value >>> 16);
    }
}
