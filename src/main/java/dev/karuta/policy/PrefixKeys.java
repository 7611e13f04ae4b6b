package dev.karuta.policy;

/**
 * A fixed-capacity set of 128-bit keys (two longs) with open addressing and linear probing, at most half
 * full: a lookup allocates nothing and reads a few adjacent slots. Filled once, then only read, so it
 * may be shared between threads once safely published.
 */
final class PrefixKeys {
    private final long[] keys;
    private final boolean[] used;
    private final int mask;

    /** A set for up to {@code expected} keys. */
    PrefixKeys(int expected) {
        int capacity = Integer.highestOneBit(Math.max(2, expected) * 2 - 1) << 1;
        keys = new long[capacity * 2];
        used = new boolean[capacity];
        mask = capacity - 1;
    }

    void add(long hi, long lo) {
        int i = slot(hi, lo);
        while (used[i]) {
            if (keys[2 * i] == hi && keys[2 * i + 1] == lo) {
                return;
            }
            i = (i + 1) & mask;
        }
        used[i] = true;
        keys[2 * i] = hi;
        keys[2 * i + 1] = lo;
    }

    boolean contains(long hi, long lo) {
        int i = slot(hi, lo);
        while (used[i]) {
            if (keys[2 * i] == hi && keys[2 * i + 1] == lo) {
                return true;
            }
            i = (i + 1) & mask;
        }
        return false;
    }

    private int slot(long hi, long lo) {
        long h = hi * 0x9E3779B97F4A7C15L + lo * 0xC2B2AE3D27D4EB4FL;
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
