package dev.karuta.swarm.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.core.Event;
import dev.karuta.core.SwarmStats;
import dev.karuta.core.TimeSource;
import dev.karuta.redis.RedisSettings;
import dev.karuta.swarm.RegistrySettings;
import dev.karuta.swarm.SnatchLedger;
import dev.karuta.swarm.SwarmRegistry;
import dev.karuta.swarm.SwarmRegistryContract;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
    /** The announce calls (EVALSHA) every master has run since its statistics were reset. */
    private static long evalshaCalls() throws Exception {
        long calls = 0;
        for (int port : cluster.ports()) {
            for (String line : RedisServerProcess.cli("-p", Integer.toString(port), "INFO", "commandstats").split("\\R")) {
                if (line.startsWith("cmdstat_evalsha:")) {
                    calls += Long.parseLong(line.replaceAll(".*calls=([0-9]+),.*", "$1"));
                }
            }
        }
        return calls;
    }

    @Test
    void announcesOfOneSlotShareCallsAndCountExactly() throws Exception {
        int peers = 64;
        for (int i = 1; i <= peers; i++) {
            announce(i, v4(10, 0, i, 1, 1), i % 2, Event.STARTED, 0);
        }
        for (int port : cluster.ports()) {
            RedisServerProcess.cli("-p", Integer.toString(port), "CONFIG", "RESETSTAT");
        }
        // Eight threads re-announce at once into the one swarm: announces that wait while its slot's
        // calls are in flight go together in the next call. (Re-announces that change nothing make no
        // second call for the global keys.)
        int threads = 8;
        int each = 100;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = 1 + t * (peers / threads);
                done.add(pool.submit(() -> {
                    for (int k = 0; k < each; k++) {
                        int i = first + k % (peers / threads);
                        announce(i, v4(10, 0, i, 1, 1), i % 2, Event.NONE, 50);
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        long calls = evalshaCalls();
        assertTrue(calls < threads * each, calls + " calls for " + threads * each + " announces: some went together");
        assertEquals(new SwarmStats(peers / 2, peers / 2, 0, 0), registry.stats(HASH));
        assertEquals(peers, registry.totals().peers());
        assertTotalsMatchAScan();
    }
}
