package dev.karuta.swarm.redis;

import dev.karuta.core.AddressFamily;
import dev.karuta.core.SelectedPeers;
import dev.karuta.core.SwarmStats;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary forms announce.lua reads and answers (see its header): one announce as one argument that
 * the script takes apart with {@code struct.unpack}, and its answer as one string. Fewer, packed
 * arguments and a flat answer cost less on both sides than a score of decimal arguments and nested
 * arrays.
 */
final class AnnounceCodec {
    /** Bytes of a peer_id at the start of a pick-set member, then the done flag. */
    private static final int ID_LENGTH = 20;

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

    /** The call's shared argument, {@code '>dddd'}: TTL, prune limit, least ms between touches, random seed. */
    static byte[] header(long ttlMillis, int pruneLimit, long touchMillis, int seed) {
        return ByteBuffer.allocate(32).putDouble(ttlMillis).putDouble(pruneLimit).putDouble(touchMillis)
                .putDouble(seed).array();
    }

    /** One announce's answer. {@code deltas} and {@code alive} are there on a Cluster only. */
    record Reply(int status, boolean snatchedNow, SwarmStats stats, SelectedPeers picks, List<Object> deltas,
                 long alive) {
    }

    /**
     * Reads an answer: {@code '>bBi4i4i4dHH'}, the picks (27-byte v4 and 39-byte v6 members: peer_id,
     * done flag, compact address), then on a Cluster nine 4-byte deltas and the alive byte. An answer
     * starting with 'E' is the failure of that announce alone.
     */
    static Reply read(byte[] raw, boolean withIds, boolean cluster) {
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
        if (c4 + c6 > 0) {
            picks = new SelectedPeers(c4, c6, withIds);
            byte[] id = new byte[ID_LENGTH];
            addPicks(b, picks, AddressFamily.V4, c4, id);
            addPicks(b, picks, AddressFamily.V6, c6, id);
        }
        List<Object> deltas = List.of();
        long alive = -1;
        if (cluster) {
            deltas = new ArrayList<>(9);
            for (int i = 0; i < 9; i++) {
                deltas.add((long) b.getInt());
            }
            alive = b.get();
        }
        return new Reply(status, snatched, stats, picks, deltas, alive);
    }

    private static void addPicks(ByteBuffer b, SelectedPeers out, AddressFamily family, int count, byte[] id) {
        byte[] addr = new byte[family.compactLength()];
        for (int i = 0; i < count; i++) {
            b.get(id);
            b.get(); // the done flag: the script has filtered by it already
            b.get(addr);
            out.add(family, addr, id, 0);
        }
    }
}
