package dev.karuta.swarm.redis;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.karuta.swarm.RegistrySettings;
import dev.karuta.swarm.SnatchLedger;
import dev.karuta.swarm.SwarmRegistry;
import dev.karuta.swarm.SwarmRegistryContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The contract against a 3-master Redis Cluster this test starts itself with {@code redis-server} on
 * free ports (no replicas), and stops afterwards. Each registry gets its own key prefix, as on the
 * standalone server; the cluster is private, so nothing needs deleting.
 */
class RedisClusterRegistryTest extends SwarmRegistryContract {
    private static Path dir;
    private static final List<RedisServerProcess> nodes = new ArrayList<>();
    private static String uri;

    @BeforeAll
    static void startCluster() throws Exception {
        RedisServerProcess.requireBinary();
        dir = Files.createTempDirectory("karuta-redis-cluster");
        List<String> create = new ArrayList<>(List.of("--cluster", "create"));
        StringBuilder seeds = new StringBuilder("redis-cluster://");
        for (int i = 0; i < 3; i++) {
            Path nodeDir = Files.createDirectories(dir.resolve("node" + i));
            RedisServerProcess node = new RedisServerProcess(nodeDir, List.of("--cluster-enabled", "yes",
                    "--cluster-config-file", nodeDir.resolve("nodes.conf").toString(), "--cluster-node-timeout", "5000"));
            nodes.add(node);
            create.add("127.0.0.1:" + node.port);
            seeds.append(i == 0 ? "" : ",").append("127.0.0.1:").append(node.port);
        }
        create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        String out = RedisServerProcess.cli(create.toArray(String[]::new));
        if (!out.contains("All 16384 slots covered")) {
            throw new IOException("cluster create failed: " + out);
        }
        // Every node must agree before the client reads the topology: poll, no fixed sleep.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (RedisServerProcess node : nodes) {
            while (!RedisServerProcess.cli("-p", Integer.toString(node.port), "cluster", "info")
                    .contains("cluster_state:ok")) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("cluster_state never became ok on port " + node.port);
                }
                RedisServerProcess.sleepBriefly();
            }
        }
        uri = seeds.toString();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        for (RedisServerProcess node : nodes) {
            node.stop();
        }
        nodes.clear();
        RedisServerProcess.deleteTree(dir);
    }

    @Override
    protected SwarmRegistry create(RegistrySettings settings, Ticker ticker, SnatchLedger ledger) {
        return new RedisSwarmRegistry(new RedisSettings(uri, Duration.ofSeconds(2), TestRedis.uniquePrefix()), settings,
                ticker, ledger);
    }
}
