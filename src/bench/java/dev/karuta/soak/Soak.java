package dev.karuta.soak;

import dev.karuta.core.Event;
import dev.karuta.swarm.RegistryTotals;
import dev.karuta.swarm.SwarmRegistry;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The soak: the real webapp on Jetty in this JVM under HTTP and UDP announces with churn for a
 * bounded time, then the checks that catch what only a long run shows.
 *
 * <ol>
 * <li>Start the webapp (short interval, TTL and sweep period through its own configuration keys),
 *     warm it up on torrents of its own that are left empty, and wait for the sweep to drop them.</li>
 * <li>Measure the baseline: heap after GC, live threads.</li>
 * <li>Churn for {@link SoakSettings#seconds()}: {@link SoakSettings#peers()} slots, each a peer that
 *     joins, re-announces when told, completes, pauses, stops or vanishes, then a new peer
 *     ({@link ChurnModel}); every answer is checked ({@link AnswerCheck}).</li>
 * <li>Tail ({@link SoakSettings#tail()}): live peers keep announcing, nobody joins or leaves, so
 *     every vanished peer passes its TTL and the periodic sweep runs after that.</li>
 * <li>Stop the load and check: counts exact ({@link CountCheck}), heap back to the baseline plus the
 *     live peers, no more threads than before, no errors.</li>
 * </ol>
 *
 * <p>Usage: {@code Soak [seconds]} (default 120; every setting also as {@code -Dkaruta.soak.NAME}, see
 * {@link SoakSettings}); prints the report and exits with 1 when a check failed.
 */
public final class Soak {
    /**
     * Heap allowed per live peer at the end: 1 KiB. The registry holds a peer in about 100 bytes
     * (BENCHMARKS.md, heap per peer) plus its share of its swarm (here about 3.6 peers a swarm, a swarm
     * being a few hundred bytes); soak runs measured 330 bytes a live peer all told (760 before the
     * packed layout), so 1 KiB is generous: the slack below is what bounds a leak.
     */
    static final long HEAP_PER_LIVE_PEER = 1024;
    /**
     * Heap allowed beyond that whatever the run: 16 MiB, for what grows once to its working size under
     * load and then stays (container and client buffer pools, the swarm cache's table, the database's
     * caches, the JIT's and class loading's heap side). A leak that grows with the announces (not with
     * the live peers) passes it in a long enough run: 16 MiB is 70 bytes per announce of a 2-minute
     * run at 1,800/s, under 10 bytes per announce of a 30-minute one.
     */
    static final long HEAP_SLACK = 16L << 20;
    /** Threads allowed beyond the count before the load (a JVM may start one of its own meanwhile). */
    static final int THREAD_SLACK = 2;
    /** Warm-up peers per client thread, each sending started, one announce, stopped. */
    private static final int WARM_UP_PEERS = 600;

    private Soak() {
    }

    public static void main(String[] args) throws Exception {
        SoakSettings s = SoakSettings.fromSystemProperties();
        if (args.length > 0) {
            s = s.withSeconds(Integer.parseInt(args[0]));
        }
        SoakReport report = run(s, true);
        System.out.print(report.format());
        System.exit(report.passed() ? 0 : 1);
    }

    /** Runs one soak; {@code progress} prints a line every 30 s of load to standard error. */
    public static SoakReport run(SoakSettings settings, boolean progress) throws Exception {
        List<String> problems = new ArrayList<>();
        SoakCounters counters = new SoakCounters();
        AnswerCheck check = new AnswerCheck(settings);
        Torrents torrents = new Torrents(settings.torrents());
        List<SimPeer> slots = new ArrayList<>(settings.peers());
        for (int i = 0; i < settings.peers(); i++) {
            slots.add(new SimPeer(i));
        }
        ExecutorService httpExecutor = httpExecutor();
        HttpClient http = HttpAnnouncer.client(httpExecutor);
        List<UdpAnnouncer> udps = new ArrayList<>();
        try (SoakServer server = SoakServer.start(settings)) {
            SwarmRegistry registry = server.components().registry();
            List<LoadWorker> workers = new ArrayList<>();
            for (int w = 0; w < settings.workers(); w++) {
                UdpAnnouncer udp = new UdpAnnouncer(server.udpPort(), check, counters);
                udps.add(udp);
                List<SimPeer> own = new ArrayList<>();
                for (int i = w; i < slots.size(); i += settings.workers()) {
                    own.add(slots.get(i));
                }
                workers.add(new LoadWorker(own, new ChurnModel(settings, torrents, settings.seed() * 1_000 + w),
                        torrents, new HttpAnnouncer(http, server.httpPort(), true, check),
                        new HttpAnnouncer(http, server.httpPort(), false, check), udp, counters, settings));
            }

            warmUp(settings, server, http, udps, check, counters);
            RegistryTotals totals = registry.totals();
            if (!await(() -> totals.peers() == 0 && totals.torrents() == 0, 5_000 + 3_000L * settings.sweep())) {
                problems.add("the warm-up left " + totals.peers() + " peers in " + totals.torrents() + " swarms");
            }
            List<String> threadNamesBefore = ThreadProbe.names();
            int threadsBefore = ThreadProbe.count();
            long heapBaseline = HeapProbe.usedAfterGc();

            long start = System.nanoTime();
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < workers.size(); w++) {
                Thread t = new Thread(workers.get(w), "soak-client-" + w);
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
            pace(start, TimeUnit.SECONDS.toNanos(settings.seconds()), counters, totals, progress);
            workers.forEach(LoadWorker::endChurn);
            pace(System.nanoTime(), settings.tail().toNanos(), counters, totals, progress);
            workers.forEach(LoadWorker::stop);
            for (Thread t : threads) {
                t.join();
            }
            double loadSeconds = (System.nanoTime() - start) / 1e9;

            // Every vanished peer is past its TTL and swept by now; the live ones announced within the
            // last interval and stay held for a TTL more, which this check takes well under.
            long alive = slots.stream().filter(p -> p.alive).count();
            // A registry that never gets there fails the count check below, which says by how much.
            await(() -> totals.peers() == alive, 2_000L + 2_000L * settings.sweep());
            CountCheck.Result counts = CountCheck.run(registry, slots, torrents);
            problems.addAll(counts.problems());

            long heapEnd = HeapProbe.usedAfterGc();
            long heapLive = Math.max(totals.peers(), alive);
            long heapBound = heapBaseline + heapLive * HEAP_PER_LIVE_PEER + HEAP_SLACK;
            if (heapEnd > heapBound) {
                problems.add(String.format("heap after GC %.1f MiB over its bound %.1f MiB (baseline %.1f MiB + %d live"
                        + " peers x %d B + %d MiB)", heapEnd / 1048576.0, heapBound / 1048576.0,
                        heapBaseline / 1048576.0, heapLive, HEAP_PER_LIVE_PEER, HEAP_SLACK >> 20));
            }
            await(() -> ThreadProbe.count() <= threadsBefore + THREAD_SLACK, 10_000);
            int threadsAfter = ThreadProbe.count();
            if (threadsAfter > threadsBefore + THREAD_SLACK) {
                List<String> added = ThreadProbe.names();
                threadNamesBefore.forEach(added::remove);
                problems.add("threads grew from " + threadsBefore + " to " + threadsAfter + ": " + added);
            }
            if (counters.errors.sum() > 0) {
                problems.add(counters.errors.sum() + " errors");
            }
            if (counters.stopped.sum() == 0 || counters.vanished.sum() == 0 || counters.completed.sum() == 0) {
                problems.add("the churn did not happen: no stop, vanish or completion");
            }
            return new SoakReport(settings, loadSeconds, counters.httpKeepAlive.sum(), counters.httpClose.sum(),
                    counters.udp.sum(), counters.udpConnects.sum(), counters.udpRetries.sum(), counters.errors.sum(),
                    counters.firstErrors(), counters.joined.sum(), counters.stopped.sum(), counters.vanished.sum(),
                    counters.completed.sum(), counters.paused.sum(), counters.maxLagMillis(), counts,
                    totals.peersExpired(), totals.swarmsEvictedIdle(), heapBaseline, heapEnd, heapBound, threadsBefore,
                    threadsAfter,
                    List.copyOf(problems));
        } finally {
            udps.forEach(UdpAnnouncer::close);
            httpExecutor.shutdownNow();
        }
    }

    /**
     * JIT, class loading, connection and buffer pools warmed on every path before the baseline, on
     * torrents of the warm-up's own: each peer sends started, one announce and stopped (never
     * completed, so that its swarm keeps no snatch count and the sweep drops it).
     */
    private static void warmUp(SoakSettings settings, SoakServer server, HttpClient http, List<UdpAnnouncer> udps,
                               AnswerCheck check, SoakCounters counters) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < udps.size(); w++) {
            Announcer[] announcers = {new HttpAnnouncer(http, server.httpPort(), true, check),
                new HttpAnnouncer(http, server.httpPort(), false, check), udps.get(w)};
            SimPeer peer = new SimPeer(settings.peers() + w);
            Thread t = new Thread(() -> {
                for (int i = 0; i < WARM_UP_PEERS; i++) {
                    peer.reincarnate(i % 500, SimPeer.Transport.values()[i % 3], 1000);
                    byte[] hash = Torrents.warmUp(i % 500);
                    for (Event e : new Event[] {Event.STARTED, Event.NONE, Event.STOPPED}) {
                        try {
                            announcers[i % 3].announce(peer, hash, e);
                        } catch (Exception | AssertionError ex) {
                            counters.error("warm-up " + peer.transport + " " + e + ": " + ex);
                        }
                    }
                }
            }, "soak-warm-up-" + w);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
    }

    /** Waits {@code nanos} from {@code from}, printing progress every 30 s when asked. */
    private static void pace(long from, long nanos, SoakCounters counters, RegistryTotals totals, boolean progress)
            throws InterruptedException {
        long end = from + nanos;
        long last = counters.announces();
        long lastAt = System.nanoTime();
        while (true) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return;
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.SECONDS.toNanos(30)));
            if (progress && System.nanoTime() < end) {
                long now = System.nanoTime();
                long n = counters.announces();
                System.err.printf("soak: %d announces/s, %d registry peers, %d joined, %d errors%n",
                        Math.round((n - last) / ((now - lastAt) / 1e9)), totals.peers(), counters.joined.sum(),
                        counters.errors.sum());
                last = n;
                lastAt = now;
            }
        }
    }

    /** Polls {@code condition} every 50 ms until it holds or {@code millis} pass; returns whether it held. */
    private static boolean await(BooleanSupplier condition, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        return true;
    }

    /** The keep-alive client's executor: two daemon threads, started before the baseline. */
    private static ExecutorService httpExecutor() {
        ThreadPoolExecutor pool = (ThreadPoolExecutor) Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "soak-http-client");
            t.setDaemon(true);
            return t;
        });
        pool.prestartAllCoreThreads();
        return pool;
    }
}
