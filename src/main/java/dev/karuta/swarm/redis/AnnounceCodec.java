package dev.karuta.swarm.redis;

import dev.karuta.core.AddressFamily;
import dev.karuta.core.SelectedPeers;
import dev.karuta.core.SwarmStats;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The binary forms announce.lua reads and answers (see its header): one announce as one argument that
 * the script takes apart with {@code struct.unpack}, and its answer as one string. Fewer, packed
 * arguments and a flat answer cost less on both sides than a score of decimal arguments and nested
 * arrays.
 */
final class AnnounceCodec {
    /** Bytes of a peer_id at the start of a pick-set member, then the done flag. */
    private static final int ID_LENGTH = 20;
    private static final int[] NONE = new int[0];

    private AnnounceCodec() {
    }

    /** What one announce sends; strings are compact addresses and subnet ids (each under 256 bytes). */
    record Request(byte[] peerId, long now, int event, boolean leftZero, int key, boolean hasKey, int owner,
                   int family, boolean subnetFirst, int want4, int want6, long ledgerBase, byte[] v4, byte[] v6,
                   byte[] n4, byte[] n6) {
    }

    /** {@code '>c20dBBi4Bi4BBHHd'} then four {@code 'Bc0'} strings. */
    static byte[] pack(Request r) {
        ByteBuffer b = ByteBuffer.allocate(20 + 8 + 2 + 4 + 1 + 4 + 2 + 4 + 8
                + 4 + r.v4.length + r.v6.length + r.n4.length + r.n6.length);
        b.put(r.peerId).putDouble(r.now).put((byte) r.event).put((byte) (r.leftZero ? 1 : 0)).putInt(r.key)
                .put((byte) (r.hasKey ? 1 : 0)).putInt(r.owner).put((byte) r.family).put((byte) (r.subnetFirst ? 1 : 0))
                .putShort((short) Math.min(r.want4, 0xffff)).putShort((short) Math.min(r.want6, 0xffff))
                .putDouble(r.ledgerBase);
        for (byte[] s : new byte[][] {r.v4, r.v6, r.n4, r.n6}) {
            b.put((byte) s.length).put(s);
        }
        return b.array();
    }

    /**
     * The call's shared argument, {@code '>ddddd'}: TTL, prune limit, least ms between touches, random
     * seed, most peers per address (0: no limit).
     */
    static byte[] header(long ttlMillis, int pruneLimit, long touchMillis, int seed, int perAddress) {
        return ByteBuffer.allocate(40).putDouble(ttlMillis).putDouble(pruneLimit).putDouble(touchMillis)
                .putDouble(seed).putDouble(perAddress).array();
    }

    /** One announce's answer. {@code deltas} and {@code alive} are there on a Cluster only. */
    record Reply(int status, boolean snatchedNow, SwarmStats stats, SelectedPeers picks, List<Object> deltas,
                 long alive) {
    }

    /**
     * Reads an answer: {@code '>bBi4i4i4dHH'}, the picks (27-byte v4 and 39-byte v6 members: peer_id,
     * done flag, compact address), then on a Cluster ten 4-byte deltas and the alive byte. An answer
     * starting with 'E' is the failure of that announce alone. The script hands a family's picks as
     * windows of the pool's random order, at most numwant and never the requester's own: this shuffles
     * them, keeping at most {@code want4} (IPv4) and {@code want6} (IPv6).
     */
    static Reply read(byte[] raw, boolean withIds, boolean cluster, int want4, int want6) {
        if (raw.length > 0 && raw[0] == 'E') {
            throw new IllegalStateException("announce script failed: "
                    + new String(raw, 1, raw.length - 1, java.nio.charset.StandardCharsets.UTF_8));
        }
        ByteBuffer b = ByteBuffer.wrap(raw);
        int status = b.get();
        boolean snatched = b.get() == 1;
        SwarmStats stats = new SwarmStats(b.getInt(), b.getInt(), b.getInt(), (long) b.getDouble());
        int c4 = b.getShort() & 0xffff;
        int c6 = b.getShort() & 0xffff;
        SelectedPeers picks = SelectedPeers.NONE;
        int at = b.position();
        int[] kept4 = offsets(at, c4, AddressFamily.V4);
        at += c4 * memberLength(AddressFamily.V4);
        int[] kept6 = offsets(at, c6, AddressFamily.V6);
        at += c6 * memberLength(AddressFamily.V6);
        int n4 = Math.min(kept4.length, want4);
        int n6 = Math.min(kept6.length, want6);
        if (n4 + n6 > 0) {
            picks = new SelectedPeers(n4, n6, withIds);
            addPicks(raw, picks, AddressFamily.V4, kept4, n4);
            addPicks(raw, picks, AddressFamily.V6, kept6, n6);
        }
        b.position(at);
        List<Object> deltas = List.of();
        long alive = -1;
        if (cluster) {
            deltas = new ArrayList<>(10);
            for (int i = 0; i < 10; i++) {
                deltas.add((long) b.getInt());
            }
            alive = b.get();
        }
        return new Reply(status, snatched, stats, picks, deltas, alive);
    }

    private static int memberLength(AddressFamily family) {
        return ID_LENGTH + 1 + family.compactLength();
    }

    /** The offsets of the {@code count} members of {@code family} from {@code at}. */
    private static int[] offsets(int at, int count, AddressFamily family) {
        if (count == 0) {
            return NONE; // most answers have no member of one family
        }
        int len = memberLength(family);
        int[] offsets = new int[count];
        for (int i = 0; i < count; i++) {
            offsets[i] = at + i * len;
        }
        return offsets;
    }

    /** Adds {@code n} of the members at {@code offsets}, drawn at random in random order (a partial shuffle). */
    private static void addPicks(byte[] raw, SelectedPeers out, AddressFamily family, int[] offsets, int n) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < n; i++) {
            int j = i + random.nextInt(offsets.length - i);
            int off = offsets[j];
            offsets[j] = offsets[i];
            offsets[i] = off;
            // The done flag (after the peer_id) is not read: the script has filtered by it already.
            out.add(family, raw, off + ID_LENGTH + 1, raw, off);
        }
    }
}
