package dev.karuta.store;

import dev.karuta.accounts.FreeLeech;
import dev.karuta.accounts.RosterData;
import dev.karuta.accounts.Torrent;
import dev.karuta.accounts.User;
import dev.karuta.core.InfoHash;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads a private tracker's {@link RosterData} from the accounts tables on the caller's connection:
 * members not deleted, every torrent with its snatch count, the tokens not expired, the whitelist. A
 * row the domain types refuse (a passkey that is not 32 letters and digits, say, written by hand) is
 * skipped and counted in one warning, so that one bad row does not keep the tracker from starting.
 */
final class RosterReader {
    private static final System.Logger LOG = System.getLogger(RosterReader.class.getName());
    /** Rows fetched per round trip: the tables are read whole, and may hold millions of members. */
    private static final int FETCH = 1000;

    private final Connection connection;
    private int skipped;

    RosterReader(Connection connection) {
        this.connection = connection;
    }

    /** Everything the tracker loads. */
    RosterData read() throws SQLException {
        List<User> users = new ArrayList<>();
        try (PreparedStatement ps = query("SELECT id, passkey, can_leech, visible FROM karuta_users"
                + " WHERE deleted = FALSE ORDER BY id"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                try {
                    users.add(new User(rs.getInt(1), rs.getString(2), rs.getBoolean(3), rs.getBoolean(4)));
                } catch (IllegalArgumentException | NullPointerException e) {
                    skip("karuta_users", rs.getInt(1), e);
                }
            }
        }
        List<RosterData.Registered> torrents = new ArrayList<>();
        try (PreparedStatement ps = query("SELECT id, info_hash, free_state, snatched FROM karuta_torrents"
                + " ORDER BY id"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                try {
                    Torrent t = new Torrent(rs.getInt(1), InfoHash.fromHex(rs.getString(2)), free(rs.getInt(3)));
                    torrents.add(new RosterData.Registered(t, rs.getLong(4)));
                } catch (IllegalArgumentException e) {
                    skip("karuta_torrents", rs.getInt(1), e);
                }
            }
        }
        List<RosterData.Token> tokens = new ArrayList<>();
        try (PreparedStatement ps = query("SELECT user_id, torrent_id FROM karuta_tokens WHERE expired = FALSE"
                + " ORDER BY user_id, torrent_id"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                tokens.add(new RosterData.Token(rs.getInt(1), rs.getInt(2)));
            }
        }
        List<String> whitelist = new ArrayList<>();
        try (PreparedStatement ps = query("SELECT prefix FROM karuta_client_whitelist");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                whitelist.add(rs.getString(1));
            }
        }
        // Sorted here: the databases' collations would each sort '-TR' and '-qB' their own way.
        Collections.sort(whitelist);
        if (skipped > 0) {
            LOG.log(Level.WARNING, "skipped {0} damaged rows of the private tracker's tables", skipped);
        }
        return new RosterData(users, torrents, tokens, whitelist);
    }

    private PreparedStatement query(String sql) throws SQLException {
        PreparedStatement ps = connection.prepareStatement(sql);
        // Streams the rows (PostgreSQL needs the open transaction for that, MariaDB the fetch size).
        ps.setFetchSize(FETCH);
        return ps;
    }

    private void skip(String table, int id, RuntimeException why) {
        skipped++;
        LOG.log(Level.DEBUG, "skipped {0} row {1}: {2}", table, id, why.getMessage());
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
