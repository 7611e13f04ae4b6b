package dev.karuta.swarm.redis;

import dev.karuta.core.TimeSource;
import dev.karuta.redis.RedisSettings;
import dev.karuta.swarm.RegistrySettings;
import dev.karuta.swarm.SnatchLedger;
import dev.karuta.swarm.SwarmRegistry;
import dev.karuta.swarm.SwarmRegistryContract;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The contract through a Redis Sentinel (a {@code redis-sentinel://} URI) that this test starts itself
 * with its master, and stops afterwards. Each registry gets its own key prefix; the master is private,
 * so nothing needs deleting.
 */
class RedisSentinelRegistryTest extends SwarmRegistryContract {
    private static RedisTestSentinel sentinel;

    @BeforeAll
    static void startSentinel() throws Exception {
        sentinel = RedisTestSentinel.start();
    }

    @AfterAll
    static void stopSentinel() throws Exception {
        if (sentinel != null) {
            sentinel.close();
        }
    }

    @Override
    protected SwarmRegistry create(RegistrySettings settings, TimeSource ticker, SnatchLedger ledger) {
        return new RedisSwarmRegistry(new RedisSettings(sentinel.uri(), Duration.ofSeconds(2), TestRedis.uniquePrefix()),
                settings, ticker, ledger);
    }
}
