package dev.karuta.bench;

import static dev.karuta.core.Answers.join;

import dev.karuta.core.AnnounceRequest;
import dev.karuta.core.Event;
import dev.karuta.core.InfoHash;
import dev.karuta.core.PeerAddress;
import dev.karuta.core.PeerId;
import dev.karuta.core.Swarms;
import dev.karuta.core.TimeSource;
import dev.karuta.swarm.CaffeineSwarmRegistry;
import dev.karuta.swarm.RegistrySettings;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.SplittableRandom;

/**
 * Heap per peer of the in-memory registry (issue 6's measure): fills a registry with {@code peers}
 * peers over {@code swarms} swarms, one swarm of {@code largest} peers and the rest Zipf-like
 * ({@link Population}); then reports the heap used after full GCs, minus the same measure of
 * the empty registry, per peer. A figure, not a timed test.
 * Usage: {@code HeapPerPeer [peers] [swarms] [largest]} (defaults 1000000 100000 200000);
 * {@code -Dkaruta.heap.v4Prefix=0 -Dkaruta.heap.v6Prefix=0} turn subnet preference (and its index) off,
 * {@code -Dkaruta.heap.histogram=true} prints the largest classes of the heap.
 */
public final class HeapPerPeer {
    private HeapPerPeer() {
    }

    public static void main(String[] args) throws Exception {
        int peers = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int swarms = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int largest = args.length > 2 ? Integer.parseInt(args[2]) : 200_000;
        double perPeer = measure(peers, swarms, largest, System.out);
        if (perPeer > BOUND) {
            System.out.printf("over the bound of %d bytes per peer%n", BOUND);
            System.exit(1);
        }
    }

    /** Issue 6's bound: heap bytes per peer at 1M peers. */
    public static final int BOUND = 100;

    /** Fills a registry as the class comment says, prints what it measured to {@code out}; returns bytes per peer. */
    public static double measure(int peers, int swarms, int largest, java.io.PrintStream out) throws Exception {
        RegistrySettings settings = new RegistrySettings(Duration.ofHours(1), Duration.ofHours(1), 10_000_000,
                Integer.getInteger("karuta.heap.v4Prefix", 24), Integer.getInteger("karuta.heap.v6Prefix", 48));
        CaffeineSwarmRegistry registry = new CaffeineSwarmRegistry(settings, TimeSource.SYSTEM);
        long empty = usedAfterGc();

        int[] sizes = Population.sizes(peers, swarms, largest);
        int[] n = {0};
        Population.forEach(peers, swarms, largest, request -> {
            join(registry.announce(request, 0, Swarms.NO_OWNER));
            n[0]++;
        });
        long full = usedAfterGc();
        long held = registry.totals().peers();
        out.printf("peers %d (held %d, IPv4 %d, IPv6 %d) in %d swarms (largest %d)%n", n[0], held,
                registry.totals().peersV4(), registry.totals().peersV6(), registry.totals().torrents(), sizes[0]);
        double perPeer = (full - empty) / (double) held;
        out.printf("heap after GC: empty registry %.1f MiB, full %.1f MiB -> %.1f bytes per peer%n",
                empty / 1048576.0, full / 1048576.0, (full - empty) / (double) held);
        if (Boolean.getBoolean("karuta.heap.histogram")) {
            // What the heap holds, class by class (the jcmd GC.class_histogram view), for finding the cost.
            Object histogram = ManagementFactory.getPlatformMBeanServer().invoke(
                    new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {null}, new String[] {String[].class.getName()});
            out.println(String.join("\n", histogram.toString().lines().limit(25).toList()));
        }
        registry.close();
        return perPeer;
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
