package dev.karuta.accounts.jdbc;

import dev.karuta.accounts.AccountsStore;
import dev.karuta.accounts.Batch;
import dev.karuta.accounts.Refusal;
import dev.karuta.accounts.RosterData;
import dev.karuta.accounts.RosterEditor;
import dev.karuta.core.TimeSource;
import dev.karuta.sql.FlushLog;
import dev.karuta.sql.SqlFailure;
import dev.karuta.sql.TolerantReader;
import dev.karuta.store.Database;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * A private tracker's members, torrents and accounting in Karuta's own database (the tables of
 * {@code V2__accounts.sql}): the source of truth of a site that runs its tracker from Karuta's admin
 * pages alone, so it has an {@link #editor() editor} that writes every change through. Does not own
 * the {@link Database}: {@link dev.karuta.store.JdbcStore} opens and closes it.
 *
 * <p>A flush is a few batches of multi-row statements ({@link FlushSql}). On PostgreSQL the upsert
 * of peers counts on the driver's {@code reWriteBatchedInserts} for that, which {@link Database} sets
 * on the pools it opens: a container DataSource should have it in its URL.
 */
public final class JdbcAccountsStore implements AccountsStore {
    private static final System.Logger LOG = System.getLogger(JdbcAccountsStore.class.getName());
    private static final String ACTIVE_PEERS = "SELECT " + String.join(", ", PeerColumns.ALL)
            + " FROM karuta_peers WHERE active = TRUE AND mtime >= ?";

    private final Database db;
    private final TimeSource time;
    private final FlushSql flush;
    private final Optional<RosterEditor> editor;

    /** The accounts in {@code db}; {@code time}'s wall clock dates flushes, torrents' last seeder and tokens. */
    public JdbcAccountsStore(Database db, TimeSource time) {
        this.db = db;
        this.time = time;
        this.flush = FlushSql.of(db.dialect());
        this.editor = Optional.of(new JdbcRosterEditor(db, this::now));
    }

    /** Members not deleted, every torrent with its snatch count, tokens not expired, the whitelist. */
    @Override
    public RosterData load() {
        return db.transaction("load the private tracker's members and torrents", RosterReader::read);
    }

    /** A row whose peer_id is not 40 hex digits is left out (and left as it is), counted in a warning. */
    @Override
    public List<Batch.PeerRow> resumePeers(long since) {
        return db.transaction("resume the private tracker's peers", c -> resume(c, since));
    }

    private static List<Batch.PeerRow> resume(Connection c, long since) throws SQLException {
        TolerantReader reader = new TolerantReader(c, 1000);
        List<Batch.PeerRow> rows = reader.read("karuta_peers", ACTIVE_PEERS, PeerColumns::read, since);
        if (reader.skipped() > 0) {
            LOG.log(Level.WARNING, "skipped {0} rows of karuta_peers whose peer_id is not 40 hex digits",
                    reader.skipped());
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

    /**
     * Writes {@code batch} in one transaction, as JDBC batches: members' and tokens' totals added to,
     * torrents' counts replaced and totals added to (last action now when it has a seeder), snatches
     * inserted, peers upserted. Deltas for a member, torrent or token without a row are dropped. Once
     * per {@code flushId} ({@link FlushLog}). When the database refuses a row on its own (a total
     * beyond BIGINT: SQLSTATE 22003), the transaction is rolled back and the batch written again in
     * it, each kind of row that holds a refused one statement by statement until the refused rows
     * are found alone; those are left out and returned, the rest commits with the number.
     *
     * @throws dev.karuta.sql.StoreException when the database fails otherwise; nothing of the batch is
     *                                       written then
     */
    @Override
    public List<Refusal> write(long flushId, Batch batch) {
        if (batch.isEmpty()) {
            return List.of();
        }
        String what = "write the accounting of " + batch.users().size() + " users, " + batch.torrents().size()
                + " torrents and " + batch.peers().size() + " peers";
        long at = time.epochSeconds();
        return db.transaction(what, c -> {
            if (!FlushLog.claim(c, flushId, at)) {
                return List.of(); // written before: its commit's outcome was lost to the caller
            }
            BatchWriter writer = new BatchWriter(c, flush, now());
            try {
                writer.write(batch);
                return List.of();
            } catch (SQLException e) {
                if (SqlFailure.of(e) != SqlFailure.DATA) {
                    throw e;
                }
                c.rollback();
            }
            FlushLog.claim(c, flushId, at);
            return writer.writeTolerant(batch);
        });
    }

    /** Always: Karuta's own tables are where operator changes live. */
    @Override
    public Optional<RosterEditor> editor() {
        return editor;
    }

    /** Nothing to release: no connection is held between calls, and the database is closed by its opener. */
    @Override
    public void close() {
    }

    /** Now in UTC, to the second, as the tables' date columns hold it. */
    private LocalDateTime now() {
        return LocalDateTime.ofInstant(Instant.ofEpochMilli(time.epochMillis()), ZoneOffset.UTC)
                .truncatedTo(ChronoUnit.SECONDS);
    }
}
