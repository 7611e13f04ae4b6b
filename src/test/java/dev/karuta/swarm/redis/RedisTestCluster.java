package dev.karuta.swarm.redis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Redis Cluster of its own for a test class: masters started with {@code redis-server} on free
 * loopback ports (no replicas), joined with {@code redis-cli --cluster create}, ready when every node
 * reports {@code cluster_state:ok}; {@link #close} stops them and deletes their files. Missing the
 * binaries skips the test (or fails it with {@code -Dkaruta.it.required=true}).
 */
public final class RedisTestCluster implements AutoCloseable {
    private final Path dir;
    private final List<RedisServerProcess> nodes;

    private RedisTestCluster(Path dir, List<RedisServerProcess> nodes) {
        this.dir = dir;
        this.nodes = nodes;
    }

    /** Starts a cluster of {@code masters} masters and waits until every node agrees it is up. */
    public static RedisTestCluster start(int masters) throws IOException, InterruptedException {
        RedisServerProcess.requireBinary();
        Path dir = Files.createTempDirectory("karuta-redis-cluster");
        List<RedisServerProcess> nodes = new ArrayList<>();
        RedisTestCluster cluster = new RedisTestCluster(dir, nodes);
        try {
            List<String> create = new ArrayList<>(List.of("--cluster", "create"));
            for (int i = 0; i < masters; i++) {
                Path nodeDir = Files.createDirectories(dir.resolve("node" + i));
                nodes.add(new RedisServerProcess(nodeDir, List.of("--cluster-enabled", "yes",
                        "--cluster-config-file", nodeDir.resolve("nodes.conf").toString(), "--cluster-node-timeout", "5000")));
                create.add("127.0.0.1:" + nodes.get(i).port);
            }
            create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            String out = RedisServerProcess.cli(create.toArray(String[]::new));
            if (!out.contains("All 16384 slots covered")) {
                throw new IOException("cluster create failed: " + out);
            }
            // Every node must agree before a client reads the topology: poll, no fixed sleep.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            for (RedisServerProcess node : nodes) {
                RedisServerProcess.cliUntil(deadline, "cluster_state:ok", "cluster_state:ok on port " + node.port,
                        "-p", Integer.toString(node.port), "cluster", "info");
            }
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** {@code redis-cluster://} with every node as a seed, in start order. */
    public String uri() {
        StringBuilder seeds = new StringBuilder("redis-cluster://");
        for (int i = 0; i < nodes.size(); i++) {
            seeds.append(i == 0 ? "" : ",").append("127.0.0.1:").append(nodes.get(i).port);
        }
        return seeds.toString();
    }

    /** The nodes' ports, in start order. */
    public List<Integer> ports() {
        return nodes.stream().map(n -> n.port).toList();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        for (RedisServerProcess node : nodes) {
            node.stop();
        }
        nodes.clear();
        RedisServerProcess.deleteTree(dir);
    }
}
