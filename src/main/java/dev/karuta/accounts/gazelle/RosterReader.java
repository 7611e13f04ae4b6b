package dev.karuta.accounts.gazelle;

import dev.karuta.accounts.Batch;
import dev.karuta.accounts.FreeLeech;
import dev.karuta.accounts.Passkey;
import dev.karuta.accounts.RosterData;
import dev.karuta.accounts.Torrent;
import dev.karuta.accounts.User;
import dev.karuta.core.InfoHash;
import dev.karuta.core.PeerId;
import dev.karuta.sql.TolerantReader;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;

/**
 * Reads a Gazelle site's roster with Ocelot's start-up queries (enabled users, registered torrents,
 * active freeleech tokens, the client whitelist) and its peer rows. A row the tracker cannot use (a
 * passkey that is not 32 letters and digits, an info_hash that is not 20 bytes, a non-positive id, a
 * NULL whitelist prefix) is skipped ({@link TolerantReader}); the skips are counted and logged in one
 * line, and never fail the load.
 */
final class RosterReader {
    private static final System.Logger LOG = System.getLogger(RosterReader.class.getName());
    /** Rows fetched per round trip: big tables stream instead of filling the driver's memory. */
    private static final int FETCH = 5000;

    private RosterReader() {
    }

    /** The roster of the site whose database {@code c} is connected to, read in the caller's transaction. */
    static RosterData read(Connection c, GazelleSchema schema) throws SQLException {
        TolerantReader reader = new TolerantReader(c, FETCH);
        List<User> users = reader.read("users (id not positive, or passkey not 32 letters and digits)",
                GazelleSchema.LOAD_USERS, rs -> {
                    String passkey = rs.getString(3);
                    if (!Passkey.valid(passkey)) {
                        throw new IllegalArgumentException("passkey not 32 letters and digits");
                    }
                    return new User(id(rs.getLong(1)), passkey, rs.getInt(2) != 0, !rs.getBoolean(4));
                });
        List<RosterData.Registered> torrents = reader.read("torrents (id not positive, or info_hash not 20 bytes)",
                schema.loadTorrents(), rs -> new RosterData.Registered(new Torrent(id(rs.getLong(1)),
                        InfoHash.of(rs.getBytes(2)), FreeLeech.ofGazelle(rs.getString(3))),
                        Math.max(0, rs.getLong(4))));
        List<RosterData.Token> tokens = reader.read("tokens (id not positive)", GazelleSchema.LOAD_TOKENS,
                rs -> new RosterData.Token(id(rs.getLong(1)), id(rs.getLong(2))));
        // The prefixes as they are; the roster itself skips those no peer_id could start with.
        List<String> whitelist = reader.read("whitelist prefixes (NULL)", GazelleSchema.LOAD_WHITELIST,
                rs -> Objects.requireNonNull(rs.getString(1)));
        if (reader.skipped() > 0) {
            LOG.log(Level.WARNING, "the Gazelle roster skipped rows it cannot use: {0}", reader.skips());
        }
        return new RosterData(users, torrents, tokens, whitelist);
    }

    /**
     * The active {@code xbt_files_users} rows as fresh as {@code since} (epoch seconds), in the caller's
     * transaction; a row whose ids are not positive or whose peer_id is not 20 bytes is left out.
     */
    static List<Batch.PeerRow> activePeers(Connection c, long since) throws SQLException {
        TolerantReader reader = new TolerantReader(c, FETCH);
        List<Batch.PeerRow> rows = reader.read("peers", GazelleSchema.RESUME_PEERS, RosterReader::peer, since);
        if (reader.skipped() > 0) {
            LOG.log(Level.WARNING, "left out {0} peer rows whose ids are not positive or peer_id not 20 bytes",
                    reader.skipped());
        }
        return rows;
    }

    private static Batch.PeerRow peer(ResultSet rs) throws SQLException {
        String ip = rs.getString(11);
        String userAgent = rs.getString(12);
        return new Batch.PeerRow(id(rs.getLong(1)), id(rs.getLong(2)), PeerId.of(rs.getBytes(3)), true,
                rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9),
                rs.getInt(10), ip == null ? "" : ip, userAgent == null ? "" : userAgent, rs.getLong(13));
    }

    /** {@code id} as an int id of the tracker's. */
    private static int id(long id) {
        if (id <= 0 || id > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("id " + id + " is not positive");
        }
        return (int) id;
    }
}
