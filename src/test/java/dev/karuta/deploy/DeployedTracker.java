package dev.karuta.deploy;

import static dev.karuta.testing.TrackerClient.announce;
import static dev.karuta.testing.TrackerClient.id;
import static dev.karuta.testing.TrackerClient.scrape;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.bencode.BencodeReader;
import dev.karuta.testing.AdminClient;
import dev.karuta.testing.ChildProcess;
import dev.karuta.testing.Exposition;
import dev.karuta.testing.TrackerClient;
import dev.karuta.testing.WsClient;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.net.ssl.SSLContext;

/** The checks every deployment of the unchanged WAR must pass, whatever the container. */
final class DeployedTracker {
    private DeployedTracker() {
    }

    /**
     * Runs {@link #check(String, SSLContext, long)} against the container {@code server}; a failure carries the
     * container's log, which is where a deployment problem shows.
     */
    static Map<String, Object> check(ChildProcess server, int port, long expectedInterval) throws Exception {
        return check(server, "http://127.0.0.1:" + port, null, expectedInterval);
    }

    /** The same checks at {@code base} ({@code https://...} too, trusting what {@code tls} trusts). */
    static Map<String, Object> check(ChildProcess server, String base, SSLContext tls, long expectedInterval)
            throws Exception {
        try {
            return check(base, tls, expectedInterval);
        } catch (AssertionError | Exception e) {
            throw new AssertionError(e.getMessage() + "\n--- " + server + " log ---\n" + server.log(), e);
        }
    }

    /**
     * Two peers meet over announce, scrape agrees, the configured interval is in force, and
     * {@code /metrics} (registered by the webapp itself) counted it all; returns the first announce's
     * answer for more checks of the configuration.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> check(String base, SSLContext tls, long expectedInterval) throws Exception {
        TrackerClient client = new TrackerClient(base, tls);
        byte[] hash = id("deployed-torrent");
        byte[] seederAnswer = client.getRaw(announce(hash, id("-TR3000-seed"), 51413, 0, "compact=1&event=started"));
        String text = new String(seederAnswer, StandardCharsets.ISO_8859_1);
        // The one seeder counts itself: sorted keys put complete first.
        assertTrue(text.startsWith("d8:completei1e"), "seeder's announce answer: " + text);
        Map<String, Object> seeder = BencodeReader.parseDict(seederAnswer);
        assertEquals(expectedInterval, seeder.get("interval"), "the container's configuration reached the webapp");
        assertEquals(0L, seeder.get("incomplete"));
        Map<String, Object> leecher = client.get(announce(hash, id("-qB4650-leech"), 6881, 10, "compact=1&event=started"));
        assertArrayEquals(new byte[] {127, 0, 0, 1, (byte) 0xc8, (byte) 0xd5}, (byte[]) leecher.get("peers"),
                "the leecher is handed the seeder (127.0.0.1:51413)");
        Map<String, Object> files = (Map<String, Object>) client.get(scrape(hash)).get("files");
        Map<String, Object> f = (Map<String, Object>) files.get(BencodeReader.latin1(hash));
        assertEquals(1L, f.get("complete"));
        assertEquals(1L, f.get("incomplete"));
        Map<String, Object> bad = client.get("/announce?info_hash=x");
        assertEquals("info_hash must be 20 bytes", BencodeReader.latin1(bad.get("failure reason")));
        Exposition metrics = Exposition.parse(new String(client.getRaw("/metrics"), StandardCharsets.UTF_8));
        assertEquals(2, metrics.value("karuta_requests_total", "protocol", "http", "action", "announce", "result", "ok",
                "family", "ipv4"));
        assertEquals(1, metrics.value("karuta_requests_total", "protocol", "http", "action", "announce",
                "result", "bad_request", "family", "ipv4"));
        assertEquals(1, metrics.value("karuta_requests_total", "protocol", "http", "action", "scrape", "result", "ok",
                "family", "ipv4"));
        assertEquals(2, metrics.value("karuta_peers", "family", "ipv4"));
        assertTrue(metrics.has("jvm_threads_current"), "JVM metrics");
        checkWebSocket(base, tls);
        // web.xml's security constraint holds in every container: no admin page or API without a login.
        for (String path : new String[] {"/admin/", "/admin/api/stats", "/admin/api/config"}) {
            AdminClient.Answer anonymous = new AdminClient(base, null, null, tls).get(path);
            assertEquals(401, anonymous.status(), path + " without credentials");
            assertTrue(anonymous.response().headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
        }
        return seeder;
    }

    /**
     * WebTorrent's WebSocket tracker on the same path as the HTTP announce ({@code ws://} for
     * {@code http://}, {@code wss://} for {@code https://}): a seeder and a leecher announce, the
     * leecher's offer reaches the seeder, the seeder's answer comes back, and {@code /metrics} counted
     * both announces as protocol {@code ws} from an IPv4 address (the container gave the endpoint the
     * client's address: on Tomcat through {@code WsClientFilter}).
     */
    static void checkWebSocket(String base, SSLContext tls) throws Exception {
        URI ws = URI.create(base.replaceFirst("^http", "ws") + "/announce");
        String hash = WsClient.id(0xd1);
        try (WsClient seeder = WsClient.connect(ws, tls); WsClient leecher = WsClient.connect(ws, tls)) {
            seeder.send("{\"action\":\"announce\",\"info_hash\":" + WsClient.json(hash) + ",\"peer_id\":"
                    + WsClient.json(WsClient.id(1)) + ",\"left\":0,\"event\":\"started\",\"offers\":[]}");
            assertEquals(1, seeder.next().getInt("complete"));
            leecher.send("{\"action\":\"announce\",\"info_hash\":" + WsClient.json(hash) + ",\"peer_id\":"
                    + WsClient.json(WsClient.id(2)) + ",\"left\":9,\"event\":\"started\",\"offers\":"
                    + "[{\"offer_id\":" + WsClient.json(WsClient.id(0xee)) + ",\"offer\":{\"type\":\"offer\","
                    + "\"sdp\":\"v=0\"}}]}");
            assertEquals(1, leecher.next().getInt("incomplete"));
            assertEquals("v=0", seeder.next().getJsonObject("offer").getString("sdp"));
            seeder.send("{\"action\":\"announce\",\"info_hash\":" + WsClient.json(hash) + ",\"peer_id\":"
                    + WsClient.json(WsClient.id(1)) + ",\"to_peer_id\":" + WsClient.json(WsClient.id(2))
                    + ",\"offer_id\":" + WsClient.json(WsClient.id(0xee))
                    + ",\"answer\":{\"type\":\"answer\",\"sdp\":\"v=1\"}}");
            assertEquals("v=1", leecher.next().getJsonObject("answer").getString("sdp"));
        }
        TrackerClient client = new TrackerClient(base, tls);
        Exposition metrics = Exposition.parse(new String(client.getRaw("/metrics"), StandardCharsets.UTF_8));
        assertEquals(2, metrics.value("karuta_requests_total", "protocol", "ws", "action", "announce", "result", "ok",
                "family", "ipv4"));
    }

    /**
     * The admin pages at {@code https://} {@code url} as {@code admin} (logged in): the page opens, and a
     * change as the pages send it (JSON, the CSRF header) is taken with the https:// Origin of the page
     * and refused with the http:// one, so the container reports the TLS connection's scheme.
     */
    static void checkAdminChangeOverHttps(AdminClient admin, String url) throws Exception {
        AdminClient.Answer page = admin.get("/admin/");
        assertEquals(200, page.status());
        assertTrue(page.body().contains("<html"), page.body());
        String hash = "ab".repeat(20);
        String body = "{\"infoHashes\":[\"" + hash + "\"]}";
        AdminClient.Answer plain = admin.send(listChange(admin, url.replace("https://", "http://"), body));
        assertEquals(403, plain.status(), "an http:// Origin is another origin: " + plain.body());
        AdminClient.Answer change = admin.send(listChange(admin, url, body));
        assertEquals(200, change.status(), change.body());
        assertTrue(admin.get("/admin/api/torrents").body().contains(hash));
    }

    private static HttpRequest listChange(AdminClient admin, String origin, String body) {
        return admin.request("/admin/api/torrents").header("Content-Type", "application/json")
                .header("X-Karuta-Admin", "1").header("Origin", origin)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static final byte[] KEPT = id("kept-across-restart");

    /**
     * Before a restart: a seeder and a peer that completed (one snatch) on a torrent of its own, so
     * that {@link #checkRestored} can tell them from a fresh start.
     */
    static void announceBeforeRestart(int port) throws Exception {
        TrackerClient client = new TrackerClient("http://127.0.0.1:" + port);
        client.get(announce(KEPT, id("-TR3000-kept-seed"), 51413, 0, "event=started"));
        client.get(announce(KEPT, id("-qB4650-kept-done"), 6881, 10, "event=started"));
        client.get(announce(KEPT, id("-qB4650-kept-done"), 6881, 0, "event=completed"));
    }

    /**
     * After a graceful stop and a new start on the same data directory: the two peers of
     * {@link #announceBeforeRestart} are handed out again and scrape still counts the snatch.
     */
    @SuppressWarnings("unchecked")
    static void checkRestored(ChildProcess server, int port) throws Exception {
        try {
            TrackerClient client = new TrackerClient("http://127.0.0.1:" + port);
            Map<String, Object> newcomer = client.get(announce(KEPT, id("-lt0D80-newcomer"), 7000, 10,
                    "compact=1&event=started"));
            byte[] peers = (byte[]) newcomer.get("peers");
            assertEquals(12, peers.length, "both peers of before the restart are handed out");
            assertEquals(2L, newcomer.get("complete"));
            Map<String, Object> files = (Map<String, Object>) client.get(scrape(KEPT)).get("files");
            Map<String, Object> f = (Map<String, Object>) files.get(BencodeReader.latin1(KEPT));
            assertEquals(1L, f.get("downloaded"), "the snatch survived the restart");
        } catch (AssertionError | Exception e) {
            throw new AssertionError(e.getMessage() + "\n--- " + server + " log ---\n" + server.log(), e);
        }
    }

    /**
     * A container distribution unpacked by the build ({@code maven-dependency-plugin}, phase
     * {@code pre-integration-test}) under {@code karuta.itWork}.
     */
    static Path unpacked(String dirName) {
        String work = System.getProperty("karuta.itWork");
        if (work == null) {
            throw new AssertionError("karuta.itWork is not set: run the integration tests with mvn verify");
        }
        Path dir = Path.of(work, dirName);
        if (!Files.isDirectory(dir)) {
            throw new AssertionError(dir + " is missing: mvn verify unpacks it in pre-integration-test");
        }
        return dir;
    }

    /** The {@code java} that runs the tests, for the container's JVM. */
    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
