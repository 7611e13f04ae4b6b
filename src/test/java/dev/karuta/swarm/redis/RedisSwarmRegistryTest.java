package dev.karuta.swarm.redis;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.karuta.swarm.RegistrySettings;
import dev.karuta.swarm.SnatchLedger;
import dev.karuta.swarm.SwarmRegistry;
import dev.karuta.swarm.SwarmRegistryContract;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/**
 * The contract against the standalone Redis of {@link TestRedis}. Each registry this test makes gets
 * a key prefix of its own, so a registry made anew within a test (the contract's "after a restart")
 * starts from nothing as the in-memory one does; every key is deleted afterwards.
 */
class RedisSwarmRegistryTest extends SwarmRegistryContract {
    private final List<String> prefixes = new ArrayList<>();

    @Override
    protected SwarmRegistry create(RegistrySettings settings, Ticker ticker, SnatchLedger ledger) {
        TestRedis.requireReachable();
        String prefix = TestRedis.uniquePrefix();
        prefixes.add(prefix);
        return new RedisSwarmRegistry(new RedisSettings(TestRedis.URI, Duration.ofSeconds(2), prefix), settings, ticker,
                ledger);
    }

    @AfterEach
    void deleteKeys() {
        if (!prefixes.isEmpty()) {
            TestRedis.deleteKeys(TestRedis.URI, prefixes);
        }
    }
}
