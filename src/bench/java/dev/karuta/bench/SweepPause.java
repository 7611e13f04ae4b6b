package dev.karuta.bench;

import static dev.karuta.core.Answers.join;

import dev.karuta.core.AnnounceRequest;
import dev.karuta.core.Event;
import dev.karuta.core.Swarms;
import dev.karuta.core.TimeSource;
import dev.karuta.swarm.CaffeineSwarmRegistry;
import dev.karuta.swarm.PeerView;
import dev.karuta.swarm.RegistrySettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Announce latency while the sweep removes expired peers from 1M (issue 6: "expiry sweeps that never
 * stop the world for a large swarm"). Fills the registry with the {@link Population}, every peer last
 * seen at a time spread evenly over the TTL (a tracker in steady state), then:
 * <ol>
 * <li>worst case: time jumps half a TTL, so half of every swarm (500k peers) expired at once; one
 *     thread re-announces random peers (numwant 50, swarms weighted by size, so a fifth go to the 200k
 *     swarm) while another runs one sweep that removes them, recording each announce's latency;</li>
 * <li>frozen time: the same announces for {@code seconds} with no sweep, for comparison;</li>
 * <li>steady state: tracker time runs 60x (a real second is a tracker minute), peers expire as they
 *     would, and another thread sweeps each tracker minute (the default interval), visiting all 1M
 *     peers' swarms; latencies of all announces and of those made during a sweep.</li>
 * </ol>
 * Prints p50/p99/p99.9/max for each and what the sweeps removed. In the worst case, an announce that
 * reaches a swarm before the sweep removes that swarm's expired peers itself (counts stay exact),
 * which the max shows.
 * Usage: {@code SweepPause [seconds=5]}; run by {@code bench/sweep.sh}.
 */
public final class SweepPause {
    private static final Duration TTL = Duration.ofMinutes(45);

    private SweepPause() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        ScaledClock clock = new ScaledClock();
        RegistrySettings settings = new RegistrySettings(TTL, TTL.multipliedBy(2), 10_000_000, 24, 48);
        CaffeineSwarmRegistry registry = new CaffeineSwarmRegistry(settings, clock);
        List<AnnounceRequest> peers = new ArrayList<>(1_000_000);
        Population.forEach(1_000_000, 100_000, 200_000, peers::add);
        // Each swarm's peers come oldest first (idle from the TTL down to 0), so restore links in O(1).
        for (int i = 0; i < peers.size(); ) {
            int end = i;
            while (end < peers.size() && peers.get(end).infoHash().equals(peers.get(i).infoHash())) {
                end++;
            }
            for (int j = i; j < end; j++) {
                AnnounceRequest r = peers.get(j);
                long idleMillis = TTL.toMillis() - 1 - (TTL.toMillis() - 1) * (j - i + 1) / (end - i);
                registry.restore(r.infoHash(), new PeerView(r.peerId(), r.ipv4(), r.ipv6(),
                        r.left() == 0 ? PeerView.State.SEEDER : PeerView.State.DOWNLOADER,
                        Duration.ofMillis(idleMillis), r.key(), true, false));
            }
            i = end;
        }
        System.out.printf("held %d peers in %d swarms%n", registry.totals().peers(), registry.totals().torrents());

        SplittableRandom random = new SplittableRandom(1);
        long phase = Duration.ofSeconds(seconds).toNanos();
        // Worst case: time jumps half a TTL at once, so half of every swarm (500k peers) is expired.
        long before = registry.totals().peers();
        long expiredBefore = registry.totals().peersExpired();
        clock.jump(TTL.dividedBy(2));
        AtomicBoolean busy = new AtomicBoolean(true);
        long[] result = new long[2];
        Thread once = new Thread(() -> {
            long start = System.nanoTime();
            result[0] = registry.sweep();
            result[1] = System.nanoTime() - start;
            busy.set(false);
        }, "sweeper");
        once.start();
        long[] during = announceFor(registry, peers, random, Long.MAX_VALUE, busy, null);
        once.join();
        report("jump, during sweep", during);
        long expired = registry.totals().peersExpired() - expiredBefore;
        System.out.printf("jump: %d of %d peers expired; the sweep removed %d in %.0f ms, announces the other %d%n",
                expired, before, result[0], result[1] / 1e6, expired - result[0]);
        report("frozen time, no sweep", announceFor(registry, peers, random, phase, null, null));

        // Steady state: a real second is a minute of tracker time, the sweep runs each tracker minute
        // (the default karuta.sweep.interval) and removes the peers that expired since the last one.
        clock.run(60);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicBoolean sweeping = new AtomicBoolean(false);
        List<String> sweeps = new ArrayList<>();
        Thread sweeper = new Thread(() -> {
            while (running.get()) {
                long next = System.nanoTime() + 1_000_000_000L;
                sweeping.set(true);
                long start = System.nanoTime();
                long removed = registry.sweep();
                sweeping.set(false);
                sweeps.add(String.format("%d in %.0f ms", removed, (System.nanoTime() - start) / 1e6));
                while (running.get() && System.nanoTime() < next) {
                    Thread.onSpinWait();
                    Thread.yield();
                }
            }
        }, "sweeper");
        sweeper.start();
        long[][] steady = announceDuring(registry, peers, random, phase, sweeping);
        running.set(false);
        sweeper.join();
        report("steady, all", steady[0]);
        report("steady, in sweeps", steady[1]);
        System.out.println("sweeps (peers removed): " + String.join(", ", sweeps));

        registry.close();
    }

    /** {@link #announceFor} split: all latencies, and those of announces made while {@code sweeping}. */
    private static long[][] announceDuring(CaffeineSwarmRegistry registry, List<AnnounceRequest> peers,
                                           SplittableRandom random, long nanos, AtomicBoolean sweeping) {
        long[] inSweep = new long[1 << 20];
        int[] n = {0};
        long[] all = announceFor(registry, peers, random, nanos, null, (latency, wasSweeping) -> {
            if (wasSweeping && n[0] < inSweep.length) {
                inSweep[n[0]++] = latency;
            }
        }, sweeping);
        return new long[][] {all, Arrays.copyOf(inSweep, n[0])};
    }

    /**
     * Re-announces random live peers (the newer half of each swarm, which the jump leaves alive) for
     * {@code nanos}, or while {@code until} is true; returns each announce's latency in nanoseconds.
     */
    private static long[] announceFor(CaffeineSwarmRegistry registry, List<AnnounceRequest> peers,
                                      SplittableRandom random, long nanos, AtomicBoolean until, Tap tap) {
        return announceFor(registry, peers, random, nanos, until, tap, null);
    }

    /** Sees each latency, with whether {@code flag} was set when the announce began. */
    private interface Tap {
        void seen(long latency, boolean flagged);
    }

    private static long[] announceFor(CaffeineSwarmRegistry registry, List<AnnounceRequest> peers,
                                      SplittableRandom random, long nanos, AtomicBoolean until, Tap tap,
                                      AtomicBoolean flag) {
        long[] latencies = new long[1 << 21];
        int n = 0;
        long end = System.nanoTime() + nanos;
        while (n < latencies.length && (until == null ? System.nanoTime() < end : until.get())) {
            AnnounceRequest r = peers.get(random.nextInt(peers.size()));
            AnnounceRequest again = AnnounceRequest.builder(r.infoHash(), r.peerId(), r.source()).other(r.other())
                    .left(r.left()).numWant(50).key(r.key()).build();
            boolean flagged = flag != null && flag.get();
            long start = System.nanoTime();
            join(registry.announce(again, 50, Swarms.NO_OWNER));
            latencies[n] = System.nanoTime() - start;
            if (tap != null) {
                tap.seen(latencies[n], flagged);
            }
            n++;
        }
        return Arrays.copyOf(latencies, n);
    }

    /** Tracker time: frozen, or running {@code speed} times faster than real time; it can jump. */
    private static final class ScaledClock implements TimeSource {
        private volatile long base = 1_000_000_000L;
        private volatile long since = System.nanoTime();
        private volatile int speed;
        private final long epochAtStart = System.currentTimeMillis();

        @Override
        public long nanoTime() {
            return base + (System.nanoTime() - since) * speed;
        }

        @Override
        public long epochMillis() {
            return epochAtStart + (nanoTime() - 1_000_000_000L) / 1_000_000L;
        }

        long read() {
            return nanoTime();
        }

        void run(int newSpeed) {
            base = read();
            since = System.nanoTime();
            speed = newSpeed;
        }

        void jump(Duration d) {
            base = read() + d.toNanos();
            since = System.nanoTime();
        }
    }

    private static void report(String what, long[] latencies) {
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        System.out.printf("%-20s %8d announces  p50 %6.1f us  p99 %7.1f us  p99.9 %8.1f us  max %8.1f us%n", what,
                sorted.length, at(sorted, 0.50), at(sorted, 0.99), at(sorted, 0.999), sorted[sorted.length - 1] / 1e3);
    }

    private static double at(long[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))] / 1e3;
    }
}
