package dev.karuta.accounts.jdbc;

import dev.karuta.accounts.Batch;
import dev.karuta.sql.ColumnText;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDateTime;

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

    /** Writes {@code batch}; the caller commits, or rolls back when this throws. */
    void write(Batch batch) throws SQLException {
        Batch b = batch.coalesced();
        sql.users().write(connection, b.users(), (ps, o, d) -> {
            ps.setLong(o + 1, d.uploaded());
            ps.setLong(o + 2, d.downloaded());
            ps.setInt(o + 3, d.userId());
        });
        sql.torrents().write(connection, b.torrents(), (ps, o, d) -> {
            ps.setInt(o + 1, d.seeders());
            ps.setInt(o + 2, d.leechers());
            ps.setLong(o + 3, d.snatched());
            ps.setLong(o + 4, d.balance());
            ps.setInt(o + 5, d.seeders());
            ps.setObject(o + 6, now);
            ps.setInt(o + 7, d.torrentId());
        });
        sql.tokenDownloads().write(connection, b.tokenDownloads(), (ps, o, d) -> {
            ps.setLong(o + 1, d.downloaded());
            ps.setInt(o + 2, d.userId());
            ps.setInt(o + 3, d.torrentId());
        });
        sql.tokensUsedUp().write(connection, b.tokensUsedUp(), (ps, o, t) -> {
            ps.setInt(o + 1, t.userId());
            ps.setInt(o + 2, t.torrentId());
        });
        sql.snatches().write(connection, b.snatches(), (ps, o, s) -> {
            ps.setInt(o + 1, s.userId());
            ps.setInt(o + 2, s.torrentId());
            ps.setLong(o + 3, s.at());
            ps.setString(o + 4, ColumnText.clip(s.ip(), PeerColumns.IP_LENGTH));
        });
        sql.peers().write(connection, b.peers(), PeerColumns::bind);
    }
}
