package dev.karuta.bench;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.karuta.core.AnnounceRequest;
import dev.karuta.core.Event;
import dev.karuta.core.InfoHash;
import dev.karuta.core.PeerAddress;
import dev.karuta.core.PeerId;
import dev.karuta.swarm.CaffeineSwarmRegistry;
import dev.karuta.swarm.RegistrySettings;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.SplittableRandom;

/**
 * Heap per peer of the in-memory registry (issue 6's measure): fills a registry with {@code peers}
 * peers over {@code swarms} swarms, one swarm of {@code largest} peers and the rest Zipf-like
 * (swarm k gets a share proportional to 1/k), a third seeders, 80% IPv4 only, 15% IPv6 only, 5%
 * dual-stack, each with a key; then reports the heap used after full GCs, minus the same measure of
 * the empty registry, per peer. A figure, not a timed test.
 * Usage: {@code HeapPerPeer [peers] [swarms] [largest]} (defaults 1000000 100000 200000).
 */
public final class HeapPerPeer {
    private HeapPerPeer() {
    }

    public static void main(String[] args) throws Exception {
        int peers = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int swarms = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int largest = args.length > 2 ? Integer.parseInt(args[2]) : 200_000;
        RegistrySettings settings = new RegistrySettings(Duration.ofHours(1), Duration.ofHours(1), 10_000_000, Integer.getInteger("v4bits", 24), Integer.getInteger("v6bits", 48));
        CaffeineSwarmRegistry registry = new CaffeineSwarmRegistry(settings, Ticker.systemTicker());
        long empty = usedAfterGc();

        int[] sizes = sizes(peers, swarms, largest);
        SplittableRandom random = new SplittableRandom(42);
        int n = 0;
        for (int s = 0; s < swarms; s++) {
            InfoHash hash = InfoHash.of(bytes(random, 20));
            for (int i = 0; i < sizes[s]; i++, n++) {
                PeerId id = PeerId.of(bytes(random, 20));
                int kind = random.nextInt(100);
                PeerAddress v4 = kind < 85 || kind >= 95 ? PeerAddress.of(bytes(random, 4), 1024 + random.nextInt(60000)) : null;
                PeerAddress v6 = kind >= 80 ? PeerAddress.of(v6(random), 1024 + random.nextInt(60000)) : null;
                PeerAddress source = v4 != null ? v4 : v6;
                PeerAddress other = v4 != null ? v6 : null;
                long left = random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(1 << 30);
                registry.announce(new AnnounceRequest(hash, id, source, other, 0, 0, left, Event.STARTED, 0,
                        random.nextInt(), true), 0);
            }
        }
        long full = usedAfterGc();
        long held = registry.totals().peers();
        System.out.printf("peers %d (held %d, IPv4 %d, IPv6 %d) in %d swarms (largest %d)%n", n, held,
                registry.totals().peersV4(), registry.totals().peersV6(), registry.totals().torrents(), sizes[0]);
        System.out.printf("heap after GC: empty registry %.1f MiB, full %.1f MiB -> %.1f bytes per peer%n",
                empty / 1048576.0, full / 1048576.0, (full - empty) / (double) held);
        if (Boolean.getBoolean("karuta.heap.histogram")) {
            // What the heap holds, class by class (the jcmd GC.class_histogram view), for finding the cost.
            Object histogram = ManagementFactory.getPlatformMBeanServer().invoke(
                    new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {null}, new String[] {String[].class.getName()});
            System.out.println(String.join("\n", histogram.toString().lines().limit(25).toList()));
        }
        registry.close();
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

    private static long usedAfterGc() throws InterruptedException {
        var memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(200);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
