package dev.karuta.swarm.redis;

import static dev.karuta.swarm.redis.ScriptArgs.num;
import static dev.karuta.swarm.redis.ScriptArgs.text;

import dev.karuta.core.InfoHash;
import dev.karuta.core.SwarmStats;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Runs the scripts of one swarm but announce.lua (stats, peers, restore, drop), each with the arguments
 * they all start with (now, the peer TTL, the info hash, the prune limit), and hands a Cluster's global
 * deltas on through {@link GlobalKeys}.
 */
final class SwarmCalls {
    /** Most expired peers one script removes; the sweep takes the rest. */
    static final int PRUNE_LIMIT = 10_000;
    /** Stats calls in flight at once when every swarm is read (pipelined on the one connection). */
    private static final int PAGE = 256;

    private final RedisCalls calls;
    private final KeyLayout keys;
    private final GlobalKeys global;
    private final long ttlMillis;

    SwarmCalls(RedisCalls calls, KeyLayout keys, GlobalKeys global, long ttlMillis) {
        this.calls = calls;
        this.keys = keys;
        this.global = global;
        this.ttlMillis = ttlMillis;
    }

    /** Runs {@code script} on one swarm with {@code own} arguments after the shared ones; its own result. */
    List<Object> run(LuaScript script, InfoHash infoHash, long now, byte[]... own) {
        return global.settle(infoHash, now, calls.await(send(script, infoHash, now, own)));
    }

    private CompletableFuture<List<Object>> send(LuaScript script, InfoHash infoHash, long now, byte[]... own) {
        byte[][] args = new byte[4 + own.length][];
        args[0] = num(now);
        args[1] = num(ttlMillis);
        args[2] = text(infoHash.toHex());
        args[3] = num(PRUNE_LIMIT);
        System.arraycopy(own, 0, args, 4, own.length);
        return calls.call(script, keys.swarm(infoHash), args);
    }

    /**
     * Runs the stats script on every held swarm, a page of calls in flight at a time, handing each known
     * swarm's counts and its expired peers to {@code sink}.
     */
    void statsOfAll(long now, StatsSink sink) {
        statsOfAll(now, 0, sink);
    }

    /**
     * {@link #statsOfAll(long, StatsSink)}, in the index's order (least recently announced first), also
     * halving each swarm's hits last halved {@code decayMillis} or longer ago (0: none), as the sweep does.
     */
    void statsOfAll(long now, long decayMillis, StatsSink sink) {
        List<InfoHash> all = global.held();
        for (int from = 0; from < all.size(); from += PAGE) {
            List<InfoHash> hashes = all.subList(from, Math.min(all.size(), from + PAGE));
            List<CompletableFuture<List<Object>>> sent = new ArrayList<>(hashes.size());
            for (InfoHash h : hashes) {
                sent.add(send(LuaScript.STATS, h, now, num(decayMillis)));
            }
            for (int i = 0; i < hashes.size(); i++) {
                List<Object> full = calls.await(sent.get(i));
                @SuppressWarnings("unchecked")
                long expired = (Long) ((List<Object>) full.get(full.size() - 2)).get(6);
                List<Object> r = global.settle(hashes.get(i), now, full);
                boolean known = (Long) r.get(0) == 1L;
                sink.accept(hashes.get(i), known ? stats(r.get(1)) : null, expired, (Long) r.get(2));
            }
        }
    }

    /** What {@link #statsOfAll} hands on, swarm by swarm. */
    interface StatsSink {
        /**
         * {@code infoHash}'s counts, or null when it holds nothing, how many of its peers expired, and its
         * hits (announces counted since they were last halved, at most 64).
         */
        void accept(InfoHash infoHash, SwarmStats statsOrNull, long expired, long hits);
    }

    /** The counts a script answered: seeders, leechers, partial seeds, snatches. */
    static SwarmStats stats(Object counts) {
        @SuppressWarnings("unchecked")
        List<Object> c = (List<Object>) counts;
        return new SwarmStats(((Long) c.get(0)).intValue(), ((Long) c.get(1)).intValue(), ((Long) c.get(2)).intValue(),
                (Long) c.get(3));
    }
}
