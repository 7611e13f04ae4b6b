package dev.karuta.swarm.redis;

import static dev.karuta.swarm.redis.ScriptArgs.string;
import static dev.karuta.swarm.redis.ScriptArgs.text;

import dev.karuta.core.InfoHash;

/**
 * The names of the registry's keys under one prefix, and the layout version kept with them. A swarm's
 * keys are {@code <prefix>{<info hash hex>}:} followed by {@code p t r4 r6} (announce.lua derives the
 * per-subnet ones from that base); the keys every swarm shares are {@code <prefix>{global}:} followed
 * by {@code totals swarms layout}. The hash tags put a swarm's keys on one Cluster slot and the global
 * ones on another, so that each script touches one slot. What each key holds is told in
 * {@link RedisSwarmRegistry} and docs/redis-registry.md ("Layout").
 */
final class KeyLayout {
    /** The key layout this registry writes, kept under {@code {global}:layout}. */
    static final String VERSION = "3";
    private static final String[] SWARM_KEYS = {"p", "t", "r4", "r6"};

    private final String prefix;
    private final boolean cluster;
    private final byte[] totals;
    private final byte[] swarms;
    private final byte[] layout;

    /** The keys under {@code prefix}; on a {@code cluster}, a swarm's scripts are not handed the global keys. */
    KeyLayout(String prefix, boolean cluster) {
        this.prefix = prefix;
        this.cluster = cluster;
        // One hash tag for both, so the script that updates them together runs on a Cluster.
        this.totals = text(prefix + "{global}:totals");
        this.swarms = text(prefix + "{global}:swarms");
        this.layout = text(prefix + "{global}:layout");
    }

    /** The totals hash. */
    byte[] totals() {
        return totals;
    }

    /** The swarms index: info hashes (hex) by last announce. */
    byte[] swarms() {
        return swarms;
    }

    /** The prefix of every key of one swarm, {@code <prefix>{<hex>}:}, which announce.lua is handed. */
    byte[] base(InfoHash infoHash) {
        return text(prefix + "{" + infoHash.toHex() + "}:");
    }

    /** The keys of one swarm's scripts: its own, then the global ones on a standalone server. */
    byte[][] swarm(InfoHash infoHash) {
        String base = prefix + "{" + infoHash.toHex() + "}:";
        byte[][] keys = new byte[SWARM_KEYS.length + (cluster ? 0 : 2)][];
        for (int i = 0; i < SWARM_KEYS.length; i++) {
            keys[i] = text(base + SWARM_KEYS[i]);
        }
        if (!cluster) {
            keys[SWARM_KEYS.length] = totals;
            keys[SWARM_KEYS.length + 1] = swarms;
        }
        return keys;
    }

    /**
     * Refuses to run on keys written in another layout of this registry (nodes of two layouts would
     * corrupt each other's swarms): the prefix's layout key must say {@link #VERSION}, and is set to it on
     * a prefix that holds no swarm state yet. The layouts before this key was kept wrote none, but they
     * did write the swarms index.
     *
     * @throws IllegalStateException when the prefix holds another layout, naming it and the prefix
     */
    void check(RedisCalls calls) {
        var redis = calls.commands();
        byte[] found = calls.await(redis.get(layout));
        if (found == null && calls.await(redis.exists(swarms)) == 0) {
            calls.await(redis.setnx(layout, text(VERSION)));
            found = calls.await(redis.get(layout));
        }
        if (found == null || !VERSION.equals(string(found))) {
            throw new IllegalStateException("Redis holds swarm state under the key prefix '" + prefix + "' in "
                    + (found == null ? "an earlier layout" : "layout " + string(found))
                    + " of the Redis swarm registry; this node writes layout " + VERSION
                    + ": stop the nodes of the other version and delete the prefix's keys, or give this node's"
                    + " karuta.redis.prefix a new value");
        }
    }
}
