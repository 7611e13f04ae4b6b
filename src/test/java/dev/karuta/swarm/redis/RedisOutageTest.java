package dev.karuta.swarm.redis;

import static dev.karuta.core.Answers.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.core.AnnounceRequest;
import dev.karuta.core.Event;
import dev.karuta.core.InfoHash;
import dev.karuta.core.PeerAddress;
import dev.karuta.core.PeerId;
import dev.karuta.core.SwarmStats;
import dev.karuta.core.Swarms;
import dev.karuta.core.TrackerException;
import dev.karuta.redis.RedisSettings;
import dev.karuta.swarm.RegistrySettings;
import dev.karuta.swarm.SnatchLedger;
import dev.karuta.testing.FakeTime;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Redis going away under a running registry: announces fail fast with {@code retry in} instead of
 * hanging, and work again by themselves once Redis is back. Runs its own {@code redis-server}, which it
 * kills and restarts (as a crash and a restart without persistence: the restarted server knows no
 * script and no peer).
 */
class RedisOutageTest {
    private static final Duration TIMEOUT = Duration.ofMillis(300);
    private static final InfoHash HASH = InfoHash.fromHex("0123456789abcdef0123456789abcdef01234567");

    private Path dir;
    private RedisServerProcess server;
    private RedisSwarmRegistry registry;
    private final FakeTime ticker = new FakeTime();

    @BeforeEach
    void start() throws Exception {
        RedisServerProcess.requireBinary();
        dir = Files.createTempDirectory("karuta-redis-outage");
        server = new RedisServerProcess(dir, List.of("--enable-debug-command", "yes"));
        registry = new RedisSwarmRegistry(new RedisSettings(server.uri(), TIMEOUT, "outage:"),
                RegistrySettings.defaults(), ticker, SnatchLedger.NONE);
    }

    @AfterEach
    void stop() throws Exception {
        if (registry != null) {
            registry.close();
        }
        if (server != null) {
            server.stop();
        }
        RedisServerProcess.deleteTree(dir);
    }

    private static AnnounceRequest req(int peer, long left) {
        byte[] id = new byte[20];
        id[19] = (byte) peer;
        return AnnounceRequest.builder(HASH, PeerId.of(id), PeerAddress.of(new byte[] {10, 0, 0, (byte) peer}, 6881))
                .left(left).event(Event.STARTED).numWant(50).key(peer).build();
    }

    @Test
    void announcesFailFastWithRetryInWhileRedisIsDownAndRecoverAfter() throws Exception {
        assertEquals(new SwarmStats(1, 0, 0, 0), join(registry.announce(req(1, 0), 50, Swarms.NO_OWNER)).stats());
        assertTrue(registry.reachable());
        assertEquals(0, registry.failures());
        server.stop();
        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            TrackerException e = assertThrows(TrackerException.class, () -> join(registry.announce(req(2, 10), 50, Swarms.NO_OWNER)));
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertEquals(TrackerException.Kind.INTERNAL, e.kind());
            assertEquals(1, e.retryInMinutes(), "retry in 1 minute");
            assertTrue(took < TIMEOUT.toMillis() + 500, "failed within the command timeout, not after: " + took + " ms");
        }
        assertThrows(TrackerException.class, () -> registry.stats(HASH));
        assertEquals(4, registry.failures(), "three announces and a read failed (karuta_redis_failures_total)");
        assertTrue(!registry.reachable(), "karuta_redis_up is 0");
        server.start();
        // Lettuce reconnects by itself (its back-off grows with the downtime): poll, bounded.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        SwarmStats back = null;
        while (back == null) {
            try {
                back = join(registry.announce(req(2, 10), 50, Swarms.NO_OWNER)).stats();
            } catch (TrackerException notYet) {
                assertTrue(System.nanoTime() < deadline, "the registry did not recover after Redis came back");
                Thread.sleep(50);
            }
        }
        // The restarted server kept nothing (no persistence here) and knew no script: both came back.
        assertEquals(new SwarmStats(0, 1, 0, 0), back);
        assertEquals(1, registry.totals().peers());
        assertTrue(registry.reachable(), "up again from the first answered call");
    }

    @Test
    void aSlowRedisFailsTheAnnounceWithinTheTimeout() throws Exception {
        join(registry.announce(req(1, 0), 50, Swarms.NO_OWNER));
        try (Socket blocker = new Socket("127.0.0.1", server.port)) {
            // Redis runs one command at a time: while it sleeps, every announce waits on it.
            blocker.getOutputStream().write("DEBUG SLEEP 2\r\n".getBytes(StandardCharsets.US_ASCII));
            blocker.getOutputStream().flush();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            TrackerException failure = null;
            while (failure == null && System.nanoTime() < deadline) {
                long t0 = System.nanoTime();
                try {
                    join(registry.announce(req(2, 10), 50, Swarms.NO_OWNER)); // reached Redis before the sleep began: again
                } catch (TrackerException e) {
                    long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                    assertTrue(took < TIMEOUT.toMillis() + 300, "failed at the timeout, not after: " + took + " ms");
                    failure = e;
                }
            }
            assertTrue(failure != null, "an announce during DEBUG SLEEP must fail");
            assertEquals(TrackerException.Kind.INTERNAL, failure.kind());
            assertEquals(1, failure.retryInMinutes());
            blocker.getInputStream().read(); // +OK once the sleep is over
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                assertEquals(2, join(registry.announce(req(2, 10), 50, Swarms.NO_OWNER)).stats().peers());
                break;
            } catch (TrackerException notYet) {
                assertTrue(System.nanoTime() < deadline, "the registry did not recover after the slow command");
                Thread.sleep(20);
            }
        }
    }

    @Test
    void oneAnnounceRoundTrip() {
        for (int i = 0; i < 200; i++) {
            join(registry.announce(req(i % 50, i % 2), 50, Swarms.NO_OWNER));
        }
        int n = 2000;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            join(registry.announce(req(i % 50, i % 2), 50, Swarms.NO_OWNER));
        }
        long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - t0) / n;
        System.out.println("RedisOutageTest: one announce round trip (50 peers, numwant 50, loopback): " + micros
                + " us on average over " + n);
        assertTrue(micros < 50_000, "an announce takes " + micros + " us");
    }
}
