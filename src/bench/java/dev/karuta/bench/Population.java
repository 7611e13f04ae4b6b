package dev.karuta.bench;

import dev.karuta.core.AnnounceRequest;
import dev.karuta.core.Event;
import dev.karuta.core.InfoHash;
import dev.karuta.core.PeerAddress;
import dev.karuta.core.PeerId;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Issue 6's realistic tracker population, the same on every run: {@code peers} peers over
 * {@code swarms} swarms, one swarm of {@code largest} peers and the rest Zipf-like (swarm k gets a
 * share proportional to 1/k, down to single peers), a third seeders, 80% IPv4 only, 10% IPv6 only, 10%
 * dual-stack, each with a key, addresses random (no loopback, IPv6 global unicast).
 */
final class Population {
    private Population() {
    }

    /** Hands each peer's {@code started} announce to {@code sink}, swarm by swarm, largest first. */
    static void forEach(int peers, int swarms, int largest, Consumer<AnnounceRequest> sink) {
        int[] sizes = sizes(peers, swarms, largest);
        SplittableRandom random = new SplittableRandom(42);
        for (int s = 0; s < swarms; s++) {
            InfoHash hash = InfoHash.of(bytes(random, 20));
            for (int i = 0; i < sizes[s]; i++) {
                PeerId id = PeerId.of(bytes(random, 20));
                int kind = random.nextInt(100);
                PeerAddress v4 = kind < 85 || kind >= 95 ? PeerAddress.of(bytes(random, 4), 1024 + random.nextInt(60000)) : null;
                PeerAddress v6 = kind >= 80 ? PeerAddress.of(v6(random), 1024 + random.nextInt(60000)) : null;
                PeerAddress source = v4 != null ? v4 : v6;
                PeerAddress other = v4 != null ? v6 : null;
                long left = random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(1 << 30);
                sink.accept(AnnounceRequest.builder(hash, id, source).other(other).left(left).event(Event.STARTED)
                        .numWant(0).key(random.nextInt()).build());
            }
        }
    }

    /** Swarm sizes: the first {@code largest}, the others Zipf-like, summing to {@code peers}. */
    static int[] sizes(int peers, int swarms, int largest) {
        int[] sizes = new int[swarms];
        sizes[0] = largest;
        double harmonic = 0;
        for (int k = 1; k < swarms; k++) {
            harmonic += 1.0 / k;
        }
        int rest = peers - largest;
        int given = 0;
        for (int k = 1; k < swarms; k++) {
            sizes[k] = Math.max(1, (int) (rest / harmonic / k));
            given += sizes[k];
        }
        // Spread what rounding left over (or took) across the small swarms.
        for (int k = swarms - 1; given != rest; k = k == 1 ? swarms - 1 : k - 1) {
            int step = given < rest ? 1 : (sizes[k] > 1 ? -1 : 0);
            sizes[k] += step;
            given += step;
        }
        return sizes;
    }

    private static byte[] bytes(SplittableRandom random, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) random.nextInt(256);
        }
        b[0] = (byte) (b[0] == 127 ? 126 : b[0]); // no loopback
        return b;
    }

    private static byte[] v6(SplittableRandom random) {
        byte[] b = bytes(random, 16);
        b[0] = 0x20; // global unicast 2000::/3, never IPv4-mapped
        return b;
    }
}
