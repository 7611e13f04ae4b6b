package dev.karuta.admin;

import static dev.karuta.testing.TrackerClient.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.accounts.AccountsFlusher;
import dev.karuta.accounts.Passkey;
import dev.karuta.accounts.RosterData;
import dev.karuta.testing.MemoryAccountsStore;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The private tracker's admin API on the real webapp, over an in-memory accounts store: every endpoint
 * does what it says, and its changes take effect at the next announce.
 */
class PrivateAdminApiTest {
    private static final byte[] MOVIE = id("private-movie");
    private static final String MOVIE_HEX = HexFormat.of().formatHex(MOVIE);
    private static final byte[] ALBUM = id("private-album");
    private static final String ALBUM_HEX = HexFormat.of().formatHex(ALBUM);

    private MemoryAccountsStore store;
    private PrivateSite site;
    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        store = new MemoryAccountsStore(RosterData.EMPTY);
        site = PrivateSite.start(store);
    }

    @AfterEach
    void stop() {
        site.close();
    }

    @Test
    void aUserAddedCanAnnounceAtOnceAndARemovedOneIsRefused() throws Exception {
        site.change("POST", "torrents", "{\"id\":7,\"infoHash\":\"" + MOVIE_HEX + "\"}");
        JsonObject added = site.change("POST", "users", "{}");
        assertEquals(1, added.getInt("id"), "the first free id");
        String passkey = added.getString("passkey");
        assertTrue(Passkey.valid(passkey), passkey);
        assertTrue(added.getBoolean("canLeech") && added.getBoolean("visible"));
        assertNull(site.refusal(passkey, MOVIE, id("-qB4650-first"), 6881, 100));

        JsonObject renewed = site.change("POST", "users/1/passkey", "");
        String next = renewed.getString("passkey");
        assertNotEquals(passkey, next);
        assertEquals("Passkey not found", site.refusal(passkey, MOVIE, id("-qB4650-first"), 6881, 100));
        assertNull(site.refusal(next, MOVIE, id("-qB4650-first"), 6881, 100));
        String chosen = "Chosen0123456789abcdefghijklmnop";
        assertEquals(chosen, site.change("POST", "users/1/passkey", "{\"passkey\":\"" + chosen + "\"}")
                .getString("passkey"));

        assertEquals(1, site.change("DELETE", "users/1", "").getInt("id"), "the answer is the removed user");
        assertEquals("Passkey not found", site.refusal(chosen, MOVIE, id("-qB4650-first"), 6881, 100));
        assertEquals(0, site.get("users").getInt("total"));
    }

    @Test
    void canLeechAndVisibleTakeEffectAtTheNextAnnounce() throws Exception {
        site.change("POST", "torrents", "{\"id\":7,\"infoHash\":\"" + MOVIE_HEX + "\"}");
        String key = "Leecher0123456789abcdefghijklmno";
        JsonObject u = site.change("POST", "users", "{\"id\":40,\"passkey\":\"" + key + "\",\"canLeech\":false,"
                + "\"visible\":false}");
        assertEquals(40, u.getInt("id"));
        assertFalse(u.getBoolean("canLeech") || u.getBoolean("visible"));
        assertEquals("Access denied, leeching forbidden", site.refusal(key, MOVIE, id("-qB4650-l"), 6881, 100));
        assertNull(site.refusal(key, MOVIE, id("-qB4650-l"), 6881, 0), "may still seed");

        JsonObject changed = site.change("PUT", "users/40", "{\"canLeech\":true}");
        assertTrue(changed.getBoolean("canLeech"));
        assertFalse(changed.getBoolean("visible"), "a field left out stays");
        assertNull(site.refusal(key, MOVIE, id("-qB4650-l"), 6881, 100));
        assertTrue(site.change("PATCH", "users/40", "{\"visible\":true}").getBoolean("visible"));
        assertEquals(41, site.change("POST", "users", "{\"canLeech\":true}").getInt("id"), "after the highest");
        assertEquals(40, site.get("users/40").getInt("id"));
    }

    @Test
    void usersArePagedByIdAndFoundByIdOrPasskeyPrefix() throws Exception {
        for (int id : new int[] {30, 10, 20}) {
            site.change("POST", "users", "{\"id\":" + id + ",\"passkey\":\"User" + id + "abcdefghijklmnopqrstuvwxyz\"}");
        }
        JsonObject page = site.get("users?limit=2&offset=1");
        assertEquals(3, page.getInt("total"));
        assertEquals(20, page.getJsonArray("users").getJsonObject(0).getInt("id"));
        assertEquals(30, page.getJsonArray("users").getJsonObject(1).getInt("id"));
        assertEquals(20, site.get("users?q=20").getJsonArray("users").getJsonObject(0).getInt("id"));
        assertEquals(1, site.get("users?q=User3").getInt("total"));
        assertEquals(0, site.get("users?q=user3").getInt("total"), "passkeys are case-sensitive");
    }

    @Test
    void torrentsShowLiveCountsAndTheirFreeleechAndDeletionTakeEffect() throws Exception {
        String alice = site.change("POST", "users", "{}").getString("passkey");
        String bob = site.change("POST", "users", "{}").getString("passkey");
        assertEquals("Unregistered torrent", site.refusal(alice, MOVIE, id("-qB4650-a"), 6881, 100));
        JsonObject t = site.change("POST", "torrents", "{\"id\":7,\"infoHash\":\"" + MOVIE_HEX.toUpperCase()
                + "\",\"free\":\"free\"}");
        assertEquals(MOVIE_HEX, t.getString("infoHash"));
        assertEquals("free", t.getString("free"));
        site.change("POST", "torrents", "{\"id\":8,\"infoHash\":\"" + ALBUM_HEX + "\"}");

        site.announce(alice, MOVIE, id("-qB4650-a"), 6881, 0, "event=started");
        site.announce(bob, MOVIE, id("-TR4050-b"), 6882, 100, "event=started");
        JsonObject movie = site.get("torrents/" + MOVIE_HEX);
        assertEquals(1, movie.getInt("seeders"));
        assertEquals(1, movie.getInt("leechers"));
        site.announce(bob, MOVIE, id("-TR4050-b"), 6882, 0, "event=completed");
        movie = site.get("torrents?q=" + MOVIE_HEX.substring(0, 10)).getJsonArray("torrents").getJsonObject(0);
        assertEquals(2, movie.getInt("seeders"));
        assertEquals(0, movie.getInt("leechers"));
        assertEquals(1, movie.getJsonNumber("snatches").longValue());

        assertEquals("neutral", site.change("PUT", "torrents/" + MOVIE_HEX, "{\"free\":\"neutral\"}").getString("free"));
        JsonObject page = site.get("torrents");
        assertEquals(2, page.getInt("total"));
        assertEquals(7, page.getJsonArray("torrents").getJsonObject(0).getInt("id"), "by id");
        assertEquals(ALBUM_HEX, site.get("torrents?q=8").getJsonArray("torrents").getJsonObject(0).getString("infoHash"));

        assertEquals(7, site.change("DELETE", "torrents/" + MOVIE_HEX, "{\"reason\":\"Dupe\"}").getInt("id"));
        assertEquals("Unregistered torrent: Dupe", site.refusal(alice, MOVIE, id("-qB4650-a"), 6881, 0));
        site.change("DELETE", "torrents/" + ALBUM_HEX, "");
        assertEquals("Unregistered torrent", site.refusal(alice, ALBUM, id("-qB4650-a"), 6881, 0));
        assertEquals(0, site.get("torrents").getInt("total"));
    }

    @Test
    void tokensAreGivenListedAndTaken() throws Exception {
        site.change("POST", "users", "{\"id\":5}");
        site.change("POST", "torrents", "{\"id\":7,\"infoHash\":\"" + MOVIE_HEX + "\"}");
        JsonObject token = site.change("POST", "tokens", "{\"userId\":5,\"infoHash\":\"" + MOVIE_HEX + "\"}");
        assertEquals(7, token.getInt("torrentId"));
        assertTrue(site.server.components().accounts().mode().roster().hasToken(5, 7));
        JsonObject page = site.get("tokens");
        assertEquals(1, page.getInt("total"));
        assertEquals(MOVIE_HEX, page.getJsonArray("tokens").getJsonObject(0).getString("infoHash"));
        assertEquals(1, site.get("tokens?q=5").getInt("total"));
        assertEquals(0, site.get("tokens?q=6").getInt("total"));
        site.change("DELETE", "tokens/5/" + MOVIE_HEX, "");
        assertFalse(site.server.components().accounts().mode().roster().hasToken(5, 7));
        assertEquals(0, site.get("tokens").getInt("total"));
    }

    @Test
    void theWhitelistRefusesOtherClientsAndEmptyAllowsAll() throws Exception {
        String key = site.change("POST", "users", "{}").getString("passkey");
        site.change("POST", "torrents", "{\"id\":7,\"infoHash\":\"" + MOVIE_HEX + "\"}");
        JsonObject added = site.change("POST", "clients", "{\"prefixes\":[\"-TR40\",\"-qB46\",\"-TR40\"]}");
        assertEquals(2, added.getInt("changed"));
        assertEquals("[\"-TR40\",\"-qB46\"]", site.get("clients").getJsonArray("prefixes").toString());
        assertEquals("Your client is not on the whitelist", site.refusal(key, MOVIE, id("-DE2110-x"), 6881, 100));
        assertNull(site.refusal(key, MOVIE, id("-qB4650-x"), 6882, 100));
        assertEquals(1, site.change("DELETE", "clients/-qB46", "").getInt("changed"));
        assertEquals(1, site.change("DELETE", "clients", "{\"prefixes\":[\"-TR40\",\"-XX\"]}").getInt("changed"));
        assertEquals(0, site.get("clients").getInt("count"));
        assertNull(site.refusal(key, MOVIE, id("-DE2110-x"), 6883, 100), "an empty whitelist allows every client");
    }

    @Test
    void theStatusCountsEverythingAndSaysTheStoreKeepsNothing() throws Exception {
        String key = site.change("POST", "users", "{}").getString("passkey");
        site.change("POST", "users", "{}");
        site.change("POST", "torrents", "{\"id\":7,\"infoHash\":\"" + MOVIE_HEX + "\"}");
        site.change("POST", "tokens", "{\"userId\":2,\"infoHash\":\"" + MOVIE_HEX + "\"}");
        site.announce(key, MOVIE, id("-qB4650-s"), 6881, 100, "event=started");
        JsonObject status = site.get("status");
        assertEquals(2, status.getInt("users"));
        assertEquals(1, status.getInt("torrents"));
        assertEquals(1, status.getInt("tokens"));
        assertEquals(1, status.getInt("knownPeers"));
        assertTrue(status.getInt("pendingEntries") > 0);
        assertEquals(0, status.getInt("batchesWritten"));
        assertEquals("embedded", status.getString("store"));
        assertFalse(status.getBoolean("storeKeepsChanges"), "the in-memory test store keeps no operator change");
        assertTrue(site.server.components().accounts().flusher().flush());
        status = site.get("status");
        assertEquals(1, status.getInt("batchesWritten"));
        assertEquals(0, status.getInt("pendingEntries"));
        assertEquals(0, status.getInt("failedWrites"));
        assertEquals(0, status.getInt("rowsRefused"));
        assertEquals(0, status.getInt("deltasRefused"));
        assertEquals(1, store.batches());
        assertEquals(0, status.getJsonArray("damagedFiles").size());
    }

    @Test
    void aDamagedSpillFileDoesNotStopTheStartAndTheStatusNamesWhereItWasSetAside() throws Exception {
        Path spill = dir.resolve(AccountsFlusher.FILE_NAME);
        Files.writeString(spill, "KAP3 and then garbage, as a disk can return it");
        try (PrivateSite damaged = PrivateSite.start(store, Map.of("karuta.data.dir", dir.toString()))) {
            JsonArray files = damaged.get("status").getJsonArray("damagedFiles");
            assertEquals(1, files.size(), files.toString());
            String line = files.getString(0);
            assertTrue(line.contains("accounts-pending.bin is damaged")
                    && line.contains("accounts-pending.bin.corrupt-"), line);
            assertFalse(Files.exists(spill), "moved aside");
            try (Stream<Path> in = Files.list(dir)) {
                assertTrue(in.anyMatch(p -> p.getFileName().toString().startsWith("accounts-pending.bin.corrupt-")));
            }
        }
    }
}
