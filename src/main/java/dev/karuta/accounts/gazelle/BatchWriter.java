package dev.karuta.accounts.gazelle;

import dev.karuta.accounts.Batch;
import dev.karuta.accounts.Refusal;
import dev.karuta.accounts.RosterData;
import dev.karuta.sql.ColumnText;
import dev.karuta.sql.RowsWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a {@link Batch} into a Gazelle schema on a connection whose transaction the caller owns:
 * users, torrents (then Ocelot's phantom cleanup), snatches, peers, token downloads, each in
 * multi-row statements of {@link GazelleSchema}; then the used-up tokens expired as Gazelle's
 * callback does. The batch is {@linkplain Batch#coalesced() coalesced} first, so that two writers
 * lock rows in the same order.
 */
final class BatchWriter {
    /** One kind of row: its statement and how a row binds to it. */
    private record Kind<R>(String table, RowsWriter writer, RowsWriter.Binder<R> binder) {
        Kind(GazelleSchema.MultiRow statement, int rowsPerStatement, RowsWriter.Binder<R> binder) {
            this(statement.table(), new RowsWriter(statement::sql, rowsPerStatement, statement.parameters()), binder);
        }

        void write(Connection c, List<R> rows, List<Refusal> refused) throws SQLException {
            if (refused == null) {
                writer.write(c, rows, binder);
            } else {
                writer.writeTolerant(c, rows, binder, (row, why) -> refused.add(new Refusal(table, row,
                        why.getMessage())));
            }
        }
    }

    private final GazelleSchema schema;
    private final Kind<Batch.UserDelta> users;
    private final Kind<Batch.TorrentDelta> torrents;
    private final Kind<Batch.Snatch> snatches;
    private final Kind<Batch.PeerRow> peers;
    private final Kind<Batch.TokenDelta> tokens;

    BatchWriter(GazelleSchema schema, ColumnWidths widths, int rowsPerStatement) {
        this.schema = schema;
        this.users = new Kind<>(schema.users(), rowsPerStatement, (ps, o, u) -> {
            ps.setInt(o + 1, u.userId());
            ps.setLong(o + 2, u.uploaded());
            ps.setLong(o + 3, u.downloaded());
        });
        this.torrents = new Kind<>(schema.torrents(), rowsPerStatement, (ps, o, t) -> {
            ps.setInt(o + 1, t.torrentId());
            ps.setInt(o + 2, t.seeders());
            ps.setInt(o + 3, t.leechers());
            ps.setLong(o + 4, t.snatched());
            ps.setLong(o + 5, t.balance());
        });
        this.snatches = new Kind<>(schema.snatches(), rowsPerStatement, (ps, o, s) -> {
            ps.setInt(o + 1, s.userId());
            ps.setInt(o + 2, s.torrentId());
            ps.setLong(o + 3, s.at());
            ps.setString(o + 4, ColumnText.fitOrEmpty(s.ip(), widths.snatchIp()));
        });
        this.peers = new Kind<>(GazelleSchema.PEERS, rowsPerStatement, (ps, o, p) -> {
            ps.setInt(o + 1, p.userId());
            ps.setInt(o + 2, p.torrentId());
            ps.setInt(o + 3, p.active() ? 1 : 0);
            ps.setLong(o + 4, p.uploaded());
            ps.setLong(o + 5, p.downloaded());
            ps.setInt(o + 6, clampToInt(p.upSpeed()));
            ps.setInt(o + 7, clampToInt(p.downSpeed()));
            ps.setLong(o + 8, p.remaining());
            ps.setInt(o + 9, 0); // corrupt: Karuta does not count it separately
            ps.setInt(o + 10, clampToInt(p.timeSpent()));
            ps.setInt(o + 11, p.announces());
            ps.setString(o + 12, ColumnText.fitOrEmpty(p.ip(), widths.peerIp()));
            ps.setBytes(o + 13, p.peerId().bytes());
            ps.setString(o + 14, ColumnText.clip(p.userAgent(), widths.peerUserAgent()));
            ps.setLong(o + 15, p.mtime());
        });
        this.tokens = new Kind<>(GazelleSchema.TOKENS, rowsPerStatement, (ps, o, t) -> {
            ps.setInt(o + 1, t.userId());
            ps.setInt(o + 2, t.torrentId());
            ps.setLong(o + 3, t.downloaded());
        });
    }

    /** Writes {@code batch}; the first refused row fails it. */
    void write(Connection c, Batch batch) throws SQLException {
        write(c, batch, null);
    }

    /** Writes {@code batch}, leaving out the rows the schema refuses on their own; returns those. */
    List<Refusal> writeTolerant(Connection c, Batch batch) throws SQLException {
        List<Refusal> refused = new ArrayList<>();
        write(c, batch, refused);
        return refused;
    }

    private void write(Connection c, Batch batch, List<Refusal> refused) throws SQLException {
        Batch b = batch.coalesced();
        users.write(c, b.users(), refused);
        torrents.write(c, b.torrents(), refused);
        if (!b.torrents().isEmpty() && schema.deletePhantoms() != null) {
            try (Statement st = c.createStatement()) {
                st.executeUpdate(schema.deletePhantoms());
            }
        }
        snatches.write(c, b.snatches(), refused);
        peers.write(c, b.peers(), refused);
        tokens.write(c, b.tokenDownloads(), refused);
        if (!b.tokensUsedUp().isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(GazelleSchema.EXPIRE_TOKEN)) {
                for (RosterData.Token t : b.tokensUsedUp()) {
                    ps.setInt(1, t.userId());
                    ps.setInt(2, t.torrentId());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    /** {@code v} within a signed int column's range (speeds and times: never negative in practice). */
    private static int clampToInt(long v) {
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, v));
    }
}
