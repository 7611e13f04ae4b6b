package dev.karuta.web;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.karuta.swarm.CaffeineSwarmRegistry;
import dev.karuta.swarm.SnatchLedger;
import dev.karuta.swarm.SwarmRegistry;

/** Builds the swarm registry {@code karuta.registry} names, in public and private mode alike. */
final class Registries {
    private Registries() {
    }

    /** The configured registry on {@code ticker}'s time, counting snatches in {@code ledger}. */
    static SwarmRegistry create(TrackerConfig config, Ticker ticker, SnatchLedger ledger) {
        if (config.nodes().redisRegistry()) {
            // The Redis registry (dev.karuta.swarm.redis) is built on branch redis; until it is merged here,
            // asking for it fails the deployment instead of silently keeping the swarms on this node.
            throw new ConfigException("karuta.registry", "redis", "this build has no Redis registry yet");
        }
        return new CaffeineSwarmRegistry(config.registry(), ticker, ledger);
    }
}
