package dev.karuta.gazelle;

import dev.karuta.accounts.Batch;
import dev.karuta.core.PeerId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The start-up pass over a Gazelle site's peer table, in the caller's transaction: the active
 * {@code xbt_files_users} rows as fresh as {@code since} come back as {@link Batch.PeerRow}s (so
 * their transfer baselines survive a restart), the older active rows become inactive, and every
 * torrent's live counts are zeroed, as Ocelot zeroes them at start.
 */
final class PeerResumer {
    private PeerResumer() {
    }

    /** The resumed rows; a row whose ids are not positive is left out (and left as it is). */
    static List<Batch.PeerRow> resume(Connection c, GazelleSchema schema, long since) throws SQLException {
        List<Batch.PeerRow> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(GazelleSchema.RESUME_PEERS)) {
            ps.setLong(1, since);
            ps.setFetchSize(5000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Batch.PeerRow row = row(rs);
                    if (row != null) {
                        rows.add(row);
                    }
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(GazelleSchema.DEACTIVATE_PEERS)) {
            ps.setLong(1, since);
            ps.executeUpdate();
        }
        try (Statement st = c.createStatement()) {
            st.executeUpdate(schema.zeroCounts());
        }
        return rows;
    }

    private static Batch.PeerRow row(ResultSet rs) throws SQLException {
        long uid = rs.getLong(1);
        long fid = rs.getLong(2);
        byte[] peerId = rs.getBytes(3);
        if (uid <= 0 || uid > Integer.MAX_VALUE || fid <= 0 || fid > Integer.MAX_VALUE || peerId == null
                || peerId.length != PeerId.LENGTH) {
            return null;
        }
        String ip = rs.getString(11);
        String userAgent = rs.getString(12);
        return new Batch.PeerRow((int) uid, (int) fid, PeerId.of(peerId), true, rs.getLong(4), rs.getLong(5),
                rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getInt(10), ip == null ? "" : ip,
                userAgent == null ? "" : userAgent, rs.getLong(13));
    }
}
