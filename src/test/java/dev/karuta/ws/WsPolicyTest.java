package dev.karuta.ws;

import static dev.karuta.testing.WsClient.id;
import static dev.karuta.ws.WsFixture.announce;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.accounts.FreeLeech;
import dev.karuta.accounts.RosterData;
import dev.karuta.accounts.Torrent;
import dev.karuta.accounts.User;
import dev.karuta.app.Components;
import dev.karuta.core.InfoHash;
import dev.karuta.policy.ListMode;
import dev.karuta.store.AccessListStore.Kind;
import dev.karuta.testing.KarutaServer;
import dev.karuta.testing.MemoryAccountsStore;
import dev.karuta.testing.WsClient;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rules of the HTTP and UDP trackers hold over WebSocket, on the real webapp: bans (on the address
 * of the upgrade request), the torrent list, and private mode's passkey in the {@code ws://} URL path.
 */
class WsPolicyTest {
    private static final String HASH = id(0x31);

    private static byte[] bytes(String binary) {
        byte[] b = new byte[binary.length()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) binary.charAt(i);
        }
        return b;
    }

    @Test
    void aBannedAddressAndADeniedTorrentAreRefused() throws Exception {
        try (KarutaServer server = KarutaServer.start(Map.of(), null);
             WsClient c = WsClient.connect(server.port(), "/announce")) {
            var lists = server.components().admin().lists();
            lists.editable(Kind.BANS).add(List.of("127.0.0.1"));
            c.send(announce(HASH, id(1), 5, "started", 0));
            JsonObject banned = c.next();
            assertTrue(banned.containsKey("failure reason"), banned.toString());
            assertEquals(HASH, banned.getString("info_hash"));
            assertEquals(0, server.components().ws().swarms().totals().peers(), "a refusal adds no peer");

            lists.editable(Kind.BANS).remove(List.of("127.0.0.1"));
            lists.editable(Kind.TORRENTS).setMode(ListMode.DENY);
            lists.editable(Kind.TORRENTS).add(List.of(InfoHash.of(bytes(HASH)).toHex()));
            c.send(announce(HASH, id(1), 5, "started", 0));
            assertTrue(c.next().containsKey("failure reason"));
            c.send(announce(id(0x32), id(1), 5, "started", 0));
            assertEquals(1, c.next().getInt("incomplete"), "another torrent is served");
        }
    }

    @Test
    void privateModeTakesThePasskeyFromThePath() throws Exception {
        String alice = "alice" + "x".repeat(27);
        String bob = "bob" + "y".repeat(29);
        MemoryAccountsStore store = new MemoryAccountsStore(new RosterData(List.of(new User(1, alice, true, true),
                new User(2, bob, true, true)),
                List.of(new RosterData.Registered(new Torrent(10, InfoHash.of(bytes(HASH)), FreeLeech.NORMAL), 0)),
                List.of(), List.of()));
        try (KarutaServer server = KarutaServer.start(Map.of("karuta.mode", "private",
                "karuta.private.flushInterval", "3600", "karuta.private.finalFlushTimeout", "0"), null,
                Map.of(Components.ACCOUNTS_STORE_ATTRIBUTE, store))) {
            try (WsClient anonymous = WsClient.connect(server.port(), "/announce");
                 WsClient stranger = WsClient.connect(server.port(), "/" + "z".repeat(32) + "/announce");
                 WsClient member = WsClient.connect(server.port(), "/" + alice + "/announce")) {
                anonymous.send(announce(HASH, id(1), 5, "started", 0));
                assertEquals("Passkey not found", anonymous.next().getString("failure reason"));
                stranger.send(announce(HASH, id(1), 5, "started", 0));
                assertEquals("Passkey not found", stranger.next().getString("failure reason"));
                member.send(announce(HASH, id(1), 5, "started", 0));
                assertEquals(1, member.next().getInt("incomplete"));
                member.send(announce(id(0x33), id(1), 5, "started", 0));
                assertTrue(member.next().containsKey("failure reason"), "an unregistered torrent is refused");
                // Alice's second client offers: not to her own first one, to Bob's.
                try (WsClient second = WsClient.connect(server.port(), "/" + alice + "/announce");
                     WsClient other = WsClient.connect(server.port(), "/" + bob + "/announce")) {
                    other.send(announce(HASH, id(3), 5, "started", 0));
                    assertEquals(2, other.next().getInt("incomplete"));
                    second.send(announce(HASH, id(2), 5, "started", 2));
                    assertEquals(3, second.next().getInt("incomplete"));
                    assertEquals(id(2), other.next().getString("peer_id"), "Bob gets Alice's offer");
                    assertNull(member.poll(java.time.Duration.ofMillis(300)), "Alice's own peer does not");
                }
            }
        }
    }
}
