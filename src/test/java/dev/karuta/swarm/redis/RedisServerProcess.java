package dev.karuta.swarm.redis;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A private {@code redis-server} for one test, on a free loopback port, its files in a temp dir;
 * stopped and restarted on the same port at will. Missing the binary skips the test (or fails it when
 * {@code -Dkaruta.it.required=true}).
 */
final class RedisServerProcess implements AutoCloseable {
    static final String SERVER = System.getProperty("karuta.test.redis.server", "/usr/bin/redis-server");
    static final String CLI = System.getProperty("karuta.test.redis.cli", "/usr/bin/redis-cli");

    final int port;
    private final Path dir;
    private final Path config;
    private final List<String> extra;
    private Process process;

    RedisServerProcess(Path dir, List<String> extra) throws IOException {
        this(dir, null, extra);
    }

    /** With {@code config} (may be null) as the server's config file: a Sentinel needs one it can rewrite. */
    RedisServerProcess(Path dir, Path config, List<String> extra) throws IOException {
        requireBinary();
        this.port = freePort();
        this.dir = dir;
        this.config = config;
        this.extra = extra;
        start();
    }

    static void requireBinary() {
        if (!Files.isExecutable(Path.of(SERVER)) || !Files.isExecutable(Path.of(CLI))) {
            String message = SERVER + " or " + CLI + " is missing (apt-get install redis-server)";
            if (Boolean.getBoolean("karuta.it.required")) {
                throw new AssertionError("required for this test: " + message);
            }
            Assumptions.abort("skipped: " + message);
        }
    }

    /** A loopback port free now whose cluster bus port (+10000) is free too. */
    static int freePort() throws IOException {
        for (int tries = 0; tries < 50; tries++) {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            if (port + 10000 > 65535) {
                continue;
            }
            try (ServerSocket bus = new ServerSocket(port + 10000)) {
                return port;
            } catch (IOException busy) {
                // try another
            }
        }
        throw new IOException("no free port pair");
    }

    String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts the server and waits until it accepts connections. */
    void start() throws IOException {
        List<String> cmd = new ArrayList<>(List.of(SERVER));
        if (config != null) {
            cmd.add(config.toString());
        }
        cmd.addAll(List.of("--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--dir", dir.toString(), "--save", "", "--appendonly", "no", "--protected-mode", "no"));
        cmd.addAll(extra);
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis-" + port + ".log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IOException("redis-server exited: " + Files.readString(dir.resolve("redis-" + port + ".log")));
                }
                sleepBriefly();
            }
        }
        throw new IOException("redis-server on port " + port + " did not start");
    }

    /** Stops the server at once (as a crash would) and waits for it to be gone. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(20, TimeUnit.SECONDS);
        }
    }

    /** Runs {@code redis-cli} with {@code args}; returns its output. */
    static String cli(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(CLI));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("redis-cli timed out: " + cmd);
        }
        return out;
    }

    /**
     * Runs {@code redis-cli args} until its output contains {@code expected}, polling (no fixed sleep)
     * until {@code deadline} ({@link System#nanoTime}); past it, fails with {@code what} never happened.
     */
    static void cliUntil(long deadline, String expected, String what, String... args)
            throws IOException, InterruptedException {
        while (!cli(args).contains(expected)) {
            if (System.nanoTime() > deadline) {
                throw new IOException(what + " never happened");
            }
            sleepBriefly();
        }
    }

    static void sleepBriefly() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
