package dev.karuta.swarm;

import java.util.Arrays;

/**
 * Where a large {@link Pool} finds the peers of one subnet: subnets hash into buckets, and each bucket
 * is a ring of records (links by record index, which never changes while a peer lives, so entries can
 * move in the pool freely). Subnets that share a bucket share its ring, so a reader checks each
 * record's subnet; there is a bucket per eight records or fewer, so a ring is short next to a pick's
 * window. Memory: 6 bytes per record (two 3-byte links) and under a byte per record of buckets, only
 * in pools past {@link Pool#INDEX_MIN}.
 */
final class SubnetIndex {
    private static final int LINKS = 6;
    /** Each bucket's entry point: a record + 1, 0 when empty. */
    private final int[] heads;
    /** Per record: the next record of its ring, then the previous one (3 bytes each). */
    private byte[] links;
    private int linked;

    SubnetIndex(int records) {
        heads = new int[Math.max(16, Integer.highestOneBit(Math.max(1, records / 4)))];
        links = new byte[Math.max(16, records + records / 8) * LINKS];
    }

    /** The first record of {@code key}'s bucket, or {@link PeerTable#NONE}. */
    int head(long key) {
        return heads[bucket(key)] - 1;
    }

    int next(int r) {
        return Bytes3.get(links, r * LINKS);
    }

    private int prev(int r) {
        return Bytes3.get(links, r * LINKS + 3);
    }

    private void setNext(int r, int next) {
        Bytes3.set(links, r * LINKS, next);
    }

    private void setPrev(int r, int prev) {
        Bytes3.set(links, r * LINKS + 3, prev);
    }

    /** Adds record {@code r} of subnet {@code key} at the end of its bucket's ring. */
    void link(int r, long key) {
        if ((r + 1) * LINKS > links.length) {
            links = Arrays.copyOf(links, (r + 1 + r / 8) * LINKS);
        }
        int b = bucket(key);
        int head = heads[b] - 1;
        if (head < 0) {
            heads[b] = r + 1;
            setNext(r, r);
            setPrev(r, r);
        } else {
            int tail = prev(head);
            setPrev(r, tail);
            setNext(r, head);
            setNext(tail, r);
            setPrev(head, r);
        }
        linked++;
    }

    /** Whether the rings grew to more than eight records a bucket (the owner then builds a larger index). */
    boolean crowded() {
        return linked > 8 * heads.length;
    }

    /** Takes record {@code r} of subnet {@code key} out of its ring. */
    void unlink(int r, long key) {
        int b = bucket(key);
        int next = next(r);
        if (next == r) {
            heads[b] = 0;
        } else {
            int prev = prev(r);
            setNext(prev, next);
            setPrev(next, prev);
            if (heads[b] == r + 1) {
                heads[b] = next + 1;
            }
        }
        linked--;
    }

    /** Starts {@code key}'s ring at {@code end} when a reader walked from {@code head} without coming round. */
    void rotate(long key, int head, int end) {
        if (end != head) {
            heads[bucket(key)] = end + 1;
        }
    }

    private int bucket(long key) {
        long h = key * 0x9e3779b97f4a7c15L;
        return (int) (h >>> 40) & (heads.length - 1);
    }
}
