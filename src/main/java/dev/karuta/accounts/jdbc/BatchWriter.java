package dev.karuta.accounts.jdbc;

import dev.karuta.accounts.Batch;
import dev.karuta.accounts.Refusal;
import dev.karuta.sql.ColumnText;
import dev.karuta.sql.RowsWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes one {@link Batch} into the accounts tables on the caller's connection and transaction, each
 * kind of change as JDBC batches ({@link FlushSql}): members' and tokens' totals are added to and
 * torrents' live counts replaced (an update of a row that is not there writes nothing), snatches are
 * inserted and peers upserted. The batch is {@linkplain Batch#coalesced() coalesced} first, so that
 * concurrent writers take row locks in one order.
 */
final class BatchWriter {
    private final Connection connection;
    private final FlushSql sql;
    private final LocalDateTime now;

    /** A writer on {@code connection}, whose torrents with a seeder get {@code now} (UTC) as last action. */
    BatchWriter(Connection connection, FlushSql sql, LocalDateTime now) {
        this.connection = connection;
        this.sql = sql;
        this.now = now;
    }

    /** Writes {@code batch}; the caller commits, or rolls back when this throws (the first refused row throws). */
    void write(Batch batch) throws SQLException {
        write(batch, null);
    }

    /**
     * Writes {@code batch} leaving out the rows the schema refuses on their own ({@link RowsWriter#writeTolerant});
     * returns those.
     *
     * @throws SQLException when a statement fails for any other reason than a row's data
     */
    List<Refusal> writeTolerant(Batch batch) throws SQLException {
        List<Refusal> refused = new ArrayList<>();
        write(batch, refused);
        return refused;
    }

    private void write(Batch batch, List<Refusal> refused) throws SQLException {
        Batch b = batch.coalesced();
        write("karuta_users", sql.users(), b.users(), (ps, o, d) -> {
            ps.setLong(o + 1, d.uploaded());
            ps.setLong(o + 2, d.downloaded());
            ps.setInt(o + 3, d.userId());
        }, refused);
        write("karuta_torrents", sql.torrents(), b.torrents(), (ps, o, d) -> {
            ps.setInt(o + 1, d.seeders());
            ps.setInt(o + 2, d.leechers());
            ps.setLong(o + 3, d.snatched());
            ps.setLong(o + 4, d.balance());
            ps.setInt(o + 5, d.seeders());
            ps.setObject(o + 6, now);
            ps.setInt(o + 7, d.torrentId());
        }, refused);
        write("karuta_tokens", sql.tokenDownloads(), b.tokenDownloads(), (ps, o, d) -> {
            ps.setLong(o + 1, d.downloaded());
            ps.setInt(o + 2, d.userId());
            ps.setInt(o + 3, d.torrentId());
        }, refused);
        write("karuta_tokens", sql.tokensUsedUp(), b.tokensUsedUp(), (ps, o, t) -> {
            ps.setInt(o + 1, t.userId());
            ps.setInt(o + 2, t.torrentId());
        }, refused);
        write("karuta_user_snatches", sql.snatches(), b.snatches(), (ps, o, s) -> {
            ps.setInt(o + 1, s.userId());
            ps.setInt(o + 2, s.torrentId());
            ps.setLong(o + 3, s.at());
            ps.setString(o + 4, ColumnText.clip(s.ip(), PeerColumns.IP_LENGTH));
        }, refused);
        write("karuta_peers", sql.peers(), b.peers(), PeerColumns::bind, refused);
    }

    /** One kind of row: the fast path, or the tolerant one adding each refused row to {@code refused}. */
    private <T> void write(String table, RowsWriter writer, List<T> rows, RowsWriter.Binder<T> binder,
                           List<Refusal> refused) throws SQLException {
        if (refused == null) {
            writer.write(connection, rows, binder);
        } else {
            writer.writeTolerant(connection, rows, binder,
                    (row, why) -> refused.add(new Refusal(table, row, why.getMessage())));
        }
    }
}
