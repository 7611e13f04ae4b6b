package dev.karuta.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.testing.AdminClient;
import dev.karuta.testing.FakeTime;
import dev.karuta.testing.HealthProbe;
import dev.karuta.testing.KarutaServer;
import dev.karuta.udp.UdpFrontend;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /health/live} and {@code /health/ready} of a public tracker in memory, over real HTTP: the
 * JSON with a status per part, 200 or 503, never cached, no login while the admin pages ask for one,
 * and the UDP part following the real sockets.
 */
class HealthEndpointTest {
    private KarutaServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private HealthProbe start(Map<String, String> params) throws Exception {
        server = KarutaServer.start(params, new FakeTime());
        return HealthProbe.of(server);
    }

    @Test
    void liveAndReadyAnswer200WithTheRegistryAndTheBoundUdpSockets() throws Exception {
        HealthProbe probe = start(Map.of("karuta.udp.workers", "2"));
        HealthProbe.Answer live = probe.live();
        assertEquals(200, live.status());
        assertEquals(Map.of("status", "up"), live.json());

        HealthProbe.Answer ready = probe.ready();
        assertEquals(200, ready.status(), ready.response().body());
        assertEquals("up", ready.json().get("status"));
        assertEquals(Set.of("registry", "udp"), ready.parts(), "no accounts part on a public tracker");
        String body = ready.response().body();
        assertTrue(body.startsWith("{\"status\":\"up\",\"parts\":{\"registry\":{\"status\":\"up\""), body);
        assertTrue(body.indexOf("\"registry\"") < body.indexOf("\"udp\""), "parts in their order: " + body);
        assertEquals(Map.of("status", "up", "kind", "memory"), ready.part("registry"));
        UdpFrontend udp = server.components().udp();
        Map<String, Object> part = ready.part("udp");
        assertEquals("up", part.get("status"));
        assertEquals(udp.port(), number(part, "port"));
        assertTrue(udp.sockets() >= 1, "at least one socket bound");
        assertEquals(udp.sockets(), number(part, "sockets"));
        assertEquals(udp.sockets(), number(part, "serving"));
    }

    @Test
    void bothAreNeverCachedAndAreJson() throws Exception {
        HealthProbe probe = start(Map.of());
        for (HealthProbe.Answer a : List.of(probe.live(), probe.ready())) {
            assertEquals("no-store", a.header("Cache-Control"));
            assertTrue(a.header("Content-Type").startsWith("application/json"), a.header("Content-Type"));
            assertEquals("nosniff", a.header("X-Content-Type-Options"));
        }
    }

    @Test
    void noLoginIsAskedWhileTheAdminPagesAskForOne() throws Exception {
        HealthProbe probe = start(Map.of());
        AdminClient anonymous = new AdminClient("http://127.0.0.1:" + server.port(), null, null);
        assertEquals(401, anonymous.get("/admin/api/overview").status(), "the admin API is behind its login");
        HealthProbe.Answer ready = probe.ready();
        assertEquals(200, ready.status());
        assertNull(ready.header("WWW-Authenticate"));
        assertEquals(200, probe.live().status());
    }

    @Test
    void closedUdpSocketsMakeTheNodeNotReadyButStillLive() throws Exception {
        HealthProbe probe = start(Map.of());
        UdpFrontend udp = server.components().udp();
        udp.close(); // as if the sockets had been lost: the worker threads end with them

        HealthProbe.Answer ready = probe.ready();
        assertEquals(503, ready.status(), "503 is set as a status, not turned into the bencode error page");
        assertEquals("down", ready.json().get("status"));
        assertEquals("down", ready.part("udp").get("status"));
        assertEquals(0, number(ready.part("udp"), "serving"));
        assertTrue(((String) ready.part("udp").get("error")).contains("no longer serve"), ready.response().body());
        assertEquals("up", ready.part("registry").get("status"), "the parts are told apart");
        assertEquals("no-store", ready.header("Cache-Control"));
        assertEquals(200, probe.live().status(), "the webapp itself still answers");
    }

    @Test
    void withoutUdpThereIsNoUdpPart() throws Exception {
        HealthProbe probe = start(Map.of("karuta.udp.enabled", "false"));
        HealthProbe.Answer ready = probe.ready();
        assertEquals(200, ready.status());
        assertEquals(Set.of("registry"), ready.parts());
    }

    private static int number(Map<String, Object> part, String name) {
        return ((BigDecimal) part.get(name)).intValueExact();
    }
}
