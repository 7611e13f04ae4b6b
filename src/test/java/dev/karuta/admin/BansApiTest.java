package dev.karuta.admin;

import static dev.karuta.testing.TrackerClient.announce;
import static dev.karuta.testing.TrackerClient.id;
import static dev.karuta.testing.TrackerClient.scrape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.accounts.RosterData;
import dev.karuta.bencode.BencodeReader;
import dev.karuta.testing.AdminClient;
import dev.karuta.testing.AdminClient.Answer;
import dev.karuta.testing.KarutaServer;
import dev.karuta.testing.MemoryAccountsStore;
import dev.karuta.testing.TrackerClient;
import dev.karuta.testing.UdpTrackerClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Banned addresses on the real webapp: the admin API, and announces and scrapes refused over HTTP and UDP. */
class BansApiTest {
    private static final String BANNED = "your address is banned from this tracker";
    private static final byte[] TORRENT = id("ban-torrent");

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

    private static JsonObject json(Answer a) {
        return Json.createReader(new StringReader(a.body())).readObject();
    }

    private static String reason(Map<String, Object> answer) {
        Object r = answer.get("failure reason");
        return r == null ? null : BencodeReader.latin1(r);
    }

    @Test
    void aBannedRangeIsRefusedAtOnceOverHttpAndUdpAndLiftedAtOnce() throws Exception {
        assertNull(reason(tracker.get(announce(TORRENT, id("-qB4650-a"), 6881, 100, ""))));
        Answer added = admin.send("POST", "/admin/api/bans", "{\"addresses\":[\"127.1.2.3/8\",\"2001:DB8::1/32\"]}");
        assertEquals(200, added.status(), added.body());
        assertEquals(2, json(added).getInt("changed"));
        JsonObject list = json(admin.get("/admin/api/bans"));
        assertEquals(Json.createArrayBuilder().add("127.0.0.0/8").add("2001:db8::/32").build(),
                list.getJsonArray("entries"), "entries are canonical");
        assertEquals(2, list.getInt("count"));

        assertEquals(BANNED, reason(tracker.get(announce(TORRENT, id("-qB4650-b"), 6882, 100, ""))));
        assertEquals(BANNED, reason(tracker.get(scrape(TORRENT))));
        try (UdpTrackerClient udp = new UdpTrackerClient("127.0.0.1", server.components().udp().port())) {
            udp.connect();
            byte[] answer = udp.announce(TORRENT, id("-qB4650-c"), 100, 2, 10, 6883);
            assertEquals(3, ByteBuffer.wrap(answer).getInt(), "a UDP error packet");
            assertEquals(BANNED, new String(answer, 8, answer.length - 8, StandardCharsets.US_ASCII));
            byte[] scraped = udp.scrape(TORRENT);
            assertEquals(3, ByteBuffer.wrap(scraped).getInt(), "a UDP error packet for a scrape");
            assertEquals(BANNED, new String(scraped, 8, scraped.length - 8, StandardCharsets.US_ASCII));
        }
        assertEquals(1, json(admin.get("/admin/api/stats")).getJsonNumber("peers").intValue(),
                "the refused announces joined no swarm");

        Answer lifted = admin.send("DELETE", "/admin/api/bans/127.9.9.9/8", "");
        assertEquals(200, lifted.status(), lifted.body());
        assertEquals(1, json(lifted).getInt("changed"));
        assertNull(reason(tracker.get(announce(TORRENT, id("-qB4650-b"), 6882, 100, ""))), "lifted at once");
        assertNull(reason(tracker.get(scrape(TORRENT))));
        assertEquals(1, json(admin.send("DELETE", "/admin/api/bans", "{\"addresses\":[\"2001:db8::/32\"]}"))
                .getInt("changed"));
        assertEquals(0, json(admin.get("/admin/api/bans")).getInt("count"));
    }

    @Test
    void aBannedAddressGetsNoFullScrape() throws Exception {
        try (KarutaServer full = KarutaServer.start(Map.of("karuta.scrape.full", "true"), null)) {
            TrackerClient client = new TrackerClient("http://127.0.0.1:" + full.port());
            assertNull(reason(client.get(announce(TORRENT, id("-qB4650-f"), 6881, 100, ""))));
            AdminClient fullAdmin = AdminClient.admin(full);
            assertEquals(200, fullAdmin.send("POST", "/admin/api/bans", "{\"addresses\":[\"127.0.0.0/8\"]}").status());
            Map<String, Object> refused = client.get("/scrape");
            assertEquals(BANNED, reason(refused));
            assertNull(refused.get("files"), "no torrent is told to a banned address");
        }
    }

    @Test
    void badInputIsA4xxWithAJsonErrorAndChangesNothing() throws Exception {
        admin.send("POST", "/admin/api/bans", "{\"addresses\":[\"198.51.100.0/24\"]}");
        String[][] cases = {
                {"POST", "{\"addresses\":[\"203.0.113.1\",\"203.0.113.0/33\"]}", "400", "203.0.113.0/33"},
                {"POST", "{\"addresses\":[\"203.0.113.1\",\"example.org\"]}", "400", "example.org"},
                {"POST", "{\"addresses\":[\"10.0.0.256\"]}", "400", "10.0.0.256"},
                {"POST", "{\"addresses\":[\"2001:db8::/129\"]}", "400", "2001:db8::/129"},
                {"POST", "{\"addresses\":[]}", "400", ""},
                {"POST", "{\"prefixes\":[\"-qB\"]}", "400", "addresses"},
                {"POST", "{\"addresses\":[\"10.0.0.1\"],\"infoHashes\":[]}", "400", "addresses"},
                {"POST", "{not json", "400", ""},
                {"DELETE", "{\"addresses\":[\"nonsense\"]}", "400", "nonsense"},
                {"PUT", "{\"addresses\":[\"10.0.0.1\"]}", "405", ""},
        };
        for (String[] c : cases) {
            Answer a = admin.send(c[0], "/admin/api/bans", c[1]);
            assertEquals(Integer.parseInt(c[2]), a.status(), c[0] + " " + c[1] + " -> " + a.body());
            assertTrue(a.response().headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
            assertTrue(json(a).getString("error").contains(c[3]), "the error names the entry: " + a.body());
        }
        assertEquals(400, admin.send("PUT", "/admin/api/bans/mode", "{\"mode\":\"off\"}").status());
        assertEquals(400, admin.send("DELETE", "/admin/api/bans/not-an-address", "").status());
        JsonObject list = json(admin.get("/admin/api/bans"));
        assertEquals(Json.createArrayBuilder().add("198.51.100.0/24").build(), list.getJsonArray("entries"),
                "a batch with one bad entry adds none of it");
        assertNull(reason(tracker.get(announce(TORRENT, id("-qB4650-a"), 6881, 100, ""))));
    }

    @Test
    void changesNeedCredentialsTheRoleAndTheCsrfHeader() throws Exception {
        String body = "{\"addresses\":[\"127.0.0.1\"]}";
        String base = "http://127.0.0.1:" + server.port();
        assertEquals(401, new AdminClient(base, null, null).send("POST", "/admin/api/bans", body).status());
        assertEquals(403, new AdminClient(base, KarutaServer.VIEWER, KarutaServer.VIEWER_PASSWORD)
                .send("POST", "/admin/api/bans", body).status());
        Answer noHeader = admin.send(admin.request("/admin/api/bans").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertEquals(403, noHeader.status());
        Answer big = admin.send("POST", "/admin/api/bans",
                "{\"addresses\":[\"" + "1".repeat(AdminApiServlet.MAX_BODY) + "\"]}");
        assertEquals(413, big.status());
        assertEquals(0, json(admin.get("/admin/api/bans")).getInt("count"), "nothing was banned");
        assertNull(reason(tracker.get(announce(TORRENT, id("-qB4650-a"), 6881, 100, ""))));
    }

    @Test
    void inPrivateModeABannedAddressIsRefusedBeforeItsPasskeyIsChecked() throws Exception {
        server.close();
        try (PrivateSite site = PrivateSite.start(new MemoryAccountsStore(RosterData.EMPTY))) {
            server = site.server;
            String unknown = "a".repeat(32);
            String before = site.refusal(unknown, TORRENT, id("-qB4650-a"), 6881, 100);
            assertNotEquals(BANNED, before);
            assertFalse(before == null, "an unknown passkey is refused");
            assertEquals(200, site.admin.send("POST", "/admin/api/bans", "{\"addresses\":[\"127.0.0.1\"]}").status());
            assertEquals(BANNED, site.refusal(unknown, TORRENT, id("-qB4650-a"), 6881, 100),
                    "the banned address learns nothing about its passkey");
            assertEquals(BANNED, reason(site.tracker.get("/" + unknown + scrape(TORRENT))));
        }
    }
}
