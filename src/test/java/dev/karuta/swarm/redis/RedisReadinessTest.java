package dev.karuta.swarm.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.health.RedisCheck;
import dev.karuta.testing.FakeTime;
import dev.karuta.testing.HealthProbe;
import dev.karuta.testing.KarutaServer;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /health/ready} of a node whose swarms are in Redis, against a {@code redis-server} of the
 * test's own: 200 while Redis answers, 503 naming the registry when it is gone or hangs (answered
 * within the command timeout, never hanging with it), 200 again once Lettuce has reconnected; and many
 * probes at once send one PING.
 */
class RedisReadinessTest {
    /** Above a cold JVM's first connection, which this timeout bounds too. */
    private static final Duration TIMEOUT = Duration.ofMillis(1000);
    /** A probe's answer within the command timeout and a margin, never after a hung Redis. */
    private static final Duration BOUND = TIMEOUT.plusMillis(1000);

    private final FakeTime time = new FakeTime();
    private Path dir;
    private RedisServerProcess redis;
    private KarutaServer server;
    private HealthProbe probe;

    @BeforeEach
    void start() throws Exception {
        RedisServerProcess.requireBinary();
        dir = Files.createTempDirectory("karuta-redis-health");
        redis = new RedisServerProcess(dir, List.of("--enable-debug-command", "yes"));
        server = KarutaServer.start(Map.of("karuta.registry", "redis", "karuta.redis.uri", redis.uri(),
                "karuta.redis.timeout", Long.toString(TIMEOUT.toMillis()), "karuta.redis.prefix", "health:",
                "karuta.udp.enabled", "false"), time);
        probe = HealthProbe.of(server);
        probe.live(); // the first request warms the client and the container up, untimed
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (redis != null) {
            redis.stop();
        }
        RedisServerProcess.deleteTree(dir);
    }

    /** A probe after the last PING's answer has gone stale. */
    private HealthProbe.Answer freshProbe() throws Exception {
        time.advance(RedisCheck.FRESH.plusMillis(1));
        HealthProbe.Answer a = probe.ready();
        assertTrue(a.took().compareTo(BOUND) < 0, "the probe took " + a.took());
        return a;
    }

    @Test
    void notReadyNamingRedisWhileItIsGoneAndReadyAgainOnceItIsBack() throws Exception {
        HealthProbe.Answer up = freshProbe();
        assertEquals(200, up.status(), up.response().body());
        assertEquals("up", up.part("registry").get("status"));
        assertEquals("redis", up.part("registry").get("kind"));

        redis.stop();
        HealthProbe.Answer down = freshProbe();
        assertEquals(503, down.status(), down.response().body());
        assertEquals("down", down.json().get("status"));
        assertEquals("down", down.part("registry").get("status"));
        assertEquals("redis", down.part("registry").get("kind"));
        assertTrue(down.part("registry").containsKey("error"), down.response().body());
        assertEquals(200, probe.live().status(), "live while Redis is gone");

        redis.start();
        // Lettuce reconnects by itself, its back-off growing with the downtime: poll, bounded.
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        HealthProbe.Answer back = freshProbe();
        while (back.status() != 200) {
            assertTrue(System.nanoTime() < deadline, "not ready again after Redis came back: " + back.response().body());
            Thread.sleep(100);
            back = freshProbe();
        }
        assertEquals("up", back.part("registry").get("status"));
    }

    @Test
    void aHungRedisMakesTheProbeAnswer503WithinTheTimeout() throws Exception {
        assertEquals(200, freshProbe().status());
        try (Socket blocker = new Socket("127.0.0.1", redis.port)) {
            // Redis runs one command at a time: while it sleeps, the PING waits behind it.
            blocker.getOutputStream().write("DEBUG SLEEP 3\r\n".getBytes(StandardCharsets.US_ASCII));
            blocker.getOutputStream().flush();
            long sleeping = System.nanoTime() + Duration.ofSeconds(1).toNanos();
            HealthProbe.Answer hung = freshProbe(); // within BOUND, or freshProbe fails
            while (hung.status() == 200 && System.nanoTime() < sleeping) {
                hung = freshProbe(); // that PING reached Redis before the sleep began: again
            }
            assertEquals(503, hung.status(), hung.response().body());
            assertEquals("no answer within " + TIMEOUT.toMillis() + " ms", hung.part("registry").get("error"));
            blocker.getInputStream().read(); // +OK once the sleep is over
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (freshProbe().status() != 200) {
            assertTrue(System.nanoTime() < deadline, "not ready again after the slow command");
            Thread.sleep(50);
        }
    }

    @Test
    void manyProbesAtOnceSendOnePing() throws Exception {
        assertEquals(200, freshProbe().status());
        RedisServerProcess.cli("-p", Integer.toString(redis.port), "CONFIG", "RESETSTAT");
        time.advance(RedisCheck.FRESH.plusMillis(1));
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<Future<HealthProbe.Answer>> answers = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                answers.add(pool.submit(probe::ready));
            }
            for (Future<HealthProbe.Answer> a : answers) {
                assertEquals(200, a.get().status());
            }
        } finally {
            pool.shutdownNow();
        }
        String stats = RedisServerProcess.cli("-p", Integer.toString(redis.port), "INFO", "commandstats");
        Matcher ping = Pattern.compile("cmdstat_ping:calls=(\\d+)").matcher(stats);
        assertTrue(ping.find(), "no PING at all: " + stats);
        assertEquals(1, Integer.parseInt(ping.group(1)), "64 probes within one second share one PING: " + stats);
    }
}
