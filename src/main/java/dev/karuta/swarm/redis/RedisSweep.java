package dev.karuta.swarm.redis;

import static dev.karuta.swarm.redis.ScriptArgs.num;
import static dev.karuta.swarm.redis.ScriptArgs.text;

import dev.karuta.core.InfoHash;
import dev.karuta.swarm.RegistrySettings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The periodic sweep of the Redis registry: drops the idle swarms, prunes the expired peers of every
 * swarm (each script prunes a bounded number, so passes repeat while one hit the bound), then, beyond
 * the most torrents, drops the swarms least in use: fewest hits first (announces counted per swarm, up
 * to 64, halved once a peer TTL), the least recently announced among equals. A flood of info hashes
 * announced once each thus evicts itself, not the swarms in real use, as Caffeine's frequency-based
 * admission does in the memory registry. Each removal is counted in the totals by the script that
 * makes it.
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
        // The first pass also halves old hits and notes every swarm's, least recently announced first.
        List<Use> uses = new ArrayList<>();
        // Each call prunes at most PRUNE_LIMIT peers a swarm: passes repeat while some call hit it.
        boolean more = true;
        boolean first = true;
        while (more) {
            long before = expired[0];
            boolean[] full = new boolean[1];
            boolean noting = first;
            swarms.statsOfAll(now, first ? settings.peerTtl().toMillis() : 0, (h, stats, n, hits) -> {
                expired[0] += n;
                full[0] |= n >= SwarmCalls.PRUNE_LIMIT;
                if (noting && stats != null) {
                    uses.add(new Use(h, hits));
                }
            });
            first = false;
            more = full[0] && expired[0] > before;
        }
        long held = global.count();
        if (held > settings.maxTorrents()) {
            // A stable sort keeps the index's order (least recent first) among equal hits.
            uses.sort(Comparator.comparingLong(Use::hits));
            long excess = Math.min(held - settings.maxTorrents(), uses.size());
            for (int i = 0; i < excess; i++) {
                swarms.run(LuaScript.DROP, uses.get(i).infoHash(), now, text("size"), num(0));
            }
        }
        global.awaitPending();
        return expired[0];
    }

    /** A swarm's hits as the first pass read them. */
    private record Use(InfoHash infoHash, long hits) {
    }
}
