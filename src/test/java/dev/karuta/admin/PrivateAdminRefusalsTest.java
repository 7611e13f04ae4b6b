package dev.karuta.admin;

import static dev.karuta.admin.PrivateSite.API;
import static dev.karuta.admin.PrivateSite.json;
import static dev.karuta.testing.TrackerClient.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.testing.AdminClient.Answer;
import dev.karuta.testing.AdminClient;
import dev.karuta.testing.KarutaServer;
import dev.karuta.testing.MemoryAccountsStore;
import java.net.http.HttpRequest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the private tracker's admin API refuses: no credentials, no CSRF header, every malformed or
 * conflicting input, a store that is down; each refusal is a 4xx (or 503) with a JSON error and changes
 * nothing, in memory or in the store.
 */
class PrivateAdminRefusalsTest {
    private static final String KEY = "Refusal0123456789abcdefghijklmno";
    private static final byte[] MOVIE = id("refused-movie");
    private static final String MOVIE_HEX = HexFormat.of().formatHex(MOVIE);
    private static final String OTHER_HEX = HexFormat.of().formatHex(id("refused-other"));

    private MemoryAccountsStore store;
    private PrivateSite site;

    @BeforeEach
    void start() throws Exception {
        store = MemoryAccountsStore.keeping();
        site = PrivateSite.start(store);
        site.change("POST", "users", "{\"id\":1,\"passkey\":\"" + KEY + "\"}");
        site.change("POST", "users", "{\"id\":2}");
        site.change("POST", "torrents", "{\"id\":7,\"infoHash\":\"" + MOVIE_HEX + "\"}");
        site.change("POST", "tokens", "{\"userId\":2,\"infoHash\":\"" + MOVIE_HEX + "\"}");
        site.change("POST", "clients", "{\"prefixes\":[\"-qB\"]}");
    }

    @AfterEach
    void stop() {
        site.close();
    }

    /** Everything the API shows, and what the store keeps. */
    private List<Object> state() throws Exception {
        return List.of(site.get("users").toString(), site.get("torrents").toString(), site.get("tokens").toString(),
                site.get("clients").toString(), store.users(), store.torrents(), store.load().tokens(),
                store.load().whitelist());
    }

    private void refused(int status, String method, String path, String body) throws Exception {
        Answer a = method.equals("GET") ? site.admin.get(API + path) : site.admin.send(method, API + path, body);
        String context = method + " " + path + " " + body + " -> " + a.status() + " " + a.body();
        assertEquals(status, a.status(), context);
        assertTrue(a.response().headers().firstValue("Content-Type").orElse("").startsWith("application/json"), context);
        assertFalse(json(a).getString("error").isBlank(), context);
    }

    @Test
    void nothingWithoutCredentialsOrTheAdminRole() throws Exception {
        List<Object> before = state();
        String base = "http://127.0.0.1:" + site.server.port();
        for (AdminClient client : new AdminClient[] {new AdminClient(base, null, null),
                new AdminClient(base, KarutaServer.ADMIN, "wrong"),
                new AdminClient(base, KarutaServer.VIEWER, KarutaServer.VIEWER_PASSWORD)}) {
            int expected = client.get(API + "status").status();
            assertTrue(expected == 401 || expected == 403, "status: " + expected);
            assertFalse(client.get(API + "users").body().contains(KEY), "no passkey leaks");
            assertEquals(expected, client.send("POST", API + "users", "{\"id\":9}").status());
            assertEquals(expected, client.send("DELETE", API + "users/1", "").status());
            assertEquals(expected, client.send("DELETE", API + "torrents/" + MOVIE_HEX, "").status());
        }
        assertEquals(401, new AdminClient(base, null, null).get(API + "status").status());
        assertEquals(before, state());
    }

    @Test
    void changesNeedTheCsrfHeaderAndTheSameOrigin() throws Exception {
        List<Object> before = state();
        HttpRequest.Builder plain = site.admin.request(API + "users").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\":9}"));
        Answer noHeader = site.admin.send(plain.build());
        assertEquals(403, noHeader.status());
        assertTrue(json(noHeader).getString("error").contains("X-Karuta-Admin"));
        Answer foreign = site.admin.send(site.admin.request(API + "users/1").header("X-Karuta-Admin", "1")
                .header("Origin", "http://evil.example").DELETE().build());
        assertEquals(403, foreign.status());
        Answer form = site.admin.send(site.admin.request(API + "users").header("X-Karuta-Admin", "1")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("id=9")).build());
        assertEquals(415, form.status());
        assertEquals(before, state());
    }

    @Test
    void badInputIsA4xxWithAJsonErrorAndChangesNothing() throws Exception {
        List<Object> before = state();
        String big = "{\"passkey\":\"" + "x".repeat(PrivateAdminApiServlet.MAX_BODY) + "\"}";
        Object[][] cases = {
                {400, "POST", "users", "{\"id\":\"9\"}"}, {400, "POST", "users", "{\"id\":1.5}"},
                {400, "POST", "users", "{\"id\":1e10}"}, {400, "POST", "users", "{\"id\":9.0}"},
                {400, "POST", "users", "{\"id\":0}"}, {400, "POST", "users", "{\"id\":-3}"},
                {400, "POST", "users", "{\"id\":99999999999}"}, {400, "POST", "users", "{\"id\":true}"},
                {400, "POST", "users", "{\"canLeech\":\"yes\"}"}, {400, "POST", "users", "{\"visible\":1}"},
                {400, "POST", "users", "{\"passkey\":\"short\"}"}, {400, "POST", "users", "{\"passkey\":5}"},
                {400, "POST", "users", "{\"passkey\":\"" + KEY.substring(1) + "-\"}"},
                {400, "POST", "users", "{\"passkey\":\"" + KEY + "x\"}"},
                {400, "POST", "users", "{\"ID\":9}"}, {400, "POST", "users", "[{\"id\":9}]"},
                {400, "POST", "users", "{\"id\":9"}, {400, "POST", "users", "{\"id\":9} {}"},
                {400, "POST", "users", ""}, {400, "POST", "users", "null"}, {413, "POST", "users", big},
                {409, "POST", "users", "{\"id\":1}"}, {409, "POST", "users", "{\"passkey\":\"" + KEY + "\"}"},
                {400, "PUT", "users/1", "{}"}, {400, "PUT", "users/1", "{\"canLeech\":null}"},
                {400, "PUT", "users/1", "{\"canLeech\":\"false\"}"}, {400, "PATCH", "users/1", "{\"id\":3}"},
                {404, "PUT", "users/99", "{\"canLeech\":true}"}, {400, "PUT", "users/abc", "{\"canLeech\":true}"},
                {400, "PUT", "users/0", "{\"canLeech\":true}"}, {400, "DELETE", "users/99999999999", ""},
                {404, "DELETE", "users/99", ""}, {404, "GET", "users/99", ""},
                {400, "POST", "users/1/passkey", "{\"passkey\":\"bad\"}"},
                {409, "POST", "users/2/passkey", "{\"passkey\":\"" + KEY + "\"}"},
                {404, "POST", "users/99/passkey", ""}, {404, "POST", "users/1/password", ""},
                {400, "POST", "torrents", "{\"id\":8,\"infoHash\":\"xyz\"}"},
                {400, "POST", "torrents", "{\"id\":8,\"infoHash\":\"" + OTHER_HEX.substring(1) + "\"}"},
                {400, "POST", "torrents", "{\"infoHash\":\"" + OTHER_HEX + "\"}"},
                {400, "POST", "torrents", "{\"id\":8,\"infoHash\":\"" + OTHER_HEX + "\",\"free\":\"gold\"}"},
                {400, "POST", "torrents", "{\"id\":8,\"infoHash\":\"" + OTHER_HEX + "\",\"free\":1}"},
                {409, "POST", "torrents", "{\"id\":7,\"infoHash\":\"" + OTHER_HEX + "\"}"},
                {409, "POST", "torrents", "{\"id\":8,\"infoHash\":\"" + MOVIE_HEX + "\"}"},
                {400, "PUT", "torrents/nothex", "{\"free\":\"free\"}"}, {404, "PUT", "torrents/" + OTHER_HEX, "{\"free\":\"free\"}"},
                {400, "PUT", "torrents/" + MOVIE_HEX, "{}"}, {400, "PUT", "torrents/" + MOVIE_HEX, "{\"free\":\"FREE\"}"},
                {405, "PATCH", "torrents/" + MOVIE_HEX, "{\"free\":\"free\"}"},
                {400, "DELETE", "torrents/" + MOVIE_HEX, "{\"reason\":\"two\\nlines\"}"},
                {400, "DELETE", "torrents/" + MOVIE_HEX, "{\"reason\":\"" + "r".repeat(201) + "\"}"},
                {400, "DELETE", "torrents/" + MOVIE_HEX, "{\"reason\":5}"}, {404, "DELETE", "torrents/" + OTHER_HEX, ""},
                {404, "POST", "tokens", "{\"userId\":99,\"infoHash\":\"" + MOVIE_HEX + "\"}"},
                {404, "POST", "tokens", "{\"userId\":1,\"infoHash\":\"" + OTHER_HEX + "\"}"},
                {400, "POST", "tokens", "{\"userId\":\"1\",\"infoHash\":\"" + MOVIE_HEX + "\"}"},
                {409, "POST", "tokens", "{\"userId\":2,\"infoHash\":\"" + MOVIE_HEX + "\"}"},
                {404, "DELETE", "tokens/1/" + MOVIE_HEX, ""}, {400, "DELETE", "tokens/x/" + MOVIE_HEX, ""},
                {400, "DELETE", "tokens/2/zz", ""}, {405, "DELETE", "tokens", ""},
                {400, "POST", "clients", "{\"prefixes\":[]}"}, {400, "POST", "clients", "{\"prefixes\":[\"-TR\",\"has space\"]}"},
                {400, "POST", "clients", "{\"prefixes\":\"-TR\"}"}, {400, "POST", "clients", "{\"prefixes\":[1]}"},
                {400, "POST", "clients", "{\"prefixes\":[\"" + "x".repeat(21) + "\"]}"},
                {400, "POST", "clients", "{\"infoHashes\":[\"-TR\"]}"},
                {400, "GET", "users?limit=0", ""}, {400, "GET", "users?limit=x", ""}, {400, "GET", "users?q=a-b", ""},
                {400, "GET", "torrents?q=zz", ""}, {400, "GET", "tokens?offset=-1", ""},
                {405, "POST", "status", "{}"}, {404, "GET", "nothing", ""}, {404, "GET", "", ""},
                {405, "PUT", "users", "{}"}, {404, "GET", "torrents/" + MOVIE_HEX + "/x", ""},
        };
        for (Object[] c : cases) {
            refused((Integer) c[0], (String) c[1], (String) c[2], (String) c[3]);
        }
        assertEquals(before, state());
        assertNull(site.refusal(KEY, MOVIE, id("-qB4650-still"), 6881, 100), "user 1 still announces");
    }

    @Test
    void aStoreThatIsDownIsA503AndChangesNothing() throws Exception {
        List<Object> before = state();
        store.setDown(true);
        String[][] changes = {{"POST", "users", "{\"id\":9}"}, {"PUT", "users/1", "{\"canLeech\":false}"},
                {"POST", "users/1/passkey", ""}, {"DELETE", "users/1", ""},
                {"POST", "torrents", "{\"id\":8,\"infoHash\":\"" + OTHER_HEX + "\"}"},
                {"PUT", "torrents/" + MOVIE_HEX, "{\"free\":\"free\"}"}, {"DELETE", "torrents/" + MOVIE_HEX, ""},
                {"POST", "tokens", "{\"userId\":1,\"infoHash\":\"" + MOVIE_HEX + "\"}"},
                {"DELETE", "tokens/2/" + MOVIE_HEX, ""}, {"POST", "clients", "{\"prefixes\":[\"-TR\"]}"},
                {"DELETE", "clients/-qB", ""}};
        for (String[] c : changes) {
            refused(503, c[0], c[1], c[2]);
        }
        store.setDown(false);
        assertEquals(before, state());
        assertNull(site.refusal(KEY, MOVIE, id("-qB4650-up"), 6881, 100), "user 1 still announces");
        assertTrue(site.get("status").getBoolean("storeKeepsChanges"));
        site.change("POST", "users", "{\"id\":9}");
        assertTrue(store.users().containsKey(9), "written through to the store once it is back");
    }

    @Test
    void onAPublicTrackerEveryPathSaysPrivateModeIsOff() throws Exception {
        try (KarutaServer open = KarutaServer.start()) {
            AdminClient admin = AdminClient.admin(open);
            for (String path : new String[] {"status", "users", "torrents/" + MOVIE_HEX, "nothing", ""}) {
                Answer a = admin.get(API + path);
                assertEquals(404, a.status(), path);
                assertTrue(json(a).getString("error").contains("private mode is off"), a.body());
            }
            Answer post = admin.send(admin.request(API + "users").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
            assertEquals(404, post.status(), "even without the CSRF header: there is nothing to change");
            assertEquals(200, admin.get("/admin/api/stats").status(), "the admin API itself answers");
            assertEquals(401, new AdminClient("http://127.0.0.1:" + open.port(), null, null).get(API + "status").status());
        }
    }
}
