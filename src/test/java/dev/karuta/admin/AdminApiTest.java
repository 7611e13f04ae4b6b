package dev.karuta.admin;

import static dev.karuta.testing.TrackerClient.announce;
import static dev.karuta.testing.TrackerClient.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.testing.AdminClient;
import dev.karuta.testing.AdminClient.Answer;
import dev.karuta.testing.KarutaServer;
import dev.karuta.testing.TrackerClient;
import dev.karuta.testing.UdpTrackerClient;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The admin JSON API on the real webapp: access control, the lists taking effect, the swarm browser. */
class AdminApiTest {
    private static final byte[] LISTED = id("listed-torrent");
    private static final byte[] OTHER = id("other-torrent");
    private static final String LISTED_HEX = HexFormat.of().formatHex(LISTED);

    private KarutaServer server;
    private TrackerClient tracker;
    private AdminClient admin;

    @BeforeEach
    void start() throws Exception {
        server = KarutaServer.start(Map.of("karuta.udp.secret", "00112233445566778899aabbccddeeff"), null);
        tracker = new TrackerClient("http://127.0.0.1:" + server.port());
        admin = AdminClient.admin(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static JsonObject json(Answer a) {
        return Json.createReader(new StringReader(a.body())).readObject();
    }

    private AdminClient as(String user, String password) {
        return new AdminClient("http://127.0.0.1:" + server.port(), user, password);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/admin/api/stats", "/admin/api/torrents", "/admin/api/config", "/admin/", "/admin",
            "/admin/index.html", "/admin/api/nothing-here"})
    void nothingUnderAdminWithoutCredentials(String path) throws Exception {
        Answer anonymous = as(null, null).get(path);
        assertEquals(401, anonymous.status(), path);
        assertTrue(anonymous.response().headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"),
                "a Basic challenge for " + path);
        assertFalse(anonymous.body().contains("karuta.udp"), "no data leaks with the challenge");
        assertEquals(401, as(KarutaServer.ADMIN, "wrong password").get(path).status(), "wrong password: " + path);
        assertEquals(403, as(KarutaServer.VIEWER, KarutaServer.VIEWER_PASSWORD).get(path).status(),
                "a user without the role: " + path);
    }

    @Test
    void changesWithoutCredentialsChangeNothing() throws Exception {
        Answer a = as(null, null).send("POST", "/admin/api/torrents", "{\"infoHashes\":[\"" + LISTED_HEX + "\"]}");
        assertEquals(401, a.status());
        Answer v = as(KarutaServer.VIEWER, KarutaServer.VIEWER_PASSWORD).send("PUT", "/admin/api/torrents/mode",
                "{\"mode\":\"allow\"}");
        assertEquals(403, v.status());
        JsonObject list = json(admin.get("/admin/api/torrents"));
        assertEquals("off", list.getString("mode"));
        assertEquals(0, list.getInt("count"));
    }

    @Test
    void statsFollowAnnounces() throws Exception {
        JsonObject before = json(admin.get("/admin/api/stats"));
        assertEquals(0, before.getJsonNumber("peers").longValue());
        tracker.get(announce(LISTED, id("-qB4650-a"), 6881, 0, "event=started"));
        tracker.get(announce(LISTED, id("-TR3000-b"), 6882, 100, "event=started"));
        tracker.get(announce(OTHER, id("-TR3000-c"), 6883, 100, "event=started"));
        JsonObject after = json(admin.get("/admin/api/stats"));
        assertEquals(2, after.getJsonNumber("torrents").longValue());
        assertEquals(3, after.getJsonNumber("peers").longValue());
        assertEquals(1, after.getJsonNumber("seeders").longValue());
        assertEquals(2, after.getJsonNumber("leechers").longValue());
        assertEquals(3, after.getJsonNumber("peersIpv4").longValue());
        assertEquals(before.getJsonNumber("announces").longValue() + 3, after.getJsonNumber("announces").longValue());
    }

    @Test
    void aWhitelistRefusesOtherTorrentsAtOnceOverHttpAndUdp() throws Exception {
        Answer added = admin.send("POST", "/admin/api/torrents", "{\"infoHashes\":[\"" + LISTED_HEX.toUpperCase() + "\"]}");
        assertEquals(200, added.status(), added.body());
        assertEquals(1, json(added).getInt("changed"));
        assertEquals(200, admin.send("PUT", "/admin/api/torrents/mode", "{\"mode\":\"allow\"}").status());

        Map<String, Object> refused = tracker.get(announce(OTHER, id("-qB4650-x"), 6881, 100, ""));
        assertEquals("torrent is not registered with this tracker",
                new String((byte[]) refused.get("failure reason"), java.nio.charset.StandardCharsets.US_ASCII));
        assertNull(tracker.get(announce(LISTED, id("-qB4650-x"), 6881, 100, "")).get("failure reason"));

        try (UdpTrackerClient udp = new UdpTrackerClient("127.0.0.1", server.components().udp().port())) {
            udp.connect();
            byte[] answer = udp.announce(OTHER, id("-qB4650-y"), 100, 2, 10, 6881);
            assertEquals(3, ByteBuffer.wrap(answer).getInt(), "a UDP error packet");
            assertTrue(new String(answer, 8, answer.length - 8).contains("not registered"));
            assertEquals(1, ByteBuffer.wrap(udp.announce(LISTED, id("-qB4650-y"), 100, 2, 10, 6881)).getInt());
        }
        JsonObject stats = json(admin.get("/admin/api/stats"));
        assertEquals(1, stats.getJsonNumber("torrents").longValue(), "the refused torrent got no swarm");

        assertEquals(200, admin.send("DELETE", "/admin/api/torrents/" + LISTED_HEX, "").status());
        assertTrue(tracker.get(announce(LISTED, id("-qB4650-x"), 6881, 100, "")).containsKey("failure reason"),
                "removed from the whitelist: refused at once");
    }

    @Test
    void aBlacklistRefusesOnlyListedTorrents() throws Exception {
        admin.send("POST", "/admin/api/torrents", "{\"infoHashes\":[\"" + LISTED_HEX + "\"]}");
        admin.send("PUT", "/admin/api/torrents/mode", "{\"mode\":\"deny\"}");
        assertTrue(tracker.get(announce(LISTED, id("-qB4650-x"), 6881, 100, "")).containsKey("failure reason"));
        assertNull(tracker.get(announce(OTHER, id("-qB4650-x"), 6881, 100, "")).get("failure reason"));
    }

    @Test
    void clientPrefixesAllowOrDeny() throws Exception {
        Answer a = admin.send("POST", "/admin/api/clients", "{\"prefixes\":[\"-qB\",\"-TR30\"]}");
        assertEquals(200, a.status(), a.body());
        assertEquals(2, json(a).getInt("count"));
        admin.send("PUT", "/admin/api/clients/mode", "{\"mode\":\"deny\"}");
        assertTrue(tracker.get(announce(OTHER, id("-qB4650-x"), 6881, 100, "")).containsKey("failure reason"));
        assertNull(tracker.get(announce(OTHER, id("-TR2940-x"), 6881, 100, "")).get("failure reason"));
        admin.send("PUT", "/admin/api/clients/mode", "{\"mode\":\"allow\"}");
        assertNull(tracker.get(announce(OTHER, id("-qB4650-y"), 6882, 100, "")).get("failure reason"));
        assertEquals("client is not approved by this tracker", new String((byte[]) tracker
                .get(announce(OTHER, id("-TR2940-y"), 6883, 100, "")).get("failure reason")));
        admin.send("DELETE", "/admin/api/clients", "{\"prefixes\":[\"-qB\"]}");
        JsonObject list = json(admin.get("/admin/api/clients"));
        assertEquals("allow", list.getString("mode"));
        assertEquals(Json.createArrayBuilder().add("-TR30").build(), list.getJsonArray("entries"));
        assertEquals(1, json(admin.send("DELETE", "/admin/api/clients/-TR30", "")).getInt("changed"));
        assertEquals(0, json(admin.get("/admin/api/clients")).getInt("count"));
    }

    @Test
    void changesNeedTheCsrfHeaderAndTheSameOrigin() throws Exception {
        String body = "{\"infoHashes\":[\"" + LISTED_HEX + "\"]}";
        Answer noHeader = admin.send(admin.request("/admin/api/torrents").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertEquals(403, noHeader.status());
        assertTrue(json(noHeader).getString("error").contains("X-Karuta-Admin"));
        Answer foreign = admin.send(admin.request("/admin/api/torrents").header("Content-Type", "application/json")
                .header("X-Karuta-Admin", "1").header("Origin", "http://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertEquals(403, foreign.status());
        Answer crossSite = admin.send(admin.request("/admin/api/torrents").header("Content-Type", "application/json")
                .header("X-Karuta-Admin", "1").header("Sec-Fetch-Site", "cross-site")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertEquals(403, crossSite.status());
        Answer form = admin.send(admin.request("/admin/api/torrents").header("X-Karuta-Admin", "1")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("infoHashes=" + LISTED_HEX)).build());
        assertEquals(415, form.status());
        assertEquals(0, json(admin.get("/admin/api/torrents")).getInt("count"), "nothing was added");
        Answer sameOrigin = admin.send(admin.request("/admin/api/torrents").header("Content-Type", "application/json")
                .header("X-Karuta-Admin", "1").header("Origin", "http://127.0.0.1:" + server.port())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertEquals(200, sameOrigin.status(), sameOrigin.body());
    }

    @Test
    void badInputIsA4xxWithAJsonErrorAndChangesNothing() throws Exception {
        admin.send("POST", "/admin/api/torrents", "{\"infoHashes\":[\"" + LISTED_HEX + "\"]}");
        String[][] cases = {
                {"POST", "/admin/api/torrents", "{\"infoHashes\":[\"" + HexFormat.of().formatHex(OTHER) + "\",\"xyz\"]}", "400"},
                {"POST", "/admin/api/torrents", "{not json", "400"},
                {"POST", "/admin/api/torrents", "", "400"},
                {"POST", "/admin/api/torrents", "{\"infoHashes\":[]}", "400"},
                {"POST", "/admin/api/torrents", "{\"hashes\":[\"" + LISTED_HEX + "\"]}", "400"},
                {"POST", "/admin/api/torrents", "[1,2,3]", "400"},
                {"POST", "/admin/api/torrents", "{\"prefixes\":[\"-qB\"]}", "400"},
                {"POST", "/admin/api/clients", "{\"prefixes\":[\"-qB\"],\"infoHashes\":[]}", "400"},
                {"PUT", "/admin/api/torrents/mode", "{\"mode\":\"sometimes\"}", "400"},
                {"PUT", "/admin/api/torrents/mode", "{}", "400"},
                {"PUT", "/admin/api/torrents", "{\"mode\":\"allow\"}", "405"},
                {"POST", "/admin/api/clients", "{\"prefixes\":[\"-qB\",\"has space\"]}", "400"},
                {"POST", "/admin/api/clients", "{\"prefixes\":[\"-qB\",\"" + "x".repeat(21) + "\"]}", "400"},
                {"DELETE", "/admin/api/torrents/abc", "", "400"},
                {"POST", "/admin/api/stats", "{}", "405"},
                {"POST", "/admin/api/nothing", "{}", "404"},
                {"GET", "/admin/api/swarms?limit=0", "", "400"},
                {"GET", "/admin/api/swarms?limit=x", "", "400"},
                {"GET", "/admin/api/swarms?q=zz", "", "400"},
                {"GET", "/admin/api/swarms/" + "0".repeat(40), "", "404"},
                {"GET", "/admin/api/swarms/nothex", "", "400"},
        };
        for (String[] c : cases) {
            Answer a = c[0].equals("GET") ? admin.get(c[1]) : admin.send(c[0], c[1], c[2]);
            assertEquals(Integer.parseInt(c[3]), a.status(), c[0] + " " + c[1] + " " + c[2] + " -> " + a.body());
            assertTrue(a.response().headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
            assertFalse(json(a).getString("error").isBlank(), "a JSON error for " + c[1]);
        }
        JsonObject list = json(admin.get("/admin/api/torrents"));
        assertEquals("off", list.getString("mode"));
        assertEquals(Json.createArrayBuilder().add(LISTED_HEX).build(), list.getJsonArray("entries"),
                "a batch with one bad entry adds none of it");
        assertEquals(0, json(admin.get("/admin/api/clients")).getInt("count"));
    }

    @Test
    void theSwarmBrowserPagesLargestFirstAndShowsPeers() throws Exception {
        for (int i = 0; i < 3; i++) {
            tracker.get(announce(LISTED, id("-qB4650-" + i), 6881 + i, i == 0 ? 0 : 100, ""));
        }
        tracker.get(announce(OTHER, id("-TR3000-z"), 7000, 100, ""));
        JsonObject page = json(admin.get("/admin/api/swarms?limit=1"));
        assertEquals(2, page.getJsonNumber("total").longValue());
        JsonArray swarms = page.getJsonArray("swarms");
        assertEquals(1, swarms.size());
        assertEquals(LISTED_HEX, swarms.getJsonObject(0).getString("infoHash"));
        assertEquals(3, swarms.getJsonObject(0).getInt("peers"));
        JsonObject second = json(admin.get("/admin/api/swarms?limit=1&offset=1"));
        assertEquals(HexFormat.of().formatHex(OTHER), second.getJsonArray("swarms").getJsonObject(0).getString("infoHash"));
        JsonObject search = json(admin.get("/admin/api/swarms?q=" + HexFormat.of().formatHex(OTHER).substring(0, 12).toUpperCase()));
        assertEquals(1, search.getJsonNumber("total").longValue());

        JsonObject detail = json(admin.get("/admin/api/swarms/" + LISTED_HEX));
        assertEquals(1, detail.getJsonObject("swarm").getInt("seeders"));
        assertEquals(2, detail.getJsonObject("swarm").getInt("leechers"));
        JsonArray peers = detail.getJsonArray("peers");
        assertEquals(3, peers.size());
        JsonObject seeder = peers.getValuesAs(JsonObject.class).stream().filter(p -> p.getBoolean("seeding"))
                .findFirst().orElseThrow();
        assertEquals("-qB4650-", seeder.getString("client"));
        assertEquals("127.0.0.1:6881", seeder.getString("ipv4"));
        assertEquals(HexFormat.of().formatHex(id("-qB4650-0")), seeder.getString("peerId"));
        assertTrue(!seeder.containsKey("ipv6") || seeder.isNull("ipv6"), "no IPv6 address");
    }

    @Test
    void thePagesAreReadOnlyAndNotCached() throws Exception {
        Answer page = admin.get("/admin/index.html");
        assertEquals(200, page.status());
        assertTrue(page.body().contains("Dashboard"));
        assertEquals("no-store", page.response().headers().firstValue("Cache-Control").orElse(""));
        assertEquals("DENY", page.response().headers().firstValue("X-Frame-Options").orElse(""));
        for (String method : new String[] {"POST", "PUT", "DELETE", "PATCH"}) {
            Answer a = admin.send(method, "/admin/index.html", "{}");
            assertEquals(405, a.status(), method);
            assertFalse(json(a).getString("error").isBlank());
        }
    }

    @Test
    void theConfigIsShownWithSecretsRedacted() throws Exception {
        JsonObject config = json(admin.get("/admin/api/config"));
        assertEquals("***", config.getString("karuta.udp.secret"));
        assertEquals("1800", config.getString("karuta.announce.interval"));
        assertFalse(admin.get("/admin/api/config").body().contains("00112233445566778899aabbccddeeff"));
    }

    @Test
    void historyAnswersWithItsPeriod() throws Exception {
        JsonObject history = json(admin.get("/admin/api/history"));
        assertEquals(ActivityHistory.PERIOD_SECONDS, history.getInt("periodSeconds"));
        assertTrue(history.getJsonArray("samples").isEmpty(), "no sample yet right after start");
    }
}
