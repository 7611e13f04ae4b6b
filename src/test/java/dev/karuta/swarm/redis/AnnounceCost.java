package dev.karuta.swarm.redis;

import static dev.karuta.core.Answers.join;

import dev.karuta.core.AnnounceRequest;
import dev.karuta.core.Event;
import dev.karuta.core.InfoHash;
import dev.karuta.core.PeerAddress;
import dev.karuta.core.PeerId;
import dev.karuta.core.Swarms;
import dev.karuta.redis.RedisSettings;
import dev.karuta.swarm.RegistrySettings;
import dev.karuta.swarm.SnatchLedger;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * What the announce script costs inside Redis. One layout: fills SWARMS swarms with PEERS peers each (a
 * third seeders, each its own address), resets Redis's command stats, re-announces N times at random
 * (numwant 50, as bench/announce.lua) from THREADS threads and prints evalsha's line of
 * {@code INFO commandstats} and its time per announce (one thread: every call holds one announce;
 * more: calls are batched).
 * <p>
 * {@code flat [total] [announces] [rounds] [numwant]}: whether an announce's cost grows with its swarm's size.
 * The same TOTAL peers (default 100k) in swarms of 10, 100, 1k, 10k and 100k peers (TOTAL / size
 * swarms; one swarm of TOTAL when size exceeds it), so that Redis holds about as much in every layout
 * and only the swarm's size differs; each round fills every layout afresh and re-announces N (20k)
 * times from one thread; prints each round and the median µs per announce of each size, and its ratio
 * to swarms of 10 (with numwant 50, the default, a 10-peer swarm answers at most 9 peers, the others 50;
 * numwant 8 makes every answer the same size).
 * <p>
 * Needs Redis at {@code -Dkaruta.test.redis.uri} (default redis://127.0.0.1:6379) and redis-cli;
 * deletes its keys ({@code -Dkaruta.cost.keep=true} leaves one layout's).
 *   java -cp ... dev.karuta.swarm.redis.AnnounceCost [swarms] [peers] [announces] [threads] [numwant]
 *   java -cp ... dev.karuta.swarm.redis.AnnounceCost flat [total] [announces] [rounds] [numwant]
 */
public final class AnnounceCost {
    private static final int[] SIZES = {10, 100, 1_000, 10_000, 100_000};

    public static void main(String[] a) throws Exception {
        String uri = System.getProperty("karuta.test.redis.uri", "redis://127.0.0.1:6379");
        if (a.length > 0 && a[0].equals("flat")) {
            flat(uri, a.length > 1 ? Integer.parseInt(a[1]) : 100_000, a.length > 2 ? Integer.parseInt(a[2]) : 20_000,
                    a.length > 3 ? Integer.parseInt(a[3]) : 3, a.length > 4 ? Integer.parseInt(a[4]) : 50);
            return;
        }
        int swarms = a.length > 0 ? Integer.parseInt(a[0]) : 10_000;
        int peers = a.length > 1 ? Integer.parseInt(a[1]) : 20;
        int n = a.length > 2 ? Integer.parseInt(a[2]) : 20_000;
        int loaders = a.length > 3 ? Integer.parseInt(a[3]) : 1;
        int numWant = a.length > 4 ? Integer.parseInt(a[4]) : 50;
        double us = run(uri, swarms, peers, n, loaders, numWant, Boolean.getBoolean("karuta.cost.keep"), true);
        System.out.printf("%.1f us per announce in Redis%n", us);
    }

    private static void flat(String uri, int total, int n, int rounds, int numWant) throws Exception {
        Map<Integer, List<Double>> costs = new TreeMap<>();
        for (int round = 1; round <= rounds; round++) {
            StringBuilder line = new StringBuilder("round " + round + ":");
            for (int size : SIZES) {
                int peers = Math.min(size, total);
                double us = run(uri, total / peers, peers, n, 1, numWant, false, false);
                costs.computeIfAbsent(size, k -> new ArrayList<>()).add(us);
                line.append(String.format(" %d: %.1f", size, us));
            }
            System.out.println(line.append(" us per announce"));
        }
        double base = median(costs.get(SIZES[0]));
        System.out.printf("%d peers in all, %d re-announces a layout, numwant %d, median of %d rounds:%n", total, n,
                numWant, rounds);
        for (Map.Entry<Integer, List<Double>> e : costs.entrySet()) {
            double m = median(e.getValue());
            System.out.printf("  swarms of %7d: %5.1f us per announce in Redis, %.2fx swarms of %d%n", e.getKey(), m,
                    m / base, SIZES[0]);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /** One layout, filled, measured and deleted (or kept): evalsha's µs per re-announce. */
    private static double run(String uri, int swarms, int peers, int n, int loaders, int numWant, boolean keep,
                              boolean print) throws Exception {
        String prefix = "cost-" + ProcessHandle.current().pid() + "-" + System.nanoTime() + ":";
        RedisSwarmRegistry r = new RedisSwarmRegistry(new RedisSettings(uri, Duration.ofSeconds(5), prefix),
                RegistrySettings.defaults(), dev.karuta.core.TimeSource.SYSTEM, SnatchLedger.NONE);
        try {
            List<Thread> threads = new ArrayList<>();
            int t = 8;
            for (int k = 0; k < t; k++) {
                int part = k;
                Thread th = new Thread(() -> {
                    for (int i = part; i < swarms * peers; i += t) {
                        join(r.announce(req(i / peers, i % peers, Event.STARTED, 50), 50, Swarms.NO_OWNER));
                    }
                });
                th.start();
                threads.add(th);
            }
            for (Thread th : threads) {
                th.join();
            }
            cli(uri, "CONFIG", "RESETSTAT");
            long start = System.nanoTime();
            List<Thread> load = new ArrayList<>();
            for (int k = 0; k < loaders; k++) {
                SplittableRandom rnd = new SplittableRandom(1 + k);
                int count = n / loaders;
                Thread th = new Thread(() -> {
                    for (int i = 0; i < count; i++) {
                        join(r.announce(req(rnd.nextInt(swarms), rnd.nextInt(peers), Event.NONE, numWant), numWant,
                                Swarms.NO_OWNER));
                    }
                });
                th.start();
                load.add(th);
            }
            for (Thread th : load) {
                th.join();
            }
            long ns = System.nanoTime() - start;
            double us = Double.NaN;
            for (String line : cli(uri, "INFO", "commandstats").split("\n")) {
                if (line.startsWith("cmdstat_evalsha")) {
                    if (print) {
                        System.out.println(line.trim());
                    }
                    us = (double) Long.parseLong(line.replaceAll(".*,usec=([0-9]+),.*", "$1").trim()) / n;
                }
            }
            if (print) {
                System.out.printf("%d swarms x %d peers, %d announces from %d threads: %.1f us each (wall time / announces)%n",
                        swarms, peers, n, loaders, ns / 1000.0 / n);
            }
            return us;
        } finally {
            r.close();
            // Keys hold binary (subnets, addresses): deleted by a script, not through a pipe to xargs.
            if (keep) {
                System.out.println("kept keys under " + prefix);
            } else {
                cli(uri, "EVAL", DELETE_ALL, "0", prefix + "*");
            }
        }
    }

    /** Deletes every key matching ARGV[1]. */
    static final String DELETE_ALL = "local c = '0' repeat local r = redis.call('SCAN', c, 'MATCH', ARGV[1], 'COUNT', 1000)"
            + " c = r[1] for _, k in ipairs(r[2]) do redis.call('DEL', k) end until c == '0'";

    /** Peer {@code peer} of swarm {@code swarm} (a third seeders, addresses in 10/8), announcing {@code event}. */
    static AnnounceRequest req(int swarm, int peer, Event event) {
        return req(swarm, peer, event, 50);
    }

    /** The same, asking for {@code numWant} peers. */
    static AnnounceRequest req(int swarm, int peer, Event event, int numWant) {
        byte[] h = new byte[20];
        h[0] = (byte) 0xab;
        h[16] = (byte) (swarm >>> 24);
        h[17] = (byte) (swarm >>> 16);
        h[18] = (byte) (swarm >>> 8);
        h[19] = (byte) swarm;
        byte[] id = new byte[20];
        id[0] = '-';
        id[12] = (byte) (swarm >>> 16);
        id[13] = (byte) (swarm >>> 8);
        id[14] = (byte) swarm;
        id[17] = (byte) (peer >>> 16);
        id[18] = (byte) (peer >>> 8);
        id[19] = (byte) peer;
        // One address a peer, spread over 10/8 (an odd multiplier is a bijection of 24 bits), so that a /24
        // holds a peer or two, as in the wild, and not 256 neighbours.
        int ip = (swarm * 131_071 + peer) * 0x9E3779B1 >>> 8;
        PeerAddress addr = PeerAddress.of(new byte[] {10, (byte) (ip >>> 16), (byte) (ip >>> 8), (byte) ip}, 6881 + (peer & 0x3ff));
        long left = peer % 3 == 0 ? 0 : 1000;
        return AnnounceRequest.builder(InfoHash.of(h), PeerId.of(id), addr).left(left).event(event).numWant(numWant)
                .key(peer).build();
    }

    private static String cli(String uri, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("redis-cli", "-u", uri));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        StringBuilder out = new StringBuilder();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            for (String line; (line = in.readLine()) != null; ) {
                out.append(line).append('\n');
            }
        }
        p.waitFor();
        return out.toString();
    }
}
