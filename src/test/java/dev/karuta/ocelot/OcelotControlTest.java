package dev.karuta.ocelot;

import static dev.karuta.ocelot.ControlFixture.ODD;
import static dev.karuta.testing.TrackerClient.escape;
import static dev.karuta.testing.TrackerClient.id;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.accounts.RosterData;
import dev.karuta.app.Components;
import dev.karuta.bencode.BencodeReader;
import dev.karuta.testing.FakeTime;
import dev.karuta.testing.KarutaServer;
import dev.karuta.testing.MemoryAccountsStore;
import dev.karuta.testing.TrackerClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Gazelle site drives Karuta over the control API exactly as it drives Ocelot (raw HTTP/1.1 over a
 * socket with {@code Host} and {@code Connection: Close}, as OPSnet's Tracker.php sends it; success read
 * from the last line), on the real webapp in private mode, and the tracker's announces follow every
 * change.
 */
class OcelotControlTest {
    static final String SITE = "siteSECRET0123456789abcdefghijkl";
    static final String REPORT = "reportSECRET0123456789abcdefghij";
    static final String ALICE = "aliceKEY000000000000000000000000";
    static final String BOB = "bobKEY0000000000000000000000000b";
    static final String ALICE2 = "aliceKEY22222222222222222222222b";

    private MemoryAccountsStore store;
    private KarutaServer server;
    private GazelleSite site;
    private TrackerClient http;

    static KarutaServer start(MemoryAccountsStore store, String schema) throws Exception {
        Map<String, String> params = new HashMap<>(Map.of("karuta.mode", "private",
                "karuta.announce.intervalJitter", "0", "karuta.private.flushInterval", "3600",
                "karuta.private.finalFlushTimeout", "0", "karuta.ocelot.site.secret", SITE,
                "karuta.ocelot.report.secret", REPORT, "karuta.gazelle.schema", schema));
        return KarutaServer.start(params, new FakeTime(), Map.of(Components.ACCOUNTS_STORE_ATTRIBUTE, store));
    }

    @BeforeEach
    void start() throws Exception {
        store = new MemoryAccountsStore(new RosterData(List.of(), List.of(), List.of(), List.of()));
        server = start(store, "whatcd");
        site = new GazelleSite(server.port(), "tracker.example");
        http = new TrackerClient("http://127.0.0.1:" + server.port());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Tracker::update_tracker: {@code TRACKER_SECRET/update?action=...}; asserts it succeeded. */
    private void update(String action, String params) throws Exception {
        GazelleSite.Answer a = site.get(SITE + "/update?action=" + action + (params.isEmpty() ? "" : "&" + params));
        assertEquals(200, a.status(), a.raw());
        assertTrue(a.succeeded(), () -> action + " did not succeed: " + a.raw());
    }

    private Map<String, Object> announce(String passkey, String peer, long up, long down, long left, String event)
            throws Exception {
        return http.get("/" + passkey + "/announce?info_hash=" + escape(ODD) + "&peer_id=" + escape(id(peer))
                + "&port=6881&compact=1&uploaded=" + up + "&downloaded=" + down + "&left=" + left
                + (event.isEmpty() ? "" : "&event=" + event));
    }

    private static String failure(Map<String, Object> answer) {
        return answer.containsKey("failure reason") ? BencodeReader.latin1(answer.get("failure reason")) : null;
    }

    private void addAliceAndTheTorrent() throws Exception {
        update("add_user", "id=1&passkey=" + ALICE);
        update("add_torrent", "info_hash=" + RawUrl.encode(ODD) + "&id=10&freetorrent=0");
    }

    private boolean flush() {
        return server.components().accounts().flusher().flush();
    }

    @Test
    void aUserAndATorrentAddedThroughTheApiAnnounce() throws Exception {
        assertEquals("Passkey not found", failure(announce(ALICE, "-TR4050-alice", 0, 0, 0, "started")));
        addAliceAndTheTorrent();
        Map<String, Object> ok = announce(ALICE, "-TR4050-alice", 0, 0, 0, "started");
        assertNull(failure(ok), () -> "announce refused: " + ok);
        assertEquals(1L, ok.get("complete"));
        GazelleSite.Answer user = site.get(REPORT + "/report?get=user&key=" + ALICE);
        assertTrue(user.succeeded(), user.raw());
        assertEquals("0 leeching\n1 seeding", user.data());
    }

    @Test
    void freeleechMakesDownloadsNotCount() throws Exception {
        addAliceAndTheTorrent();
        update("update_torrent", "info_hash=" + RawUrl.encode(ODD) + "&freetorrent=1");
        announce(ALICE, "-TR4050-alice", 0, 0, 1000, "started");
        announce(ALICE, "-TR4050-alice", 300, 700, 300, "");
        assertTrue(flush());
        assertArrayEquals(new long[] {300, 0}, store.user(1), "upload counts, download does not");
        update("update_torrent", "info_hash=" + RawUrl.encode(ODD) + "&freetorrent=0");
        announce(ALICE, "-TR4050-alice", 400, 900, 100, "");
        assertTrue(flush());
        assertArrayEquals(new long[] {400, 200}, store.user(1), "normal again");
    }

    @Test
    void aTokenSparesDownloadsUntilItIsRemoved() throws Exception {
        addAliceAndTheTorrent();
        update("add_token", "info_hash=" + RawUrl.encode(ODD) + "&userid=1");
        announce(ALICE, "-TR4050-alice", 0, 0, 1000, "started");
        announce(ALICE, "-TR4050-alice", 0, 500, 500, "");
        update("remove_token", "info_hash=" + RawUrl.encode(ODD) + "&userid=1");
        announce(ALICE, "-TR4050-alice", 0, 800, 200, "");
        assertTrue(flush());
        assertArrayEquals(new long[] {0, 300}, store.user(1));
        assertEquals(500, store.tokenDownload(1, 10));
    }

    @Test
    void aDeletedTorrentTellsItsReason() throws Exception {
        addAliceAndTheTorrent();
        announce(ALICE, "-TR4050-alice", 0, 0, 10, "started");
        update("delete_torrent", "info_hash=" + RawUrl.encode(ODD) + "&id=10&reason=0");
        assertEquals("Unregistered torrent: Dupe", failure(announce(ALICE, "-TR4050-alice", 0, 0, 10, "")));
    }

    @Test
    void aChangedPasskeyRefusesTheOldKeyAndServesTheNew() throws Exception {
        addAliceAndTheTorrent();
        update("change_passkey", "oldpasskey=" + ALICE + "&newpasskey=" + ALICE2);
        assertEquals("Passkey not found", failure(announce(ALICE, "-TR4050-alice", 0, 0, 10, "started")));
        assertNull(failure(announce(ALICE2, "-TR4050-alice", 0, 0, 10, "started")));
    }

    @Test
    void removedUsersAreRefused() throws Exception {
        addAliceAndTheTorrent();
        update("add_user", "id=2&passkey=" + BOB + "&visible=1");
        assertNull(failure(announce(BOB, "-TR4050-bob", 0, 0, 10, "started")));
        update("remove_users", "passkeys=" + ALICE + BOB);
        assertEquals("Passkey not found", failure(announce(ALICE, "-TR4050-alice", 0, 0, 10, "started")));
        assertEquals("Passkey not found", failure(announce(BOB, "-TR4050-bob", 0, 0, 10, "")));
    }

    @Test
    void theWhitelistDecidesWhichClientsMayAnnounce() throws Exception {
        addAliceAndTheTorrent();
        update("add_whitelist", "peer_id=-TR40");
        assertNull(failure(announce(ALICE, "-TR4050-alice", 0, 0, 10, "started")));
        assertEquals("Your client is not on the whitelist", failure(announce(ALICE, "-qB4630-alice", 0, 0, 10, "")));
        update("edit_whitelist", "old_peer_id=-TR40&new_peer_id=-qB46");
        assertNull(failure(announce(ALICE, "-qB4630-alice", 0, 0, 10, "started")));
        assertEquals("Your client is not on the whitelist", failure(announce(ALICE, "-TR4050-alice", 0, 0, 10, "")));
        update("remove_whitelist", "peer_id=-qB46");
        assertNull(failure(announce(ALICE, "-TR4050-alice", 0, 0, 10, "")), "an empty whitelist allows every client");
    }

    @Test
    void theAnnounceIntervalChangesTheNextAnswerAndTheStats() throws Exception {
        addAliceAndTheTorrent();
        assertEquals(1800L, announce(ALICE, "-TR4050-alice", 0, 0, 10, "started").get("interval"));
        update("update_announce_interval", "new_announce_interval=2400");
        assertEquals(2400L, announce(ALICE, "-TR4050-alice", 0, 0, 10, "").get("interval"));
        GazelleSite.Answer stats = site.get(REPORT + "/report?get=stats");
        assertTrue(stats.succeeded(), stats.raw());
        assertTrue(stats.data().startsWith("Uptime: 0 days, "), stats.data());
        List<String> lines = List.of(stats.data().split("\n"));
        assertTrue(lines.contains("2400 announce interval"), stats.data());
        assertTrue(lines.contains("2 successful announcements"), stats.data());
        assertTrue(lines.contains("1 leechers tracked"), stats.data());
        assertTrue(lines.contains("0 seeders tracked"), stats.data());
    }

    /**
     * WhatCD's tracker.class.php sends HTTP/1.1 without a Host header. Jetty (as Tomcat) refuses such a
     * request with 400 before the webapp sees it, and offers no setting to allow it: a WhatCD-era site
     * must add {@code Host:} to its request (OPSnet's Tracker.php does). This pins that limit.
     */
    @Test
    void whatcdsRequestWithoutHostIsRefusedByTheContainerItself() throws Exception {
        GazelleSite.Answer a = new GazelleSite(server.port(), null).get(SITE + "/update?action=add_user&id=1&passkey="
                + ALICE);
        assertEquals(400, a.status());
        assertTrue(a.raw().contains("No Host"), a.raw());
        assertEquals(0, server.components().accounts().mode().roster().userCount());
    }

    @Test
    void aWrongSecretIsAnAuthenticationFailureThatChangesNothing() throws Exception {
        for (String path : new String[] {REPORT + "/update?action=add_user&id=1&passkey=" + ALICE,
                SITE.toUpperCase() + "/update?action=add_user&id=1&passkey=" + ALICE,
                SITE.substring(1) + "/update?action=add_user&id=1&passkey=" + ALICE,
                SITE + "/report?get=stats"}) {
            GazelleSite.Answer a = site.get(path);
            assertEquals(200, a.status(), a.raw());
            assertFalse(a.succeeded());
            assertEquals("d14:failure reason22:Authentication failuree", a.body(), path);
        }
        assertEquals(0, server.components().accounts().mode().roster().userCount());
        String stats = site.get(REPORT + "/report?get=stats").data();
        assertTrue(stats.contains("\n3 bad tracker secret received\n"), stats);
        assertTrue(stats.contains("\n1 bad report secret received\n"), stats);
    }

    @Test
    void aKnownActionWithABadParameterIsAClearFailure() throws Exception {
        GazelleSite.Answer a = site.get(SITE + "/update?action=add_torrent&id=10&freetorrent=0&info_hash=short");
        assertEquals(200, a.status());
        assertEquals("d14:failure reason49:add_torrent: info_hash must be 20 bytes (5 given)e", a.body());
        assertEquals(0, server.components().accounts().mode().roster().torrentCount());
        assertEquals("d14:failure reason14:Invalid actione", site.get(SITE + "/update?action=restart").body());
    }

    @Test
    void anOpsnetSiteReadsJsonReports() throws Exception {
        try (KarutaServer opsnet = start(new MemoryAccountsStore(new RosterData(List.of(), List.of(), List.of(),
                List.of())), "opsnet")) {
            GazelleSite ops = new GazelleSite(opsnet.port(), "tracker.example");
            for (String u : new String[] {"update_announce_interval&new_announce_interval=1234",
                    "update_announce_jitter&new_announce_jitter=56", "add_user&passkey=" + ALICE + "&id=1&visible=1",
                    "update_user&passkey=" + ALICE + "&can_leech=0&visible=0", "trace_user&passkey=" + ALICE + "&trace=1",
                    "add_torrent&info_hash=" + RawUrl.encode(ODD) + "&id=10&freetorrent=0",
                    "add_token&info_hash=" + RawUrl.encode(ODD) + "&userid=1"}) {
                assertTrue(ops.get(SITE + "/update?action=" + u).succeeded(), u);
            }
            String stats = ops.get(REPORT + "/report?get=stats").data();
            assertTrue(stats.contains("\"announce interval\":{\"type\":\"number\",\"value\":1234}"), stats);
            assertTrue(stats.contains("\"announce jitter\":{\"type\":\"number\",\"value\":56}"), stats);
            assertTrue(stats.contains("\"requests handled\":{\"type\":\"number\",\"value\":8}"),
                    "seven updates and this report: " + stats);
            assertEquals("{\"id\":1,\"leeching\":0,\"seeding\":0,\"deleted\":0,\"protected\":1,\"can_leech\":0,"
                    + "\"traced\":1}", ops.get(REPORT + "/report?get=user&key=" + ALICE).data());
            assertEquals("{\"id\":10,\"completed\":0,\"balance\":0,\"free\":0,\"last_flushed\":0,"
                    + "\"last_selected_seeder\":0,\"leecher_list\":[],\"seeder_list\":[],\"fltoken_list\":[1]}",
                    ops.get(REPORT + "/report?get=torrent&info_hash=" + RawUrl.encode(ODD)).data());
            assertEquals("d14:failure reason25:unrecognized report querye",
                    ops.get(REPORT + "/report?get=jemalloc").body());
        }
    }
}
