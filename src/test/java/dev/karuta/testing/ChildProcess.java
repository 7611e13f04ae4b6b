package dev.karuta.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A program the test starts (a container, a BitTorrent client), with its output in a log file that the
 * test polls with a deadline; always killed on close, and its log is what a failure shows.
 */
public final class ChildProcess implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final String name;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code command} in {@code dir}, stdout and stderr into {@code log}. */
    public static ChildProcess start(String name, List<String> command, Path dir, Path log) throws IOException {
        return start(name, command, dir, log, Map.of());
    }

    /** The same, with {@code environment} added to this JVM's environment. */
    public static ChildProcess start(String name, List<String> command, Path dir, Path log,
                                     Map<String, String> environment) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(environment);
        return new ChildProcess(name, pb.start(), log);
    }

    /** The log so far. */
    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /**
     * Waits until the log matches {@code pattern} and returns the match; fails with the log when the
     * process dies or the deadline passes first.
     */
    public Matcher awaitLog(Pattern pattern, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = pattern.matcher(log());
            if (m.find()) {
                return m;
            }
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + " before '" + pattern
                        + "':\n" + log());
            }
            // Polling a log file: the child gives no other signal of readiness.
            process.waitFor(100, TimeUnit.MILLISECONDS);
        }
        throw new AssertionError(name + " did not log '" + pattern + "' within " + timeout + ":\n" + log());
    }

    /** Waits for the process to exit; returns its exit code, or fails with the log at the deadline. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " still running after " + timeout + ":\n" + log());
        }
        return process.exitValue();
    }

    /**
     * Asks it to stop as systemd and a service manager do (SIGTERM on Linux) and returns its exit
     * status; fails with the log when it still runs at the deadline.
     */
    public int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        return awaitExit(timeout);
    }

    /**
     * Kills it at once with SIGKILL (on Unix; {@link Process#destroyForcibly}): no shutdown hook, no
     * finally block runs, as when a supervisor or the kernel's OOM killer ends it. Returns once it is gone.
     */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError(name + " still running 30 s after SIGKILL");
        }
    }

    /** Whether it still runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** The name it was started with, for messages. */
    @Override
    public String toString() {
        return name;
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
