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
import java.util.List;
import java.util.SplittableRandom;

/**
 * What the announce script costs inside Redis: fills SWARMS swarms with PEERS peers each (a third
 * seeders), resets Redis's command stats, re-announces N times at random (numwant 50, as
 * bench/announce.lua) from THREADS threads and prints evalsha's line of {@code INFO commandstats}
 * and its time per announce (one thread: every call holds one announce; more: calls are batched).
 * Needs Redis at {@code -Dkaruta.test.redis.uri} (default redis://127.0.0.1:6379) and redis-cli;
 * deletes its keys.
 *   java -cp ... dev.karuta.swarm.redis.AnnounceCost [swarms] [peers] [announces] [threads]
 */
public final class AnnounceCost {
    public static void main(String[] a) throws Exception {
        int swarms = a.length > 0 ? Integer.parseInt(a[0]) : 10_000;
        int peers = a.length > 1 ? Integer.parseInt(a[1]) : 20;
        int n = a.length > 2 ? Integer.parseInt(a[2]) : 20_000;
        int loaders = a.length > 3 ? Integer.parseInt(a[3]) : 1;
        String uri = System.getProperty("karuta.test.redis.uri", "redis://127.0.0.1:6379");
        String prefix = "cost-" + ProcessHandle.current().pid() + ":";
        RedisSwarmRegistry r = new RedisSwarmRegistry(new RedisSettings(uri, Duration.ofSeconds(5), prefix),
                RegistrySettings.defaults(), dev.karuta.core.TimeSource.SYSTEM, SnatchLedger.NONE);
        try {
            List<Thread> threads = new ArrayList<>();
            int t = 8;
            for (int k = 0; k < t; k++) {
                int part = k;
                Thread th = new Thread(() -> {
                    for (int i = part; i < swarms * peers; i += t) {
                        join(r.announce(req(i / peers, i % peers, Event.STARTED), 50, Swarms.NO_OWNER));
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
                        join(r.announce(req(rnd.nextInt(swarms), rnd.nextInt(peers), Event.NONE), 50, Swarms.NO_OWNER));
                    }
                });
                th.start();
                load.add(th);
            }
            for (Thread th : load) {
                th.join();
            }
            long ns = System.nanoTime() - start;
            String stats = cli(uri, "INFO", "commandstats");
            for (String line : stats.split("\n")) {
                if (line.startsWith("cmdstat_evalsha")) {
                    System.out.println(line.trim());
                    long usec = Long.parseLong(line.replaceAll(".*,usec=([0-9]+),.*", "$1").trim());
                    System.out.printf("%.1f us per announce in Redis%n", (double) usec / n);
                }
            }
            System.out.printf("%d swarms x %d peers, %d announces from %d threads: %.1f us each (wall time / announces)%n",
                    swarms, peers, n, loaders, ns / 1000.0 / n);
        } finally {
            r.close();
            new ProcessBuilder("sh", "-c", "redis-cli -u '" + uri + "' --scan --pattern '" + prefix + "*' | xargs -r -n 500 redis-cli -u '" + uri + "' del >/dev/null")
                    .inheritIO().start().waitFor();
        }
    }

    /** Peer {@code peer} of swarm {@code swarm} (a third seeders, addresses in 10/8), announcing {@code event}. */
    static AnnounceRequest req(int swarm, int peer, Event event) {
        byte[] h = new byte[20];
        h[0] = (byte) 0xab;
        h[16] = (byte) (swarm >>> 24);
        h[17] = (byte) (swarm >>> 16);
        h[18] = (byte) (swarm >>> 8);
        h[19] = (byte) swarm;
        byte[] id = new byte[20];
        id[0] = '-';
        id[15] = (byte) (swarm >>> 16);
        id[16] = (byte) (swarm >>> 8);
        id[17] = (byte) swarm;
        id[19] = (byte) peer;
        int ip = swarm * 31 + peer * 7919;
        PeerAddress addr = PeerAddress.of(new byte[] {10, (byte) (ip >>> 16), (byte) (ip >>> 8), (byte) ip}, 6881 + peer);
        long left = peer % 3 == 0 ? 0 : 1000;
        return AnnounceRequest.builder(InfoHash.of(h), PeerId.of(id), addr).left(left).event(event).numWant(50)
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
