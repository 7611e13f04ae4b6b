package dev.karuta.swarm.redis;

import dev.karuta.core.AnnounceRequest;
import dev.karuta.core.Event;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Which of two versions of {@code announce.lua} costs less, measured in one process against one Redis so
 * that the machine's noise falls on both alike: fills two populations of SWARMS swarms of PEERS peers
 * (one per version, under key prefixes of their own, a third seeders, as bench/announce.lua; each
 * filled by its own version's script, so the two versions may keep different key layouts), then
 * sends BATCHES calls of SIZE re-announces (numwant 50, no subnet-first picking, as from loopback) to
 * each version in turn, alternating which goes first, twice (the first pass warms up), and prints the
 * median round trip of a call per announce for A and B and their ratio, then the time of an announce
 * inside Redis over both (from INFO commandstats, which it resets after the fill: use a Redis of its
 * own). A version is a directory holding its {@code prelude.lua} and {@code announce.lua} (e.g.
 * {@code src/main/resources/dev/karuta/swarm/redis} of two worktrees). Deletes its keys.
 *   java -cp target/test-classes:target/classes:$(cat target/bench.classpath) dev.karuta.swarm.redis.AnnounceScriptAB \
 *     swarms peers batches size redis-uri dirA dirB
 */
public final class AnnounceScriptAB {
    public static void main(String[] a) throws Exception {
        int swarms = Integer.parseInt(a[0]), peers = Integer.parseInt(a[1]), batches = Integer.parseInt(a[2]), size = Integer.parseInt(a[3]);
        String uri = a[4];
        String[] dirs = {a[5], a[6]};
        String[] prefixes = new String[2];
        RedisClient c = RedisClient.create(uri);
        var cmd = c.connect(ByteArrayCodec.INSTANCE).sync();
        String[] shas = new String[2];
        for (int v = 0; v < 2; v++) {
            prefixes[v] = "ab" + v + "-" + ProcessHandle.current().pid() + ":";
            byte[] source = (Files.readString(Path.of(dirs[v], "prelude.lua")) + "\n"
                    + Files.readString(Path.of(dirs[v], "announce.lua"))).getBytes(StandardCharsets.UTF_8);
            shas[v] = new String(cmd.scriptLoad(source));
        }
        SplittableRandom rnd = new SplittableRandom(7);
        // Each population is filled by its own version's script, so the two may keep different layouts.
        int fill = 64;
        for (int v = 0; v < 2; v++) {
            for (int first = 0; first < swarms * peers; first += fill) {
                int n = Math.min(fill, swarms * peers - first);
                int[][] who = new int[n][];
                for (int i = 0; i < n; i++) {
                    who[i] = new int[] {(first + i) / peers, (first + i) % peers};
                }
                call(cmd, shas[v], prefixes[v], who, Event.STARTED, rnd);
            }
        }
        cmd.configResetstat();
        long[][] times = new long[2][batches];
        for (int round = 0; round < 2; round++) {
            for (int b = 0; b < batches; b++) {
                for (int v0 = 0; v0 < 2; v0++) {
                    int v = (b & 1) == 0 ? v0 : 1 - v0;
                    int[][] who = new int[size][];
                    for (int i = 0; i < size; i++) {
                        who[i] = new int[] {rnd.nextInt(swarms), rnd.nextInt(peers)};
                    }
                    times[v][b] = call(cmd, shas[v], prefixes[v], who, Event.NONE, rnd);
                }
            }
        }
        double[] med = new double[2];
        for (int v = 0; v < 2; v++) {
            long[] t = times[v].clone();
            Arrays.sort(t);
            med[v] = t[t.length / 2] / 1000.0 / size;
        }
        System.out.printf("median us/announce (round trip of a %d-announce call / %d): A %.1f  B %.1f  B/A %.2f%n", size, size, med[0], med[1], med[1] / med[0]);
        String stats = cmd.info("commandstats");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("cmdstat_evalsha:calls=(\\d+),usec=(\\d+)").matcher(stats);
        if (m.find()) {
            System.out.printf("in Redis, both versions: %.1f us/announce (EVALSHA time over its calls, %d a call)%n",
                    Double.parseDouble(m.group(2)) / Long.parseLong(m.group(1)) / size, size);
        }
        for (String prefix : prefixes) {
            new ProcessBuilder("sh", "-c", "redis-cli -u '" + uri + "' --scan --pattern '" + prefix + "*' | xargs -r -n 500 redis-cli -u '" + uri + "' del >/dev/null")
                    .inheritIO().start().waitFor();
        }
        c.shutdown();
    }

    /** One call of the script sha with the announces of {@code who} ({swarm, peer} each); returns its round trip in ns. */
    private static long call(io.lettuce.core.api.sync.RedisCommands<byte[], byte[]> cmd, String sha, String prefix,
                             int[][] who, Event event, SplittableRandom rnd) {
        int size = who.length;
        byte[][] keys = new byte[size + 2][];
        byte[][] args = new byte[size + 1][];
        args[0] = AnnounceCodec.header(1_800_000, 10_000, 10_000, rnd.nextInt(Integer.MAX_VALUE), 64);
        long now = System.currentTimeMillis();
        int code = event == Event.STARTED ? 2 : 0;
        for (int i = 0; i < size; i++) {
            AnnounceRequest q = AnnounceCost.req(who[i][0], who[i][1], event);
            keys[i] = (prefix + "{" + q.infoHash().toHex() + "}:").getBytes(StandardCharsets.ISO_8859_1);
            byte[] v4 = new byte[6];
            q.source().writeCompact(v4, 0);
            args[i + 1] = AnnounceCodec.pack(new AnnounceCodec.Request(q.peerId().bytes(), now, code, q.left() == 0,
                    q.key(), true, 0, 4, false, 50, 0, 0, v4, new byte[0], new byte[0], new byte[0]));
        }
        keys[size] = (prefix + "{global}:totals").getBytes(StandardCharsets.ISO_8859_1);
        keys[size + 1] = (prefix + "{global}:swarms").getBytes(StandardCharsets.ISO_8859_1);
        long t0 = System.nanoTime();
        cmd.evalsha(sha, ScriptOutputType.MULTI, keys, args);
        return System.nanoTime() - t0;
    }
}
