package dev.karuta.soak;

import dev.karuta.core.InfoHash;
import java.nio.ByteBuffer;
import java.util.random.RandomGenerator;

/**
 * The soak's torrents: fixed info hashes, picked with a Zipf-like skew (a few swarms of a hundred
 * or more peers, most of a handful), and a separate set for the warm-up that leaves nothing behind.
 */
final class Torrents {
    private final byte[][] hashes;
    private final InfoHash[] infoHashes;

    Torrents(int count) {
        hashes = new byte[count][];
        infoHashes = new InfoHash[count];
        for (int i = 0; i < count; i++) {
            hashes[i] = hash("karutaSK", i);
            infoHashes[i] = InfoHash.of(hashes[i]);
        }
    }

    /** The info hash of warm-up torrent {@code i}, distinct from every soak torrent. */
    static byte[] warmUp(int i) {
        return hash("karutaWU", i);
    }

    private static byte[] hash(String prefix, int i) {
        return ByteBuffer.allocate(20).put(prefix.getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .putInt(i).putLong(0x9e3779b97f4a7c15L * (i + 1)).array();
    }

    int count() {
        return hashes.length;
    }

    /** A torrent index: torrent {@code k} is picked with probability about proportional to 1/sqrt(k). */
    int pick(RandomGenerator random) {
        double u = random.nextDouble();
        return Math.min(hashes.length - 1, (int) (hashes.length * u * u));
    }

    byte[] bytes(int torrent) {
        return hashes[torrent];
    }

    InfoHash infoHash(int torrent) {
        return infoHashes[torrent];
    }
}
