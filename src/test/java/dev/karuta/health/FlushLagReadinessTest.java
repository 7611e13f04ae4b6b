package dev.karuta.health;

import static dev.karuta.testing.TrackerClient.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.accounts.AccountsFlusher;
import dev.karuta.accounts.FreeLeech;
import dev.karuta.accounts.Membership;
import dev.karuta.core.InfoHash;
import dev.karuta.testing.Cleanup;
import dev.karuta.testing.FakeTime;
import dev.karuta.testing.HealthProbe;
import dev.karuta.testing.KarutaServer;
import dev.karuta.testing.TcpProxy;
import dev.karuta.testing.TrackerClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A private tracker whose database (a real H2 server over TCP) is cut off behind a {@link TcpProxy}:
 * {@code /health/ready} stays 200 while the accounts store is behind by less than
 * {@code karuta.health.maxFlushLag}, turns 503 naming the accounts part once it is behind by more
 * (time moved by a {@link FakeTime}), answers at once all along without touching the database, and is
 * 200 again once a flush has written everything.
 */
class FlushLagReadinessTest {
    private static final String PASSKEY = "healthPasskey0123456789abcdefghi";
    private static final byte[] HASH = id("health-torrent");
    private static final Duration MAX_LAG = Duration.ofSeconds(30);
    /** Far above a probe's cost; a database round trip on a silent connection would take 10 s. */
    private static final Duration QUICK = Duration.ofSeconds(2);

    private final Cleanup cleanup = new Cleanup();
    private final FakeTime time = new FakeTime();
    private TcpProxy proxy;
    private KarutaServer server;
    private HealthProbe probe;
    private TrackerClient http;
    private int announces;

    @BeforeEach
    void start(@TempDir Path dir) throws Exception {
        Server h2 = Server.createTcpServer("-tcpPort", "0", "-baseDir", dir.toString(), "-ifNotExists").start();
        cleanup.push(h2::stop);
        proxy = new TcpProxy("127.0.0.1", h2.getPort());
        cleanup.push(proxy);
        server = KarutaServer.start(Map.of("karuta.mode", "private",
                "karuta.db.url", "jdbc:h2:tcp://127.0.0.1:" + proxy.port() + "/karuta",
                "karuta.private.flushInterval", "1", "karuta.health.maxFlushLag", Long.toString(MAX_LAG.toSeconds()),
                "karuta.private.finalFlushTimeout", "1", "karuta.udp.enabled", "false"), time);
        cleanup.push(server);
        // The proxy is opened again before the server stops, so its last flush is written.
        cleanup.push(proxy::unblock);
        Membership members = server.components().accounts().members();
        members.addUser(1, PASSKEY, true, true);
        members.addTorrent(10, InfoHash.of(HASH), FreeLeech.NORMAL);
        probe = HealthProbe.of(server);
        http = new TrackerClient("http://127.0.0.1:" + server.port());
    }

    @AfterEach
    void stop() throws Exception {
        cleanup.close();
    }

    private AccountsFlusher flusher() {
        return server.components().accounts().flusher();
    }

    /** One announce, which leaves accounting to write. */
    private void announce() throws Exception {
        announces++;
        Map<String, Object> r = http.get("/" + PASSKEY + TrackerClient.announce(HASH, id("-TR4050-health"), 6881,
                1000, "uploaded=" + announces * 1000L), "User-Agent", "Transmission/4.0.5");
        assertFalse(r.containsKey("failure reason"), r.toString());
    }

    private HealthProbe.Answer quickReady() throws Exception {
        HealthProbe.Answer a = probe.ready();
        assertTrue(a.took().compareTo(QUICK) < 0, "the probe took " + a.took());
        return a;
    }

    @Test
    void readyUntilTheStoreIsBehindByMoreThanTheBoundThenReadyAgainOnceItIsWritten() throws Exception {
        announce();
        await(() -> flusher().waiting() == 0 && flusher().written() > 0, "the first accounting written");
        HealthProbe.Answer ready = quickReady();
        assertEquals(200, ready.status(), ready.response().body());
        assertEquals("up", ready.part("accounts").get("status"));
        assertEquals(MAX_LAG.toSeconds(), ((Number) ready.part("accounts").get("maxLagSeconds")).longValue());

        proxy.block();
        announce();
        await(() -> flusher().failing(), "a write failing on the cut connection");
        HealthProbe.Answer behind = quickReady();
        assertEquals(200, behind.status(), "behind by less than the bound: " + behind.response().body());
        assertEquals(true, behind.part("accounts").get("failing"));

        time.advance(MAX_LAG.plusSeconds(1));
        HealthProbe.Answer notReady = quickReady();
        assertEquals(503, notReady.status(), notReady.response().body());
        assertEquals("down", notReady.json().get("status"));
        Map<String, Object> accounts = notReady.part("accounts");
        assertEquals("down", accounts.get("status"));
        assertTrue(((Number) accounts.get("lagSeconds")).longValue() > MAX_LAG.toSeconds(), accounts.toString());
        assertTrue(((Number) accounts.get("waiting")).longValue() > 0, "the accounting waits: " + accounts);
        assertTrue(((String) accounts.get("error")).contains("accounts store"), accounts.toString());
        assertEquals("up", notReady.part("registry").get("status"));
        assertEquals(200, probe.live().status(), "live all along");

        proxy.unblock();
        await(() -> flusher().waiting() == 0 && !flusher().failing(), "the accounting written once the database is back");
        HealthProbe.Answer back = quickReady();
        assertEquals(200, back.status(), back.response().body());
        assertEquals("up", back.part("accounts").get("status"));
    }

    @Test
    void aProbeSendsNothingToTheDatabase() throws Exception {
        announce();
        await(() -> flusher().waiting() == 0 && flusher().written() > 0, "the accounting written");
        // With nothing waiting, no flush writes; what goes through the proxy now is the probes' alone.
        long before = proxy.bytesSent();
        for (int i = 0; i < 50; i++) {
            assertEquals(200, quickReady().status());
        }
        assertEquals(before, proxy.bytesSent(), "bytes sent to the database during 50 probes");
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what + " never happened");
            Thread.sleep(20);
        }
    }
}
