package dev.karuta.swarm.redis;

import dev.karuta.swarm.PeerView;

/**
 * One peer as the Redis scripts store it: a msgpack array of {state, key, hasKey, snatched, owner,
 * lastSeen, v4, v6, v4 subnet, v6 subnet}. Read back only for {@code forEachPeer} (snapshots, the
 * admin browser), so a small decoder of the few msgpack forms cmsgpack writes is enough.
 */
record PeerRecord(PeerView.State state, int key, boolean hasKey, boolean snatched, int owner, long lastSeen,
                  byte[] v4, byte[] v6) {

    static PeerRecord unpack(byte[] raw) {
        Reader r = new Reader(raw);
        int n = r.arrayHeader();
        Object[] f = new Object[n];
        for (int i = 0; i < n; i++) {
            f[i] = r.value();
        }
        long state = (Long) f[0];
        return new PeerRecord(state == 2 ? PeerView.State.SEEDER : state == 1 ? PeerView.State.PARTIAL_SEED
                : PeerView.State.DOWNLOADER, (int) (long) (Long) f[1], (Long) f[2] == 1L, (Long) f[3] == 1L,
                (int) (long) (Long) f[4], (Long) f[5], (byte[]) f[6], (byte[]) f[7]);
    }

    /** The msgpack subset cmsgpack emits for these records: arrays, integers, strings. */
    private static final class Reader {
        private final byte[] b;
        private int i;

        Reader(byte[] b) {
            this.b = b;
        }

        int arrayHeader() {
            int t = b[i++] & 0xff;
            if ((t & 0xf0) == 0x90) {
                return t & 0x0f;
            }
            if (t == 0xdc) {
                return (int) be(2);
            }
            throw new IllegalStateException("not a msgpack array: " + t);
        }

        Object value() {
            int t = b[i++] & 0xff;
            if (t <= 0x7f) {
                return (long) t;
            }
            if (t >= 0xe0) {
                return (long) (byte) t;
            }
            if ((t & 0xe0) == 0xa0) {
                return bytes(t & 0x1f);
            }
            return switch (t) {
                case 0xcc -> be(1);
                case 0xcd -> be(2);
                case 0xce -> be(4);
                case 0xcf -> be(8);
                case 0xd0 -> (long) (byte) be(1);
                case 0xd1 -> (long) (short) be(2);
                case 0xd2 -> (long) (int) be(4);
                case 0xd3 -> be(8);
                case 0xcb -> (long) Double.longBitsToDouble(be(8));
                case 0xca -> (long) Float.intBitsToFloat((int) be(4));
                case 0xd9, 0xc4 -> bytes((int) be(1));
                case 0xda, 0xc5 -> bytes((int) be(2));
                case 0xdb, 0xc6 -> bytes((int) be(4));
                case 0xc2 -> 0L;
                case 0xc3 -> 1L;
                default -> throw new IllegalStateException("unexpected msgpack type " + t);
            };
        }

        private long be(int n) {
            long v = 0;
            for (int k = 0; k < n; k++) {
                v = (v << 8) | (b[i++] & 0xff);
            }
            return v;
        }

        private byte[] bytes(int n) {
            byte[] out = new byte[n];
            System.arraycopy(b, i, out, 0, n);
            i += n;
            return out;
        }
    }
}
