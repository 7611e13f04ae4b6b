package dev.karuta.app;

import dev.karuta.core.TimeSource;
import dev.karuta.swarm.CaffeineSwarmRegistry;
import dev.karuta.swarm.SnatchLedger;
import dev.karuta.swarm.SwarmRegistry;
import dev.karuta.swarm.redis.RedisSwarmRegistry;

/** Builds the swarm registry {@code karuta.registry} names, in public and private mode alike. */
final class Registries {
    private Registries() {
    }

    /** The configured registry on {@code time}, counting snatches in {@code ledger}. */
    static SwarmRegistry create(TrackerConfig config, TimeSource time, SnatchLedger ledger) {
        if (config.nodes().redisRegistry()) {
            // Nodes agree on wall-clock time, not on each JVM's monotonic one.
            return new RedisSwarmRegistry(config.nodes().redis(), config.registry(), time, ledger);
        }
        return new CaffeineSwarmRegistry(config.registry(), time, ledger);
    }
}
