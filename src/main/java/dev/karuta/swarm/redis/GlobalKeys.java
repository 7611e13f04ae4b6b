package dev.karuta.swarm.redis;

import static dev.karuta.swarm.redis.ScriptArgs.num;
import static dev.karuta.swarm.redis.ScriptArgs.string;
import static dev.karuta.swarm.redis.ScriptArgs.text;

import dev.karuta.core.InfoHash;
import dev.karuta.core.TrackerException;
import dev.karuta.swarm.RegistryTotals;
import io.lettuce.core.Range;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The keys every swarm shares: the totals hash and the swarms index (info hashes by last announce). On
 * a standalone server (or Sentinel) the swarm scripts update them in the same call; a Cluster forbids a
 * script to touch keys of two slots, so there each script answers its deltas last, and
 * {@link #settle} sends them on in a second, pipelined call that the caller does not wait for. Totals
 * are exact once those land, which {@link #totals()} waits for.
 */
final class GlobalKeys {
    private static final System.Logger LOG = System.getLogger(RedisSwarmRegistry.class.getName());
    /** The totals hash's fields, in {@link RegistryTotals#of}'s order. */
    private static final String[] FIELDS = {"torrents", "s", "d", "ps", "v4", "v6", "expired", "evSize", "evIdle",
        "replaced"};
    private static final int PAGE = 1000;

    private final RedisCalls calls;
    private final KeyLayout keys;
    private final boolean cluster;
    /** The latest write of deltas to the global keys (Cluster only), which {@link #totals()} waits for. */
    private volatile CompletableFuture<?> pending = CompletableFuture.completedFuture(null);

    GlobalKeys(RedisCalls calls, KeyLayout keys, boolean cluster) {
        this.calls = calls;
        this.keys = keys;
        this.cluster = cluster;
    }

    /** A swarm script's own part of {@code result}, after sending its global deltas on (Cluster). */
    List<Object> settle(InfoHash infoHash, long now, List<Object> result) {
        int n = result.size();
        if (cluster) {
            @SuppressWarnings("unchecked")
            List<Object> deltas = (List<Object>) result.get(n - 2);
            apply(infoHash, now, deltas, (Long) result.get(n - 1));
        }
        return result.subList(0, n - 2);
    }

    /**
     * Adds {@code deltas} to the totals and, as {@code alive} says (1 announced, 0 gone, -1 neither),
     * touches or removes the swarm in the index: on a Cluster, the second call of a swarm script.
     */
    void apply(InfoHash infoHash, long now, List<Object> deltas, long alive) {
        boolean nothing = alive == -1 && deltas.stream().allMatch(d -> (Long) d == 0L);
        if (nothing) {
            return;
        }
        byte[][] args = new byte[3 + deltas.size()][];
        args[0] = num(now);
        args[1] = text(infoHash.toHex());
        args[2] = num(alive);
        for (int i = 0; i < deltas.size(); i++) {
            args[3 + i] = num((Long) deltas.get(i));
        }
        CompletableFuture<List<Object>> f = calls.call(LuaScript.GLOBAL, new byte[][] {keys.totals(), keys.swarms()},
                args);
        f.whenComplete((r, e) -> {
            if (e != null) {
                LOG.log(Level.WARNING, "Redis swarm registry: totals update lost: {0}", e.toString());
            }
        });
        pending = f;
    }

    /** Waits for the deltas in flight (Cluster), so that what is read next includes them. */
    void awaitPending() {
        try {
            calls.await(pending);
        } catch (TrackerException e) {
            // Logged where it failed; the totals read next says what Redis holds.
        }
    }

    /** The totals, once the deltas in flight have landed. */
    RegistryTotals totals() {
        awaitPending();
        Map<byte[], byte[]> raw = calls.await(calls.commands().hgetall(keys.totals()));
        long[] v = new long[FIELDS.length];
        for (Map.Entry<byte[], byte[]> e : raw.entrySet()) {
            String name = string(e.getKey());
            for (int i = 0; i < FIELDS.length; i++) {
                if (FIELDS[i].equals(name)) {
                    v[i] = Long.parseLong(string(e.getValue()));
                }
            }
        }
        return RegistryTotals.of(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9]);
    }

    /** Every info hash in the swarms index, read in pages. */
    List<InfoHash> held() {
        List<InfoHash> out = new ArrayList<>();
        for (long start = 0; ; start += PAGE) {
            List<byte[]> hexes = calls.await(calls.commands().zrange(keys.swarms(), start, start + PAGE - 1));
            out.addAll(hashes(hexes));
            if (hexes.size() < PAGE) {
                return out;
            }
        }
    }

    /** The swarms last announced at {@code millis} or before. */
    List<InfoHash> announcedBy(long millis) {
        return hashes(calls.await(calls.commands().zrangebyscore(keys.swarms(),
                Range.create(Double.NEGATIVE_INFINITY, (double) millis))));
    }

    /** How many swarms the index holds. */
    long count() {
        return calls.await(calls.commands().zcard(keys.swarms()));
    }

    private static List<InfoHash> hashes(List<byte[]> hexes) {
        List<InfoHash> out = new ArrayList<>(hexes.size());
        for (byte[] hex : hexes) {
            out.add(InfoHash.fromHex(string(hex)));
        }
        return out;
    }
}
