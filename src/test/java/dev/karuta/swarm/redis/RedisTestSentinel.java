package dev.karuta.swarm.redis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Redis master and one Sentinel watching it (as {@code mymaster}, quorum 1), each a
 * {@code redis-server} of its own on a free loopback port; ready when the Sentinel names the master.
 * {@link #close} stops both and deletes their files. Missing the binaries skips the test (or fails it
 * with {@code -Dkaruta.it.required=true}).
 */
public final class RedisTestSentinel implements AutoCloseable {
    private static final String MASTER_NAME = "mymaster";
    private final Path dir;
    private RedisServerProcess master;
    private RedisServerProcess sentinel;

    private RedisTestSentinel(Path dir) {
        this.dir = dir;
    }

    /** Starts the master, then the Sentinel, and waits until the Sentinel answers with the master. */
    public static RedisTestSentinel start() throws IOException, InterruptedException {
        RedisServerProcess.requireBinary();
        RedisTestSentinel s = new RedisTestSentinel(Files.createTempDirectory("karuta-redis-sentinel"));
        try {
            s.master = new RedisServerProcess(Files.createDirectories(s.dir.resolve("master")), List.of());
            Path sentinelDir = Files.createDirectories(s.dir.resolve("sentinel"));
            Path config = sentinelDir.resolve("sentinel.conf");
            Files.writeString(config, "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + s.master.port + " 1\n");
            s.sentinel = new RedisServerProcess(sentinelDir, config, List.of("--sentinel"));
            RedisServerProcess.cliUntil(System.nanoTime() + TimeUnit.SECONDS.toNanos(30),
                    Integer.toString(s.master.port), "the Sentinel on port " + s.sentinel.port + " naming the master",
                    "-p", Integer.toString(s.sentinel.port), "sentinel", "get-master-addr-by-name", MASTER_NAME);
            return s;
        } catch (IOException | InterruptedException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** {@code redis-sentinel://} to the Sentinel, naming the master. */
    public String uri() {
        return "redis-sentinel://127.0.0.1:" + sentinel.port + "/0#" + MASTER_NAME;
    }

    /** {@code redis://} straight to the master, to look at what the nodes wrote. */
    public String masterUri() {
        return master.uri();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        for (RedisServerProcess p : new RedisServerProcess[] {sentinel, master}) {
            if (p != null) {
                p.stop();
            }
        }
        RedisServerProcess.deleteTree(dir);
    }
}
