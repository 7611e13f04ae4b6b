package dev.karuta.admin;

import static dev.karuta.testing.TrackerClient.announce;
import static dev.karuta.testing.TrackerClient.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.testing.AdminClient;
import dev.karuta.testing.KarutaServer;
import dev.karuta.testing.TrackerClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an operator enters in the admin API is in force again after a redeploy and after a new server. */
class AdminRestartTest {
    private static final byte[] LISTED = id("restart-listed");
    private static final byte[] OTHER = id("restart-unlisted");

    @TempDir
    Path data;

    private static JsonObject get(AdminClient admin, String path) throws Exception {
        return Json.createReader(new StringReader(admin.get(path).body())).readObject();
    }

    private static void assertEnforced(KarutaServer server) throws Exception {
        AdminClient admin = AdminClient.admin(server);
        JsonObject torrents = get(admin, "/admin/api/torrents");
        assertEquals("allow", torrents.getString("mode"));
        assertEquals(Json.createArrayBuilder().add(HexFormat.of().formatHex(LISTED)).build(),
                torrents.getJsonArray("entries"));
        JsonObject clients = get(admin, "/admin/api/clients");
        assertEquals("deny", clients.getString("mode"));
        assertEquals(Json.createArrayBuilder().add("-XX").build(), clients.getJsonArray("entries"));
        assertEquals(Json.createArrayBuilder().add("192.0.2.0/24").add("2001:db8::/32").build(),
                get(admin, "/admin/api/bans").getJsonArray("entries"));
        TrackerClient tracker = new TrackerClient("http://127.0.0.1:" + server.port());
        assertTrue(tracker.get(announce(OTHER, id("-qB4650-a"), 6881, 5, "")).containsKey("failure reason"));
        assertTrue(tracker.get(announce(LISTED, id("-XX0100-a"), 6881, 5, "")).containsKey("failure reason"));
        assertNull(tracker.get(announce(LISTED, id("-qB4650-a"), 6881, 5, "")).get("failure reason"));
    }

    @Test
    void listsEnteredInTheApiSurviveRestarts() throws Exception {
        Map<String, String> params = Map.of("karuta.data.dir", data.toString());
        try (KarutaServer server = KarutaServer.start(params, null)) {
            AdminClient admin = AdminClient.admin(server);
            assertEquals(200, admin.send("POST", "/admin/api/torrents",
                    "{\"infoHashes\":[\"" + HexFormat.of().formatHex(LISTED) + "\"]}").status());
            assertEquals(200, admin.send("PUT", "/admin/api/torrents/mode", "{\"mode\":\"allow\"}").status());
            assertEquals(200, admin.send("POST", "/admin/api/clients", "{\"prefixes\":[\"-XX\"]}").status());
            assertEquals(200, admin.send("PUT", "/admin/api/clients/mode", "{\"mode\":\"deny\"}").status());
            assertEquals(200, admin.send("POST", "/admin/api/bans",
                    "{\"addresses\":[\"192.0.2.9/24\",\"2001:db8::/32\",\"127.0.0.1\"]}").status());
            assertEquals(200, admin.send("DELETE", "/admin/api/bans/127.0.0.1", "").status());
            assertEnforced(server);
            server.webapp().stop();
            server.webapp().start();
            assertEnforced(server);
        }
        try (KarutaServer server = KarutaServer.start(params, null)) {
            assertEnforced(server);
            AdminClient admin = AdminClient.admin(server);
            assertEquals(200, admin.send("POST", "/admin/api/bans", "{\"addresses\":[\"127.0.0.0/8\"]}").status());
        }
        try (KarutaServer server = KarutaServer.start(params, null)) {
            TrackerClient tracker = new TrackerClient("http://127.0.0.1:" + server.port());
            assertEquals("your address is banned from this tracker", dev.karuta.bencode.BencodeReader.latin1(
                    tracker.get(announce(LISTED, id("-qB4650-a"), 6881, 5, "")).get("failure reason")),
                    "a ban saved before the restart refuses at once after it");
        }
    }
}
