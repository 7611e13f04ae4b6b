package dev.karuta.swarm.redis;

import static dev.karuta.swarm.redis.ScriptArgs.num;
import static dev.karuta.swarm.redis.ScriptArgs.text;

import dev.karuta.core.InfoHash;
import dev.karuta.swarm.RegistrySettings;

/**
 * The periodic sweep of the Redis registry: drops the idle swarms, prunes the expired peers of every
 * swarm (each script prunes a bounded number, so passes repeat while one hit the bound), then drops the
 * least recently announced swarms beyond the most torrents. Each removal is counted in the totals by the
 * script that makes it.
 */
final class RedisSweep {
    private final SwarmCalls swarms;
    private final GlobalKeys global;
    private final RegistrySettings settings;

    RedisSweep(SwarmCalls swarms, GlobalKeys global, RegistrySettings settings) {
        this.swarms = swarms;
        this.global = global;
        this.settings = settings;
    }

    /** Sweeps at {@code now} (ms, the nodes' shared clock); answers how many expired peers it removed. */
    long sweep(long now) {
        long idleBefore = now - settings.swarmIdle().toMillis();
        // Idle swarms first (their peers are all expired too: idle >= TTL), then expiry everywhere.
        for (InfoHash idle : global.announcedBy(idleBefore)) {
            swarms.run(LuaScript.DROP, idle, now, text("idle"), num(idleBefore));
        }
        long[] expired = new long[1];
        // Each call prunes at most PRUNE_LIMIT peers a swarm: passes repeat while some call hit it.
        boolean more = true;
        while (more) {
            long before = expired[0];
            boolean[] full = new boolean[1];
            swarms.statsOfAll(now, (h, stats, n) -> {
                expired[0] += n;
                full[0] |= n >= SwarmCalls.PRUNE_LIMIT;
            });
            more = full[0] && expired[0] > before;
        }
        // Beyond the most torrents: the least recently announced go.
        long held = global.count();
        if (held > settings.maxTorrents()) {
            for (InfoHash old : global.leastRecent(held - settings.maxTorrents())) {
                swarms.run(LuaScript.DROP, old, now, text("size"), num(0));
            }
        }
        global.awaitPending();
        return expired[0];
    }
}
