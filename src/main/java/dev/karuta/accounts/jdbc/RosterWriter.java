package dev.karuta.accounts.jdbc;

import dev.karuta.accounts.Torrent;
import dev.karuta.accounts.User;
import dev.karuta.sql.RowsWriter;
import dev.karuta.store.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.List;
import java.util.SortedSet;

/**
 * Writes an operator's changes of members, torrents, tokens and whitelist into the accounts tables on
 * the caller's connection and transaction, as upserts that leave the accounting columns (totals,
 * counts, a token's download) as they are.
 */
final class RosterWriter {
    private final Connection connection;
    private final Dialect dialect;

    RosterWriter(Connection connection, Dialect dialect) {
        this.connection = connection;
        this.dialect = dialect;
    }

    /**
     * Keeps {@code user}, reviving them when they were deleted; a deleted member holding the passkey
     * gives it up.
     *
     * @throws IllegalArgumentException when another member (not deleted) has the passkey
     */
    void saveUser(User user) throws SQLException {
        Integer holder = otherId("SELECT id FROM karuta_users WHERE passkey = ? AND id <> ? AND deleted = FALSE",
                user.passkey(), user.id());
        if (holder != null) {
            throw new IllegalArgumentException("user " + holder + " has that passkey");
        }
        try (PreparedStatement ps = connection.prepareStatement(
                "UPDATE karuta_users SET passkey = NULL WHERE passkey = ? AND id <> ?")) {
            ps.setString(1, user.passkey());
            ps.setInt(2, user.id());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = connection.prepareStatement(dialect.upsertSql("karuta_users", List.of("id"),
                List.of("id", "passkey", "can_leech", "visible", "deleted")))) {
            ps.setInt(1, user.id());
            ps.setString(2, user.passkey());
            ps.setBoolean(3, user.canLeech());
            ps.setBoolean(4, user.visible());
            ps.setBoolean(5, false);
            ps.executeUpdate();
        }
    }

    /** Marks the member deleted; their row, totals and passkey stay. */
    void deleteUser(int userId) throws SQLException {
        update("UPDATE karuta_users SET deleted = TRUE WHERE id = ?", userId);
    }

    /**
     * Keeps {@code torrent}'s id, info hash and freeleech state.
     *
     * @throws IllegalArgumentException when another torrent has the info hash
     */
    void saveTorrent(Torrent torrent) throws SQLException {
        String hex = torrent.infoHash().toHex();
        Integer holder = otherId("SELECT id FROM karuta_torrents WHERE info_hash = ? AND id <> ?", hex, torrent.id());
        if (holder != null) {
            throw new IllegalArgumentException("torrent " + holder + " has that info hash");
        }
        try (PreparedStatement ps = connection.prepareStatement(dialect.upsertSql("karuta_torrents", List.of("id"),
                List.of("id", "info_hash", "free_state")))) {
            ps.setInt(1, torrent.id());
            ps.setString(2, hex);
            ps.setInt(3, Integer.parseInt(torrent.free().gazelle()));
            ps.executeUpdate();
        }
    }

    /** Deletes the torrent's row and expires its tokens. */
    void deleteTorrent(int torrentId) throws SQLException {
        update("DELETE FROM karuta_torrents WHERE id = ?", torrentId);
        update("UPDATE karuta_tokens SET expired = TRUE WHERE torrent_id = ? AND expired = FALSE", torrentId);
    }

    /** Creates the token, or makes it active again, dated {@code now}; its download stays. */
    void grantToken(int userId, int torrentId, LocalDateTime now) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(dialect.upsertSql("karuta_tokens",
                List.of("user_id", "torrent_id"), List.of("user_id", "torrent_id", "expired", "created")))) {
            ps.setInt(1, userId);
            ps.setInt(2, torrentId);
            ps.setBoolean(3, false);
            ps.setObject(4, now);
            ps.executeUpdate();
        }
    }

    /** Expires the token, when there is one. */
    void expireToken(int userId, int torrentId) throws SQLException {
        update("UPDATE karuta_tokens SET expired = TRUE WHERE user_id = ? AND torrent_id = ?", userId, torrentId);
    }

    /** Replaces the whitelist with {@code prefixes}, checked by the caller. */
    void saveWhitelist(SortedSet<String> prefixes) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.executeUpdate("DELETE FROM karuta_client_whitelist");
        }
        RowsWriter.single("INSERT INTO karuta_client_whitelist (prefix) VALUES (?)").write(connection, prefixes,
                (ps, o, p) -> ps.setString(o + 1, p));
    }

    private Integer otherId(String sql, String key, int id) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, key);
            ps.setInt(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : null;
            }
        }
    }

    private void update(String sql, int... ids) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < ids.length; i++) {
                ps.setInt(i + 1, ids[i]);
            }
            ps.executeUpdate();
        }
    }
}
