package dev.karuta.gazelle;

import dev.karuta.accounts.Batch;
import dev.karuta.accounts.RosterData;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Writes a {@link Batch} into a Gazelle schema on a connection whose transaction the caller owns:
 * users, torrents (then Ocelot's phantom cleanup), snatches, peers, token downloads, each in
 * multi-row statements of {@link GazelleSchema}; then the used-up tokens expired as Gazelle's
 * callback does. Users, torrents and peers are sorted by key first, so that two writers lock rows in
 * the same order.
 */
final class BatchWriter {
    private static final Comparator<Batch.PeerRow> PEER_ORDER = Comparator.comparingInt(Batch.PeerRow::torrentId)
            .thenComparingInt(Batch.PeerRow::userId);

    private final GazelleSchema schema;
    private final int rowsPerStatement;
    private final ChunkedWrite<Batch.UserDelta> users;
    private final ChunkedWrite<Batch.TorrentDelta> torrents;
    private final ChunkedWrite<Batch.Snatch> snatches;
    private final ChunkedWrite<Batch.PeerRow> peers;
    private final ChunkedWrite<Batch.TokenDelta> tokens;

    BatchWriter(GazelleSchema schema, ColumnWidths widths, int rowsPerStatement) {
        this.schema = schema;
        this.rowsPerStatement = rowsPerStatement;
        this.users = new ChunkedWrite<>(schema.users(), (ps, i, u) -> {
            ps.setInt(i, u.userId());
            ps.setLong(i + 1, u.uploaded());
            ps.setLong(i + 2, u.downloaded());
        });
        this.torrents = new ChunkedWrite<>(schema.torrents(), (ps, i, t) -> {
            ps.setInt(i, t.torrentId());
            ps.setInt(i + 1, t.seeders());
            ps.setInt(i + 2, t.leechers());
            ps.setLong(i + 3, t.snatched());
            ps.setLong(i + 4, t.balance());
        });
        this.snatches = new ChunkedWrite<>(schema.snatches(), (ps, i, s) -> {
            ps.setInt(i, s.userId());
            ps.setInt(i + 1, s.torrentId());
            ps.setLong(i + 2, s.at());
            ps.setString(i + 3, ColumnWidths.address(s.ip(), widths.snatchIp()));
        });
        this.peers = new ChunkedWrite<>(GazelleSchema.PEERS, (ps, i, p) -> {
            ps.setInt(i, p.userId());
            ps.setInt(i + 1, p.torrentId());
            ps.setInt(i + 2, p.active() ? 1 : 0);
            ps.setLong(i + 3, p.uploaded());
            ps.setLong(i + 4, p.downloaded());
            ps.setInt(i + 5, clampToInt(p.upSpeed()));
            ps.setInt(i + 6, clampToInt(p.downSpeed()));
            ps.setLong(i + 7, p.remaining());
            ps.setInt(i + 8, 0); // corrupt: Karuta does not count it separately
            ps.setInt(i + 9, clampToInt(p.timeSpent()));
            ps.setInt(i + 10, p.announces());
            ps.setString(i + 11, ColumnWidths.address(p.ip(), widths.peerIp()));
            ps.setBytes(i + 12, p.peerId().bytes());
            ps.setString(i + 13, ColumnWidths.userAgent(p.userAgent(), widths.peerUserAgent()));
            ps.setLong(i + 14, p.mtime());
        });
        this.tokens = new ChunkedWrite<>(GazelleSchema.TOKENS, (ps, i, t) -> {
            ps.setInt(i, t.userId());
            ps.setInt(i + 1, t.torrentId());
            ps.setLong(i + 2, t.downloaded());
        });
    }

    /** Writes {@code batch}; the first refused row fails it. */
    void write(Connection c, Batch batch) throws SQLException {
        write(c, batch, null);
    }

    /**
     * Writes {@code batch}, dropping the rows the schema refuses on their own and telling
     * {@code refusals} of each; returns how many were dropped.
     */
    int writeTolerant(Connection c, Batch batch, ChunkedWrite.Refusals refusals) throws SQLException {
        return write(c, batch, refusals);
    }

    private int write(Connection c, Batch batch, ChunkedWrite.Refusals refusals) throws SQLException {
        int dropped = write(c, users, sorted(batch.users(), Comparator.comparingInt(Batch.UserDelta::userId)),
                refusals);
        dropped += write(c, torrents,
                sorted(batch.torrents(), Comparator.comparingInt(Batch.TorrentDelta::torrentId)), refusals);
        if (!batch.torrents().isEmpty() && schema.deletePhantoms() != null) {
            try (Statement st = c.createStatement()) {
                st.executeUpdate(schema.deletePhantoms());
            }
        }
        dropped += write(c, snatches, batch.snatches(), refusals);
        dropped += write(c, peers, sorted(batch.peers(), PEER_ORDER), refusals);
        dropped += write(c, tokens, batch.tokenDownloads(), refusals);
        if (!batch.tokensUsedUp().isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(GazelleSchema.EXPIRE_TOKEN)) {
                for (RosterData.Token t : batch.tokensUsedUp()) {
                    ps.setInt(1, t.userId());
                    ps.setInt(2, t.torrentId());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        return dropped;
    }

    private <R> int write(Connection c, ChunkedWrite<R> statement, List<R> rows, ChunkedWrite.Refusals refusals)
            throws SQLException {
        if (refusals == null) {
            statement.write(c, rows, rowsPerStatement);
            return 0;
        }
        return statement.writeTolerant(c, rows, rowsPerStatement, refusals);
    }

    private static <R> List<R> sorted(List<R> rows, Comparator<R> order) {
        List<R> copy = new ArrayList<>(rows);
        copy.sort(order);
        return copy;
    }

    /** {@code v} within a signed int column's range (speeds and times: never negative in practice). */
    private static int clampToInt(long v) {
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, v));
    }
}
