package dev.karuta.admin;

import static dev.karuta.testing.TrackerClient.escape;

import dev.karuta.accounts.AccountsStore;
import dev.karuta.bencode.BencodeReader;
import dev.karuta.testing.AdminClient;
import dev.karuta.testing.AdminClient.Answer;
import dev.karuta.testing.KarutaServer;
import dev.karuta.testing.TrackerClient;
import dev.karuta.app.Components;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.Map;

/**
 * A private tracker on the real webapp for admin tests: private mode over {@code store}, the admin
 * client, and announces by passkey over HTTP. Accounting is flushed only when a test says so.
 */
final class PrivateSite implements AutoCloseable {
    static final String API = "/admin/api/private/";

    final KarutaServer server;
    final AdminClient admin;
    final TrackerClient tracker;

    private PrivateSite(KarutaServer server) {
        this.server = server;
        this.admin = AdminClient.admin(server);
        this.tracker = new TrackerClient("http://127.0.0.1:" + server.port());
    }

    /** Starts a private tracker over {@code store}. */
    static PrivateSite start(AccountsStore store) throws Exception {
        return start(store, Map.of());
    }

    /** Starts a private tracker over {@code store}, with {@code more} init parameters. */
    static PrivateSite start(AccountsStore store, Map<String, String> more) throws Exception {
        Map<String, String> params = new java.util.HashMap<>(Map.of("karuta.mode", "private",
                "karuta.announce.intervalJitter", "0", "karuta.private.flushInterval", "3600",
                "karuta.private.finalFlushTimeout", "0"));
        params.putAll(more);
        return new PrivateSite(KarutaServer.start(params, null, Map.of(Components.ACCOUNTS_STORE_ATTRIBUTE, store)));
    }

    static JsonObject json(Answer a) {
        return Json.createReader(new StringReader(a.body())).readObject();
    }

    /** GET {@code API + path}, which must answer 200; its JSON. */
    JsonObject get(String path) throws Exception {
        Answer a = admin.get(API + path);
        if (a.status() != 200) {
            throw new AssertionError("GET " + path + " -> " + a.status() + " " + a.body());
        }
        return json(a);
    }

    /** A change to {@code API + path}, which must answer 200; its JSON. */
    JsonObject change(String method, String path, String body) throws Exception {
        Answer a = admin.send(method, API + path, body);
        if (a.status() != 200) {
            throw new AssertionError(method + " " + path + " " + body + " -> " + a.status() + " " + a.body());
        }
        return json(a);
    }

    /** An announce at {@code /<passkey>/announce}: its bencoded answer. */
    Map<String, Object> announce(String passkey, byte[] infoHash, byte[] peerId, int port, long left, String extra)
            throws Exception {
        return tracker.get("/" + passkey + "/announce?info_hash=" + escape(infoHash) + "&peer_id=" + escape(peerId)
                + "&port=" + port + "&uploaded=0&downloaded=0&left=" + left + (extra.isEmpty() ? "" : "&" + extra));
    }

    /** The failure reason of an announce, or null when it was served. */
    String refusal(String passkey, byte[] infoHash, byte[] peerId, int port, long left) throws Exception {
        Object reason = announce(passkey, infoHash, peerId, port, left, "").get("failure reason");
        return reason == null ? null : BencodeReader.latin1(reason);
    }

    @Override
    public void close() {
        server.close();
    }
}
