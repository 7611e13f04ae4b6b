package dev.karuta.app;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.karuta.swarm.CaffeineSwarmRegistry;
import dev.karuta.swarm.SnatchLedger;
import dev.karuta.swarm.SwarmRegistry;
import dev.karuta.swarm.redis.RedisSwarmRegistry;

/** Builds the swarm registry {@code karuta.registry} names, in public and private mode alike. */
final class Registries {
    private Registries() {
    }

    /** The configured registry on {@code ticker}'s time, counting snatches in {@code ledger}. */
    static SwarmRegistry create(TrackerConfig config, Ticker ticker, SnatchLedger ledger) {
        if (config.nodes().redisRegistry()) {
            // Nodes agree on wall-clock time, not on each JVM's monotonic one; a test's own ticker is kept.
            Ticker shared = ticker == Ticker.systemTicker() ? RedisSwarmRegistry.WALL_CLOCK : ticker;
            return new RedisSwarmRegistry(config.nodes().redis(), config.registry(), shared, ledger);
        }
        return new CaffeineSwarmRegistry(config.registry(), ticker, ledger);
    }
}
