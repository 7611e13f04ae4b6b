package dev.karuta.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.karuta.testing.AdminClient;
import dev.karuta.testing.AdminClient.Answer;
import dev.karuta.testing.KarutaServer;
import java.net.http.HttpRequest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An admin change from a browser on {@code https://} through a proxy that terminates TLS and forwards
 * plain HTTP: the browser's {@code Origin} says https, the connection http. The CSRF check takes the
 * scheme from the header of a proxy in {@code karuta.proxy.trusted}, and from no one else. The test
 * connects from 127.0.0.1, which plays the proxy when it is trusted.
 */
class CsrfBehindProxyTest {
    private static final String BODY = "{\"infoHashes\":[\"" + HexFormat.of().formatHex(new byte[20]) + "\"]}";

    private KarutaServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private AdminClient start(String trusted, String header) throws Exception {
        Map<String, String> params = new HashMap<>();
        params.put("karuta.proxy.trusted", trusted);
        if (header != null) {
            params.put("karuta.proxy.header", header);
        }
        server = KarutaServer.start(params, null);
        return AdminClient.admin(server);
    }

    /** A listed-torrent change with the CSRF header, the Origin {@code scheme://127.0.0.1:port} and these headers. */
    private Answer change(AdminClient admin, String scheme, String... headers) throws Exception {
        HttpRequest.Builder b = admin.request("/admin/api/torrents").header("Content-Type", "application/json")
                .header("X-Karuta-Admin", "1").header("Origin", scheme + "://127.0.0.1:" + server.port());
        if (headers.length > 0) {
            b.headers(headers);
        }
        return admin.send(b.POST(HttpRequest.BodyPublishers.ofString(BODY)).build());
    }

    private static void assertRefused(Answer a, AdminClient admin) throws Exception {
        assertEquals(403, a.status(), a.body());
        assertEquals("request from another origin refused", AdminApiTest.json(a).getString("error"));
        assertEquals(0, AdminApiTest.json(admin.get("/admin/api/torrents")).getInt("count"), "nothing was added");
    }

    @Test
    void aTrustedProxyNamesHttpsWithXForwardedProto() throws Exception {
        AdminClient admin = start("127.0.0.1", null);
        assertRefused(change(admin, "https"), admin); // no header: the connection is http
        assertRefused(change(admin, "http", "X-Forwarded-Proto", "https"), admin);
        Answer ok = change(admin, "https", "X-Forwarded-For", "203.0.113.7", "X-Forwarded-Proto", "https");
        assertEquals(200, ok.status(), ok.body());
        assertEquals(1, AdminApiTest.json(admin.get("/admin/api/torrents")).getInt("count"));
    }

    @Test
    void fromAnUntrustedAddressTheHeaderIsIgnored() throws Exception {
        AdminClient admin = start("10.0.0.1", null);
        assertRefused(change(admin, "https", "X-Forwarded-For", "203.0.113.7", "X-Forwarded-Proto", "https"), admin);
        assertEquals(200, change(admin, "http", "X-Forwarded-Proto", "https").status(), "the connection's scheme");
    }

    @Test
    void withoutAProxyConfiguredTheHeaderIsIgnored() throws Exception {
        AdminClient admin = start("", null);
        assertRefused(change(admin, "https", "X-Forwarded-Proto", "https"), admin);
    }

    @Test
    void withForwardedItsProtoCounts() throws Exception {
        AdminClient admin = start("127.0.0.1", "Forwarded");
        assertRefused(change(admin, "https", "X-Forwarded-Proto", "https"), admin); // not the configured header
        Answer ok = change(admin, "https", "Forwarded", "for=203.0.113.7;proto=https");
        assertEquals(200, ok.status(), ok.body());
    }

    @Test
    void withXRealIpXForwardedProtoCounts() throws Exception {
        AdminClient admin = start("127.0.0.1", "X-Real-IP");
        Answer ok = change(admin, "https", "X-Real-IP", "203.0.113.7", "X-Forwarded-Proto", "https");
        assertEquals(200, ok.status(), ok.body());
    }
}
