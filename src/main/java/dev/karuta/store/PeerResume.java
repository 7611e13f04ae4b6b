package dev.karuta.store;

import dev.karuta.accounts.Batch;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What a start does to the peer rows and live counts, on the caller's connection and transaction (see
 * {@link dev.karuta.accounts.AccountsStore#resumePeers}): reads the active rows announced since a
 * time, marks the older active ones inactive, and zeroes every torrent's seeders and leechers.
 */
final class PeerResume {
    private static final System.Logger LOG = System.getLogger(PeerResume.class.getName());
    private static final String SELECT = "SELECT " + String.join(", ", PeerColumns.ALL)
            + " FROM karuta_peers WHERE active = TRUE AND mtime >= ?";

    private PeerResume() {
    }

    /** The active rows with {@code mtime >= since} (epoch seconds), after retiring the others. */
    static List<Batch.PeerRow> resume(Connection c, long since) throws SQLException {
        List<Batch.PeerRow> rows = new ArrayList<>();
        int skipped = 0;
        try (PreparedStatement ps = c.prepareStatement(SELECT)) {
            ps.setLong(1, since);
            ps.setFetchSize(1000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    try {
                        rows.add(PeerColumns.read(rs));
                    } catch (IllegalArgumentException e) {
                        skipped++;
                    }
                }
            }
        }
        if (skipped > 0) {
            LOG.log(Level.WARNING, "skipped {0} rows of karuta_peers whose peer_id is not 40 hex digits", skipped);
        }
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE karuta_peers SET active = FALSE WHERE active = TRUE AND mtime < ?")) {
            ps.setLong(1, since);
            ps.executeUpdate();
        }
        try (Statement st = c.createStatement()) {
            // Only rows that change: a large table is not rewritten for nothing.
            st.executeUpdate("UPDATE karuta_torrents SET seeders = 0, leechers = 0"
                    + " WHERE seeders <> 0 OR leechers <> 0");
        }
        return rows;
    }
}
