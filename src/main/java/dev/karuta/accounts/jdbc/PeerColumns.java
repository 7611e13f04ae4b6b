package dev.karuta.accounts.jdbc;

import dev.karuta.accounts.Batch;
import dev.karuta.core.PeerId;
import dev.karuta.sql.ColumnText;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * How a {@link Batch.PeerRow} is a row of {@code karuta_peers}: the columns in order, binding and
 * reading them, text cut to what its columns hold ({@link ColumnText#clip}).
 */
final class PeerColumns {
    /** The primary key. */
    static final List<String> KEY = List.of("user_id", "torrent_id", "peer_id");
    /** Every column, in the order {@link #bind} and {@link #read} use. */
    static final List<String> ALL = List.of("user_id", "torrent_id", "peer_id", "active", "uploaded", "downloaded",
            "up_speed", "down_speed", "remaining", "time_spent", "announces", "ip", "user_agent", "mtime");
    /** Longest IP text: an IPv6 address with an embedded IPv4 one. */
    static final int IP_LENGTH = 45;
    /** Longest User-Agent kept. */
    static final int USER_AGENT_LENGTH = 64;

    private PeerColumns() {
    }

    /** Binds {@code row} as parameters {@code o + 1} to {@code o + 14}, in the order of {@link #ALL}. */
    static void bind(PreparedStatement ps, int o, Batch.PeerRow row) throws SQLException {
        ps.setInt(o + 1, row.userId());
        ps.setInt(o + 2, row.torrentId());
        ps.setString(o + 3, row.peerId().toHex());
        ps.setBoolean(o + 4, row.active());
        ps.setLong(o + 5, row.uploaded());
        ps.setLong(o + 6, row.downloaded());
        ps.setLong(o + 7, row.upSpeed());
        ps.setLong(o + 8, row.downSpeed());
        ps.setLong(o + 9, row.remaining());
        ps.setLong(o + 10, row.timeSpent());
        ps.setInt(o + 11, row.announces());
        ps.setString(o + 12, ColumnText.clip(row.ip(), IP_LENGTH));
        ps.setString(o + 13, ColumnText.clip(row.userAgent(), USER_AGENT_LENGTH));
        ps.setLong(o + 14, row.mtime());
    }

    /**
     * The row at {@code rs}'s cursor, selected as {@link #ALL}.
     *
     * @throws IllegalArgumentException when its peer_id is not 40 hex digits
     */
    static Batch.PeerRow read(ResultSet rs) throws SQLException {
        return new Batch.PeerRow(rs.getInt(1), rs.getInt(2), PeerId.fromHex(rs.getString(3)), rs.getBoolean(4),
                rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10),
                rs.getInt(11), rs.getString(12), rs.getString(13), rs.getLong(14));
    }
}
