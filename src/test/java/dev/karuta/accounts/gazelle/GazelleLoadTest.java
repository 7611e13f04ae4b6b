package dev.karuta.accounts.gazelle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.karuta.accounts.FreeLeech;
import dev.karuta.accounts.RosterData;
import dev.karuta.accounts.Torrent;
import dev.karuta.accounts.User;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** load() reads the roster as Ocelot does and skips the rows it cannot use, without failing. */
class GazelleLoadTest extends GazelleTestBase {

    @ParameterizedTest(name = "{0}")
    @EnumSource(GazelleSchema.class)
    void enabledUsersAreLoadedAndProtectedOnesAreNotVisible(GazelleSchema schema) throws Exception {
        GazelleSite site = site(schema);
        site.addUser(1, passkey(1));
        site.addUser(2, passkey(2));
        site.update("UPDATE users_main SET Visible = '0' WHERE ID = 2");
        site.addUser(3, passkey(3));
        site.update("UPDATE users_main SET IP = '127.0.0.1' WHERE ID = 3");
        site.addUser(4, passkey(4));
        site.update("UPDATE users_main SET can_leech = 0, IP = '10.0.0.4' WHERE ID = 4");
        site.addUser(5, passkey(5));
        site.update("UPDATE users_main SET Enabled = '2' WHERE ID = 5");
        site.addUser(6, "short");
        site.addUser(7, passkey(7).substring(1) + "-");

        List<User> users = open(site.settings()).load().users();

        assertEquals(List.of(new User(1, passkey(1), true, true), new User(2, passkey(2), true, false),
                new User(3, passkey(3), true, false), new User(4, passkey(4), false, true)), users);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(GazelleSchema.class)
    void torrentsAreLoadedWithFreeleechAndSnatchesAndBadHashesSkipped(GazelleSchema schema) throws Exception {
        GazelleSite site = site(schema);
        site.addTorrent(1, bytes20(1));
        site.addTorrent(2, bytes20(2));
        site.update("UPDATE torrents SET FreeTorrent = '1' WHERE ID = 2");
        site.addTorrent(3, bytes20(3));
        site.update("UPDATE torrents SET FreeTorrent = '2' WHERE ID = 3");
        site.setTorrentStats(1, "Snatched = 7");
        site.addTorrent(4, Arrays.copyOf(bytes20(4), 19));
        site.addTorrent(5, new byte[0]);

        List<RosterData.Registered> torrents = open(site.settings()).load().torrents();

        assertEquals(List.of(new RosterData.Registered(new Torrent(1, hash(1), FreeLeech.NORMAL), 7),
                new RosterData.Registered(new Torrent(2, hash(2), FreeLeech.FREE), 0),
                new RosterData.Registered(new Torrent(3, hash(3), FreeLeech.NEUTRAL), 0)), torrents);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = GazelleSchema.class, names = "OPSNET")
    void anOpsnetTorrentWithoutLeechStatsIsNotLoaded(GazelleSchema schema) throws Exception {
        GazelleSite site = site(schema);
        site.addTorrent(1, bytes20(1));
        site.update("INSERT INTO torrents (ID, GroupID, info_hash, Time) VALUES (2, 1, ?, NOW())", bytes20(2));

        List<RosterData.Registered> torrents = open(site.settings()).load().torrents();

        assertEquals(List.of(new RosterData.Registered(new Torrent(1, hash(1), FreeLeech.NORMAL), 0)), torrents);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(GazelleSchema.class)
    void activeTokensAndTheWhitelistAreLoaded(GazelleSchema schema) throws Exception {
        GazelleSite site = site(schema);
        site.update("INSERT INTO users_freeleeches (UserID, TorrentID, Time, Expired) VALUES"
                + " (1, 10, NOW(), 0), (1, 11, NOW(), 1), (2, 10, NOW(), 0)");
        site.update("INSERT INTO xbt_client_whitelist (peer_id, vstring) VALUES ('-TR2', 'Transmission 2'),"
                + " ('-qB4', 'qBittorrent 4'), (NULL, 'broken')");

        RosterData data = open(site.settings()).load();

        assertEquals(List.of(new RosterData.Token(1, 10), new RosterData.Token(2, 10)), data.tokens().stream()
                .sorted(Comparator.comparingInt(RosterData.Token::userId)).toList());
        assertEquals(List.of("-TR2", "-qB4"), data.whitelist().stream().sorted().toList());
    }
}
