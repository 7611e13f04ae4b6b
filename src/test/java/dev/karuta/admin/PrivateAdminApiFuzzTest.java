package dev.karuta.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.accounts.Roster;
import dev.karuta.accounts.RosterData;
import dev.karuta.accounts.Torrent;
import dev.karuta.accounts.User;
import dev.karuta.testing.AdminClient.Answer;
import dev.karuta.testing.MemoryAccountsStore;
import dev.karuta.testing.TrackerClient;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated requests to the private tracker's admin API, some while the store is down: each
 * gets a 4xx with a JSON {@code error}, a 503 only while the store is down, or a 200 when it happens to
 * be valid; never another 5xx; and a refused one changes nothing, in memory or in the store.
 */
class PrivateAdminApiFuzzTest {
    private static final String KEY = "Fuzzing0123456789abcdefghijklmno";
    private static final String HEX = HexFormat.of().formatHex(TrackerClient.id("fuzzed-movie"));
    private static final String OTHER = HexFormat.of().formatHex(TrackerClient.id("fuzzed-other"));
    private static final String[] METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};
    private static final String[] PATHS = {"users", "users/1", "users/2", "users/3", "users/1/passkey", "users/2/passkey",
            "users/x", "users/0", "users/99999999999", "users/-1", "torrents", "torrents/" + HEX, "torrents/" + OTHER,
            "torrents/zz", "torrents/" + HEX + "/x", "tokens", "tokens/1/" + HEX, "tokens/2/" + HEX, "tokens/x/" + HEX,
            "clients", "clients/-qB", "clients/-TR", "status", "", "nothing", "users?q=%ff", "users?limit=99999",
            "torrents?offset=-1", "tokens?q=" + HEX.substring(0, 6), "users?q=Fuzz", "users/1/passkey/x"};
    private static final String[] SEEDS = {"{\"id\":3}", "{\"id\":1,\"passkey\":\"" + KEY + "\"}", "{\"canLeech\":false}",
            "{\"visible\":true,\"canLeech\":true}", "{\"passkey\":\"" + KEY.replace('F', 'G') + "\"}",
            "{\"id\":8,\"infoHash\":\"" + OTHER + "\",\"free\":\"free\"}", "{\"id\":7,\"infoHash\":\"" + HEX + "\"}",
            "{\"free\":\"neutral\"}", "{\"reason\":\"Dupe\"}", "{\"userId\":1,\"infoHash\":\"" + HEX + "\"}",
            "{\"prefixes\":[\"-TR\"]}", "{\"prefixes\":[\"-qB\",\"-DE\"]}", "null", "{}", "[]", "\"x\"", ""};

    @Test
    void garbageNeverFailsTheServerAndRefusalsChangeNothing() throws Exception {
        Random random = new Random(20261202);
        MemoryAccountsStore store = MemoryAccountsStore.keeping();
        try (PrivateSite site = PrivateSite.start(store)) {
            site.change("POST", "users", "{\"id\":1,\"passkey\":\"" + KEY + "\"}");
            site.change("POST", "users", "{\"id\":2}");
            site.change("POST", "torrents", "{\"id\":7,\"infoHash\":\"" + HEX + "\"}");
            site.change("POST", "tokens", "{\"userId\":2,\"infoHash\":\"" + HEX + "\"}");
            site.change("POST", "clients", "{\"prefixes\":[\"-qB\"]}");
            Roster roster = site.server.components().accounts().mode().roster();
            int refused = 0;
            int accepted = 0;
            for (int i = 0; i < 1500; i++) {
                String method = METHODS[random.nextInt(METHODS.length)];
                String path = PrivateSite.API + PATHS[random.nextInt(PATHS.length)];
                String body = AdminApiFuzzTest.mutate(SEEDS[random.nextInt(SEEDS.length)], random);
                boolean down = random.nextInt(8) == 0;
                HttpRequest.Builder b = site.admin.request(path).header("X-Karuta-Admin", "1");
                if (random.nextInt(10) > 0) {
                    b.header("Content-Type", random.nextBoolean() ? "application/json" : "application/json; charset=utf-8");
                }
                List<Object> before = state(roster, store);
                store.setDown(down);
                Answer a = site.admin.send(b.method(method, HttpRequest.BodyPublishers.ofString(body)).build());
                store.setDown(false);
                String context = i + " " + method + " " + path + " " + body + (down ? " (store down)" : "") + " -> "
                        + a.status() + " " + a.body();
                assertTrue(a.status() < 500 || a.status() == 503 && down, "never a server error: " + context);
                if (a.status() >= 400) {
                    refused++;
                    assertEquals(before, state(roster, store), "a refusal changes nothing: " + context);
                    if (!method.equals("OPTIONS")) {
                        JsonObject error = PrivateSite.json(a);
                        assertFalse(error.getString("error").isBlank(), context);
                    }
                } else if (!method.equals("GET") && !method.equals("OPTIONS")) {
                    accepted++;
                }
            }
            assertTrue(refused > 1000, "the mutations mostly produce bad requests: " + refused);
            assertTrue(accepted > 10, "some changes happen to be valid: " + accepted);
            assertEquals(roster.userCount(), site.get("status").getInt("users"), "still answering");
        }
    }

    /** The roster and what the store keeps, comparable. */
    private static List<Object> state(Roster roster, MemoryAccountsStore store) {
        return List.of(roster.users().stream().sorted(Comparator.comparingInt(User::id)).toList(),
                roster.torrents().stream().sorted(Comparator.comparingInt(Torrent::id)).toList(),
                roster.tokens().stream().sorted(Comparator.comparingInt(RosterData.Token::userId)
                        .thenComparingInt(RosterData.Token::torrentId)).toList(),
                roster.clients().entries(), store.users(), store.torrents(), store.load().tokens(), store.load().whitelist());
    }
}
