package dev.karuta.udp;

/**
 * SipHash-2-4 (Aumasson and Bernstein), a keyed 64-bit hash made for short inputs: here it signs UDP
 * connection IDs. Hand-written because it runs once per UDP packet; checked against the reference
 * test vectors.
 */
final class SipHash {
    private final long k0;
    private final long k1;

    /** A hash keyed with the 16 bytes of {@code key}. */
    SipHash(byte[] key) {
        if (key.length != 16) {
            throw new IllegalArgumentException("SipHash key must be 16 bytes");
        }
        k0 = readLong(key, 0);
        k1 = readLong(key, 8);
    }

    /** The 64-bit hash of {@code length} bytes of {@code data} from {@code offset}. */
    long hash(byte[] data, int offset, int length) {
        return hash(data, offset, length, 0, 0);
    }

    /**
     * The 64-bit hash of all of {@code data} followed by the 4 big-endian bytes of {@code suffix}, the
     * same as {@link #hash(byte[], int, int)} of that concatenation, without building it.
     */
    long hashWithSuffix(byte[] data, int suffix) {
        return hash(data, 0, data.length, suffix, 4);
    }

    /** The hash of the message {@code data[offset, offset + length)} then {@code suffixLength} bytes of {@code suffix}. */
    private long hash(byte[] data, int offset, int length, int suffix, int suffixLength) {
        int total = length + suffixLength;
        long v0 = k0 ^ 0x736f6d6570736575L;
        long v1 = k1 ^ 0x646f72616e646f6dL;
        long v2 = k0 ^ 0x6c7967656e657261L;
        long v3 = k1 ^ 0x7465646279746573L;
        int end = total - (total % 8);
        for (int i = 0; i < end; i += 8) {
            long m = i + 8 <= length ? readLong(data, offset + i) : word(data, offset, length, suffix, i, 8);
            v3 ^= m;
            for (int r = 0; r < 2; r++) {
                v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
                v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
                v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
                v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
            }
            v0 ^= m;
        }
        long last = ((long) total & 0xff) << 56 | word(data, offset, length, suffix, end, total % 8);
        v3 ^= last;
        for (int r = 0; r < 2; r++) {
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        }
        v0 ^= last;
        v2 ^= 0xff;
        for (int r = 0; r < 4; r++) {
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        }
        return v0 ^ v1 ^ v2 ^ v3;
    }

    /** Little-endian word of the {@code n} message bytes from message position {@code i} (data, then suffix). */
    private static long word(byte[] data, int offset, int length, int suffix, int i, int n) {
        long w = 0;
        for (int j = 0; j < n; j++) {
            int p = i + j;
            long b = p < length ? data[offset + p] & 0xffL : (suffix >>> (24 - 8 * (p - length))) & 0xffL;
            w |= b << (8 * j);
        }
        return w;
    }

    /** Little-endian 64-bit word at {@code i}. */
    private static long readLong(byte[] b, int i) {
        return (b[i] & 0xffL) | (b[i + 1] & 0xffL) << 8 | (b[i + 2] & 0xffL) << 16 | (b[i + 3] & 0xffL) << 24
                | (b[i + 4] & 0xffL) << 32 | (b[i + 5] & 0xffL) << 40 | (b[i + 6] & 0xffL) << 48
                | (b[i + 7] & 0xffL) << 56;
    }
}
