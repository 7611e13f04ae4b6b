package dev.karuta.accounts.jdbc;

import dev.karuta.accounts.FreeLeech;
import dev.karuta.accounts.RosterData;
import dev.karuta.accounts.Torrent;
import dev.karuta.accounts.User;
import dev.karuta.core.InfoHash;
import dev.karuta.sql.TolerantReader;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads a private tracker's {@link RosterData} from the accounts tables on the caller's connection:
 * members not deleted, every torrent with its snatch count, the tokens not expired, the whitelist. A
 * row the domain types refuse (a passkey that is not 32 letters and digits, say, written by hand) is
 * skipped and counted in one warning ({@link TolerantReader}), so that one bad row does not keep the
 * tracker from starting.
 */
final class RosterReader {
    private static final System.Logger LOG = System.getLogger(RosterReader.class.getName());
    /** Rows fetched per round trip: the tables are read whole, and may hold millions of members. */
    private static final int FETCH = 1000;

    private RosterReader() {
    }

    /** Everything the tracker loads. */
    static RosterData read(Connection c) throws SQLException {
        TolerantReader reader = new TolerantReader(c, FETCH);
        List<User> users = reader.read("karuta_users", "SELECT id, passkey, can_leech, visible FROM karuta_users"
                + " WHERE deleted = FALSE ORDER BY id",
                rs -> new User(rs.getInt(1), rs.getString(2), rs.getBoolean(3), rs.getBoolean(4)));
        List<RosterData.Registered> torrents = reader.read("karuta_torrents", "SELECT id, info_hash, free_state,"
                + " snatched FROM karuta_torrents ORDER BY id", rs -> new RosterData.Registered(
                new Torrent(rs.getInt(1), InfoHash.fromHex(rs.getString(2)), free(rs.getInt(3))), rs.getLong(4)));
        List<RosterData.Token> tokens = reader.read("karuta_tokens", "SELECT user_id, torrent_id FROM karuta_tokens"
                + " WHERE expired = FALSE ORDER BY user_id, torrent_id",
                rs -> new RosterData.Token(rs.getInt(1), rs.getInt(2)));
        List<String> whitelist = new ArrayList<>(reader.read("karuta_client_whitelist",
                "SELECT prefix FROM karuta_client_whitelist", rs -> rs.getString(1)));
        // Sorted here: the databases' collations would each sort '-TR' and '-qB' their own way.
        Collections.sort(whitelist);
        if (reader.skipped() > 0) {
            LOG.log(Level.WARNING, "skipped {0} damaged rows of the private tracker''s tables: {1}",
                    reader.skipped(), reader.skips());
        }
        return new RosterData(users, torrents, tokens, whitelist);
    }

    /** Gazelle's numbering: 0 normal, 1 free, 2 neutral. */
    static FreeLeech free(int state) {
        return switch (state) {
            case 0 -> FreeLeech.NORMAL;
            case 1 -> FreeLeech.FREE;
            case 2 -> FreeLeech.NEUTRAL;
            default -> throw new IllegalArgumentException("free_state " + state + " is not 0, 1 or 2");
        };
    }
}
