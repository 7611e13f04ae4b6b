package dev.karuta.bench;

import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.SplittableRandom;

/**
 * The HTTP announces of {@code bench/announce.lua} (public mode) as request bytes: 200k peers over 10k
 * torrents, a third seeders, info_hash and peer_id percent-encoded byte by byte from the same MINSTD
 * generator, {@code event=started} on a peer's first announce, numwant 50, compact. Not thread-safe.
 */
final class AnnounceQueries {
    static final int TORRENTS = 10_000;
    static final int PEERS = 200_000;
    private static final long M = 2147483647L;

    private final String prefix;
    private final String host;
    private final boolean close;
    private final String[] hashes = new String[TORRENTS + 1];
    private final String[] ids = new String[PEERS + 1];
    private final BitSet seen = new BitSet(PEERS + 1);

    /** Requests to {@code prefix + "/announce"} with this Host header, with {@code Connection: close} if asked. */
    AnnounceQueries(String prefix, String host, boolean close) {
        this.prefix = prefix;
        this.host = host;
        this.close = close;
    }

    /** {@code n} pseudo-random bytes for (seed, salt): announce.lua's {@code escaped} before the %XX. */
    static byte[] luaBytes(int n, long seed, long salt) {
        long x = (seed * 7919 + salt * 104729) % M;
        if (x == 0) {
            x = 1;
        }
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            x = (x * 48271) % M;
            out[i] = (byte) ((x / 8388608) % 256);
        }
        return out;
    }

    private static String escaped(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length * 3);
        for (byte b : bytes) {
            sb.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                    .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
        }
        return sb.toString();
    }

    /** announce.lua's key of peer {@code p}: 8 upper-case hex digits. */
    private static String key(int p) {
        String hex = Long.toHexString((p * 2654435761L) % 4294967296L).toUpperCase();
        return "00000000".substring(hex.length()) + hex;
    }

    /** The next announce of a peer drawn from {@code random}, as one HTTP/1.1 GET. */
    byte[] next(SplittableRandom random) {
        int p = random.nextInt(PEERS) + 1;
        int t = (int) ((p * 7L) % TORRENTS) + 1;
        if (hashes[t] == null) {
            hashes[t] = escaped(luaBytes(20, t, 1));
        }
        if (ids[p] == null) {
            ids[p] = "-KB0100-" + escaped(luaBytes(12, p, 2));
        }
        String event = "";
        if (!seen.get(p)) {
            seen.set(p);
            event = "&event=started";
        }
        long left = p % 3 == 0 ? 0 : 1_048_576;
        String request = "GET " + prefix + "/announce?info_hash=" + hashes[t] + "&peer_id=" + ids[p]
                + "&port=" + (1024 + (p * 40503L) % 64000) + "&uploaded=0&downloaded=0&left=" + left
                + "&corrupt=0&key=" + key(p) + event
                + "&numwant=50&compact=1&no_peer_id=1&supportcrypto=1&redundant=0 HTTP/1.1\r\nHost: " + host
                + (close ? "\r\nConnection: close" : "") + "\r\n\r\n";
        return request.getBytes(StandardCharsets.ISO_8859_1);
    }
}
