package dev.karuta.admin;

import static dev.karuta.testing.TrackerClient.escape;
import static dev.karuta.testing.TrackerClient.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.app.Components;
import dev.karuta.bencode.BencodeReader;
import dev.karuta.testing.AdminClient.Answer;
import dev.karuta.testing.AdminClient;
import dev.karuta.testing.KarutaServer;
import dev.karuta.testing.MemoryAccountsStore;
import dev.karuta.testing.TestRedis;
import dev.karuta.testing.TrackerClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two private-tracker nodes on one accounts store and one Redis: a user, a torrent, a passkey change
 * and a deletion made through node A's admin API take effect on node B within seconds (it reads the
 * roster again, or drops the deleted torrent with its reason). Skips when Redis is unreachable, unless
 * {@code -Dkaruta.it.required=true}.
 */
class PrivateTwoNodesTest {
    private static final byte[] MOVIE = id("two-nodes-movie");
    private static final String MOVIE_HEX = HexFormat.of().formatHex(MOVIE);
    private static final String NOT_YET = "(not yet)";

    private String redis;
    private String prefix;
    private KarutaServer nodeA;
    private KarutaServer nodeB;

    @BeforeEach
    void start() throws Exception {
        redis = TestRedis.uri();
        prefix = TestRedis.uniquePrefix();
        // One store stands for the database both nodes share.
        MemoryAccountsStore store = MemoryAccountsStore.keeping();
        Map<String, String> params = Map.of("karuta.mode", "private", "karuta.registry", "redis",
                "karuta.redis.uri", redis, "karuta.redis.prefix", prefix,
                "karuta.private.flushInterval", "3600", "karuta.private.finalFlushTimeout", "0");
        nodeA = KarutaServer.start(params, null, Map.of(Components.ACCOUNTS_STORE_ATTRIBUTE, store));
        nodeB = KarutaServer.start(params, null, Map.of(Components.ACCOUNTS_STORE_ATTRIBUTE, store));
    }

    @AfterEach
    void stop() {
        try {
            if (nodeA != null) {
                nodeA.close();
            }
            if (nodeB != null) {
                nodeB.close();
            }
        } finally {
            if (prefix != null) {
                TestRedis.deleteKeys(redis, prefix);
            }
        }
    }

    @Test
    void changesOnNodeAReachNodeB() throws Exception {
        AdminClient admin = AdminClient.admin(nodeA);
        change(admin, "POST", "torrents", "{\"id\":7,\"infoHash\":\"" + MOVIE_HEX + "\"}");
        String passkey = change(admin, "POST", "users", "{}").getString("passkey");
        awaitRefusal(passkey, null);

        String next = change(admin, "POST", "users/1/passkey", "").getString("passkey");
        awaitRefusal(passkey, "Passkey not found");
        awaitRefusal(next, null);

        change(admin, "DELETE", "torrents/" + MOVIE_HEX, "{\"reason\":\"Dupe\"}");
        awaitRefusal(next, "Unregistered torrent: Dupe");
    }

    private static JsonObject change(AdminClient admin, String method, String path, String body) throws Exception {
        Answer a = admin.send(method, PrivateSite.API + path, body);
        assertEquals(200, a.status(), method + " " + path + ": " + a.body());
        return Json.createReader(new StringReader(a.body())).readObject();
    }

    /** Polls node B until an announce with {@code passkey} is refused with {@code reason} (null: served). */
    private void awaitRefusal(String passkey, String reason) throws Exception {
        TrackerClient b = new TrackerClient("http://127.0.0.1:" + nodeB.port());
        long deadline = System.nanoTime() + 10_000_000_000L;
        String got = NOT_YET;
        while (!Objects.equals(got, reason)) {
            assertTrue(System.nanoTime() < deadline, "node B answers " + reason + " within 10 s; last: " + got);
            Object failure = b.get("/" + passkey + "/announce?info_hash=" + escape(MOVIE) + "&peer_id="
                    + escape(id("-qB4650-nodeb")) + "&port=6881&uploaded=0&downloaded=0&left=100")
                    .get("failure reason");
            got = failure == null ? null : BencodeReader.latin1(failure);
            if (!Objects.equals(got, reason)) {
                Thread.sleep(50);
            }
        }
    }
}
