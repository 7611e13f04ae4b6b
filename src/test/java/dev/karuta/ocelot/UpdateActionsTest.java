package dev.karuta.ocelot;

import static dev.karuta.ocelot.ControlFixture.ALICE;
import static dev.karuta.ocelot.ControlFixture.BOB;
import static dev.karuta.ocelot.ControlFixture.ODD;
import static dev.karuta.ocelot.ControlFixture.PLAIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.accounts.FreeLeech;
import dev.karuta.core.Event;
import dev.karuta.core.InfoHash;
import dev.karuta.core.TrackerException;
import dev.karuta.sql.StoreException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each update action: its change (through Membership, so the store has it), its refusals, no change then. */
class UpdateActionsTest {
    private final ControlFixture f = new ControlFixture();
    private static final String NEW_KEY = "newKEY0000000000000000000000000N";
    private static final byte[] FRESH = "fresh-torrent-hash-0".getBytes(StandardCharsets.US_ASCII);

    private static String hash(byte[] h) {
        return RawUrl.encode(h);
    }

    @Test
    void theTableHasEveryActionOfOcelotAndTraceUser() {
        assertEquals(Set.of("change_passkey", "add_torrent", "update_torrent", "update_torrents", "add_token",
                "remove_token", "delete_torrent", "add_user", "remove_user", "remove_users", "update_user",
                "add_whitelist", "remove_whitelist", "edit_whitelist", "update_announce_interval",
                "update_announce_jitter", "info_torrent", "trace_user"), f.updates.names());
    }

    @Test
    void anUnknownOrMissingActionIsInvalid() {
        assertEquals("Invalid action", f.refused("action=reboot"));
        assertEquals("Invalid action", f.refused("passkey=" + ALICE));
        assertEquals("Invalid action", f.refused(""));
        assertEquals(List.of(), f.store.saves());
    }

    @Test
    void addUserAddsAUserWhoMayLeechAndLeavesAKnownPasskeyAlone() {
        assertEquals("success", f.update("action=add_user&id=7&passkey=" + NEW_KEY + "&visible=0"));
        assertEquals(7, f.roster.user(NEW_KEY).id());
        assertTrue(f.roster.user(NEW_KEY).canLeech());
        assertFalse(f.roster.user(NEW_KEY).visible());
        assertEquals(List.of("saveUser 7 " + NEW_KEY + " true false"), f.store.saves());
        f.update("action=update_user&passkey=" + ALICE + "&can_leech=0&visible=1");
        assertEquals("success", f.update("action=add_user&id=1&passkey=" + ALICE));
        assertFalse(f.roster.user(ALICE).canLeech(), "a known passkey is left as it is, as in Ocelot");
        assertTrue(f.update("action=add_user&id=8&passkey=" + "k".repeat(32)).equals("success"));
        assertTrue(f.roster.user("k".repeat(32)).visible(), "visible is optional");
    }

    @Test
    void addUserWithABadParameterChangesNothing() {
        assertEquals("add_user: missing id", f.refused("action=add_user&passkey=" + NEW_KEY));
        assertEquals("add_user: id must be from 1 to 2147483647", f.refused("action=add_user&id=0&passkey=" + NEW_KEY));
        assertEquals("add_user: passkey must be 32 letters and digits", f.refused("action=add_user&id=7&passkey=short"));
        assertNull(f.roster.user(NEW_KEY));
        assertEquals(List.of(), f.store.saves());
    }

    @Test
    void removeUserAndRemoveUsers() {
        assertEquals("success", f.update("action=remove_user&passkey=" + ALICE));
        assertNull(f.roster.user(ALICE));
        assertEquals("success", f.update("action=remove_user&passkey=" + ALICE), "again: nothing to do, success");
        f.update("action=add_user&id=1&passkey=" + ALICE);
        assertEquals("remove_users: passkeys must be 32-character passkeys put together",
                f.refused("action=remove_users&passkeys=" + ALICE + BOB.substring(1)));
        assertTrue(f.roster.user(ALICE) != null && f.roster.user(BOB) != null, "a bad list removes no one");
        assertEquals("success", f.update("action=remove_users&passkeys=" + ALICE + NEW_KEY + BOB));
        assertEquals(0, f.roster.userCount());
        assertEquals(List.of("deleteUser 1", "saveUser 1 " + ALICE + " true true", "deleteUser 1", "deleteUser 2"),
                f.store.saves());
    }

    @Test
    void changePasskeyMovesTheUserAndRefusesAKeyOfAnotherUser() {
        assertEquals("success", f.update("action=change_passkey&oldpasskey=" + ALICE + "&newpasskey=" + NEW_KEY));
        assertNull(f.roster.user(ALICE));
        assertEquals(1, f.roster.user(NEW_KEY).id());
        assertEquals("success", f.update("action=change_passkey&oldpasskey=" + ALICE + "&newpasskey=" + NEW_KEY),
                "a retry of a change already made succeeds");
        assertEquals("change_passkey: newpasskey belongs to another user",
                f.refused("action=change_passkey&oldpasskey=" + NEW_KEY + "&newpasskey=" + BOB));
        assertEquals(1, f.roster.user(NEW_KEY).id());
        assertEquals(2, f.roster.user(BOB).id());
        assertEquals("change_passkey: missing newpasskey", f.refused("action=change_passkey&oldpasskey=" + BOB));
        assertEquals(List.of("saveUser 1 " + NEW_KEY + " true true"), f.store.saves());
    }

    @Test
    void updateUserTakesMissingSwitchesAsYesAsOcelotDoes() {
        f.update("action=update_user&passkey=" + ALICE + "&can_leech=0&visible=0");
        assertFalse(f.roster.user(ALICE).canLeech());
        assertFalse(f.roster.user(ALICE).visible());
        f.update("action=update_user&passkey=" + ALICE + "&can_leech=0");
        assertFalse(f.roster.user(ALICE).canLeech());
        assertTrue(f.roster.user(ALICE).visible(), "visible missing: not protected");
        assertEquals("success", f.update("action=update_user&passkey=" + NEW_KEY + "&can_leech=0"), "unknown user");
        assertEquals("update_user: missing passkey", f.refused("action=update_user&can_leech=0"));
    }

    @Test
    void traceUserIsRememberedByUserIdAcrossAPasskeyChange() {
        assertEquals("success", f.update("action=trace_user&passkey=" + BOB + "&trace=1"));
        assertTrue(f.traces.traced(2));
        f.update("action=change_passkey&oldpasskey=" + BOB + "&newpasskey=" + NEW_KEY);
        assertTrue(f.traces.traced(f.roster.user(NEW_KEY).id()));
        f.update("action=trace_user&passkey=" + NEW_KEY + "&trace=0");
        assertFalse(f.traces.traced(2));
        assertEquals("trace_user: trace must be 0 or 1", f.refused("action=trace_user&passkey=" + NEW_KEY + "&trace=yes"));
    }

    @Test
    void addTorrentRegistersWithTheFreeleechStateAndKeepsAKnownTorrentsId() {
        assertEquals("success", f.update("action=add_torrent&id=20&freetorrent=1&info_hash=" + hash(FRESH)));
        assertEquals(FreeLeech.FREE, f.roster.torrent(InfoHash.of(FRESH)).free());
        assertEquals("success", f.update("action=add_torrent&id=99&freetorrent=2&info_hash=" + hash(ODD)));
        assertEquals(10, f.roster.torrent(InfoHash.of(ODD)).id(), "a known torrent keeps its id");
        assertEquals(FreeLeech.NEUTRAL, f.roster.torrent(InfoHash.of(ODD)).free());
        assertEquals(5, f.roster.snatches(InfoHash.of(ODD)), "and its snatches");
        assertEquals(List.of("saveTorrent 20 FREE", "saveTorrent 10 NEUTRAL"), f.store.saves());
    }

    @Test
    void addTorrentWithABadParameterChangesNothing() {
        assertEquals("add_torrent: missing freetorrent", f.refused("action=add_torrent&id=20&info_hash=" + hash(FRESH)));
        assertEquals("add_torrent: id must be a whole number",
                f.refused("action=add_torrent&id=x&freetorrent=0&info_hash=" + hash(FRESH)));
        assertEquals("add_torrent: info_hash must be 20 bytes (21 given)",
                f.refused("action=add_torrent&id=20&freetorrent=0&info_hash=" + hash(FRESH) + "%00"));
        assertNull(f.roster.torrent(InfoHash.of(FRESH)));
        assertEquals(List.of(), f.store.saves());
    }

    @Test
    void updateTorrentAndUpdateTorrentsSetTheFreeleechState() {
        assertEquals("success", f.update("action=update_torrent&freetorrent=1&info_hash=" + hash(ODD)));
        assertEquals(FreeLeech.FREE, f.roster.torrent(InfoHash.of(ODD)).free());
        assertEquals("success", f.update("action=update_torrent&freetorrent=1&info_hash=" + hash(FRESH)), "unknown");
        byte[] three = new byte[60];
        System.arraycopy(ODD, 0, three, 0, 20);
        System.arraycopy(FRESH, 0, three, 20, 20);
        System.arraycopy(PLAIN, 0, three, 40, 20);
        assertEquals("success", f.update("action=update_torrents&freetorrent=2&info_hashes=" + hash(three)));
        assertEquals(FreeLeech.NEUTRAL, f.roster.torrent(InfoHash.of(ODD)).free());
        assertEquals(FreeLeech.NEUTRAL, f.roster.torrent(InfoHash.of(PLAIN)).free());
        assertEquals("update_torrents: missing freetorrent", f.refused("action=update_torrents&info_hashes=" + hash(three)));
    }

    @Test
    void tokensAreAddedAndRemovedOnRegisteredTorrents() {
        assertEquals("success", f.update("action=add_token&userid=2&info_hash=" + hash(ODD)));
        assertTrue(f.roster.hasToken(2, 10));
        assertEquals("success", f.update("action=remove_token&userid=2&info_hash=" + hash(ODD)));
        assertFalse(f.roster.hasToken(2, 10));
        assertEquals("success", f.update("action=add_token&userid=2&info_hash=" + hash(FRESH)), "unknown torrent");
        assertEquals("add_token: missing userid", f.refused("action=add_token&info_hash=" + hash(ODD)));
        assertEquals(List.of("saveToken 2 10 true", "saveToken 2 10 false"), f.store.saves());
    }

    @Test
    void deleteTorrentRemembersTheReasonTextOfItsCode() {
        f.announce(ALICE, PLAIN, "-TR4050-a", 10, Event.STARTED);
        assertEquals("success", f.update("action=delete_torrent&id=11&reason=14&info_hash=" + hash(PLAIN)));
        assertNull(f.roster.torrent(InfoHash.of(PLAIN)));
        assertEquals("Specifically Banned", f.roster.deletionReason(InfoHash.of(PLAIN), 1_000_000L, 86_400));
        TrackerException refused = assertThrows(TrackerException.class,
                () -> f.announce(ALICE, PLAIN, "-TR4050-a", 10, Event.NONE));
        assertEquals("Unregistered torrent: Specifically Banned", refused.getMessage());
        f.update("action=delete_torrent&reason=-1&info_hash=" + hash(ODD));
        assertNull(f.roster.deletionReason(InfoHash.of(ODD), 1_000_000L, 86_400), "-1: no reason");
        f.update("action=add_torrent&id=10&freetorrent=0&info_hash=" + hash(ODD));
        f.update("action=delete_torrent&reason=23&info_hash=" + hash(ODD));
        assertNull(f.roster.deletionReason(InfoHash.of(ODD), 1_000_000L, 86_400), "unknown code: no reason");
        assertEquals("delete_torrent: reason must be a whole number",
                f.refused("action=delete_torrent&reason=dupe&info_hash=" + hash(FRESH)));
    }

    @Test
    void theWhitelistIsAddedToEditedAndRemovedFrom() {
        assertEquals("success", f.update("action=add_whitelist&peer_id=-TR2"));
        assertEquals("success", f.update("action=add_whitelist&peer_id=-qB4"));
        assertEquals("success", f.update("action=edit_whitelist&old_peer_id=-TR2&new_peer_id=-TR3"));
        assertEquals(List.of("-TR3", "-qB4"), f.roster.clients().entries());
        assertEquals("success", f.update("action=remove_whitelist&peer_id=-qB4"));
        assertEquals("success", f.update("action=remove_whitelist&peer_id=-XX1"), "not listed: success");
        assertEquals(List.of("-TR3"), f.roster.clients().entries());
        assertEquals("edit_whitelist: new_peer_id must be 1 to 20 printable ASCII characters",
                f.refused("action=edit_whitelist&old_peer_id=-TR3&new_peer_id=%09"));
        assertEquals(List.of("-TR3"), f.roster.clients().entries(), "a bad new prefix leaves the old one");
    }

    @Test
    void theAnnounceIntervalAndJitterChangeLive() {
        assertEquals("success", f.update("action=update_announce_interval&new_announce_interval=2400"));
        assertEquals(2400, f.tracker.intervals().interval());
        assertEquals("success", f.update("action=update_announce_jitter&new_announce_jitter=0"));
        assertEquals(0, f.tracker.intervals().jitter());
        assertEquals("update_announce_interval: new_announce_interval must be from 1 to 604800",
                f.refused("action=update_announce_interval&new_announce_interval=0"));
        assertEquals("update_announce_jitter: new_announce_jitter must be from 0 to 604800",
                f.refused("action=update_announce_jitter&new_announce_jitter=-5"));
        assertEquals(2400, f.tracker.intervals().interval());
    }

    @Test
    void infoTorrentAnswersJson() {
        assertEquals("{\"hash\":\"" + InfoHash.of(ODD).toHex() + "\",\"id\":10,\"free\":0}\n",
                f.update("action=info_torrent&info_hash=" + hash(ODD)));
        assertEquals("{\"hash\":\"" + InfoHash.of(FRESH).toHex() + "\",\"fail\":1}\n",
                f.update("action=info_torrent&info_hash=" + hash(FRESH)));
    }

    @Test
    void aChangeTheStoreRefusesChangesNothingLive() {
        f.store.setDown(true);
        assertThrows(StoreException.class, () -> f.update("action=add_user&id=7&passkey=" + NEW_KEY));
        assertThrows(StoreException.class, () -> f.update("action=update_torrent&freetorrent=1&info_hash=" + hash(ODD)));
        assertNull(f.roster.user(NEW_KEY));
        assertEquals(FreeLeech.NORMAL, f.roster.torrent(InfoHash.of(ODD)).free());
    }
}
