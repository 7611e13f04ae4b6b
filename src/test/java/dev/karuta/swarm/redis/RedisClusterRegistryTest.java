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
 * The contract against a 3-master Redis Cluster this test starts itself with {@code redis-server} on
 * free ports (no replicas), and stops afterwards. Each registry gets its own key prefix, as on the
 * standalone server; the cluster is private, so nothing needs deleting.
 */
class RedisClusterRegistryTest extends SwarmRegistryContract {
    private static RedisTestCluster cluster;
    private static String uri;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = RedisTestCluster.start(3);
        uri = cluster.uri();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    protected SwarmRegistry create(RegistrySettings settings, TimeSource ticker, SnatchLedger ledger) {
        return new RedisSwarmRegistry(new RedisSettings(uri, Duration.ofSeconds(2), TestRedis.uniquePrefix()), settings,
                ticker, ledger);
    }
}
