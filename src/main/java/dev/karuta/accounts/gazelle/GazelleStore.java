package dev.karuta.accounts.gazelle;

import com.zaxxer.hikari.HikariConfig;
import dev.karuta.accounts.AccountsStore;
import dev.karuta.accounts.Batch;
import dev.karuta.accounts.Refusal;
import dev.karuta.accounts.RosterData;
import dev.karuta.accounts.RosterEditor;
import dev.karuta.core.TimeSource;
import dev.karuta.sql.ConnectionPool;
import dev.karuta.sql.FlushLog;
import dev.karuta.sql.SqlFailure;
import dev.karuta.sql.StoreException;
import dev.karuta.sql.Transactions;
import java.lang.System.Logger.Level;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

/**
 * The accounts of a Gazelle site, kept in the site's own MariaDB/MySQL schema as Ocelot keeps them
 * ({@link GazelleSchema}): the roster is read with Ocelot's queries, accounting is written with its
 * multi-row upserts, in one transaction per batch. The site owns its users, torrents, tokens and
 * whitelist and tells the tracker of changes through the control API, so this store has no
 * {@link #editor() editor}.
 *
 * <p>A batch with a row the schema refuses (strict mode: a user or torrent the site deleted
 * meanwhile, an expired token's row gone, a total beyond its column) is written again in one
 * transaction with only the rows that fail on their own left out and handed back to the caller,
 * who keeps them aside, so one bad row never blocks the accounting. A
 * connection failure or timeout throws {@link StoreException} with nothing written; the caller keeps
 * the batch and retries. A dead or blocked database fails a call within the settings' timeouts.
 */
public final class GazelleStore implements AccountsStore {
    private static final System.Logger LOG = System.getLogger(GazelleStore.class.getName());
    /** The name of the store's connection pool and of its threads. */
    public static final String POOL_NAME = "karuta-gazelle";

    private final GazelleSettings settings;
    private final TimeSource time;
    private final ConnectionPool pool;
    private final Transactions transactions;
    private volatile BatchWriter writer;
    /** Whether the site's database has Karuta's {@code karuta_flushes} table. */
    private final boolean flushLog;

    private GazelleStore(GazelleSettings settings, TimeSource time, ConnectionPool pool) {
        this.settings = settings;
        this.time = time;
        this.pool = pool;
        this.transactions = new Transactions(pool.dataSource(), "the Gazelle database", pool::evictIdle,
                settings.timeouts());
        this.flushLog = createFlushLog();
    }

    /**
     * Connects to the site's database; {@code time}'s wall clock dates the flushes.
     *
     * @throws StoreException naming the URL (not the password) when it cannot be reached
     */
    public static GazelleStore open(GazelleSettings settings, TimeSource time) {
        ConnectionPool pool = ConnectionPool.open(poolConfig(settings),
                "the Gazelle database " + settings.jdbcUrl() + " as " + settings.user());
        try {
            return new GazelleStore(settings, time, pool);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /**
     * A small pool on the site's database, with the driver's connect and socket timeouts set so that a
     * dead or blocked server fails a call within them instead of hanging it.
     */
    private static HikariConfig poolConfig(GazelleSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(POOL_NAME);
        config.setJdbcUrl(settings.jdbcUrl());
        config.setDriverClassName("org.mariadb.jdbc.Driver");
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(2);
        config.setMinimumIdle(1);
        settings.timeouts().applyTo(config);
        return config;
    }

    /** Makes {@code karuta_flushes} in the site's database; false (logged) when the user may not. */
    private boolean createFlushLog() {
        try {
            transactions.run("create karuta_flushes", c -> {
                try (Statement st = c.createStatement()) {
                    st.execute("CREATE TABLE IF NOT EXISTS karuta_flushes (flush_id BIGINT NOT NULL PRIMARY KEY,"
                            + " written_at BIGINT NOT NULL, KEY karuta_flushes_written (written_at)) ENGINE=InnoDB");
                }
                return null;
            });
            return true;
        } catch (StoreException e) {
            LOG.log(Level.WARNING, "cannot create table karuta_flushes in the Gazelle database ({0}): a flush"
                    + " whose commit is lost to a broken connection may then be written twice", e.getMessage());
            return false;
        }
    }

    /** Reads users, torrents, tokens and whitelist in one transaction (one consistent snapshot). */
    @Override
    public RosterData load() {
        return transactions.run("load the roster", c -> RosterReader.read(c, settings.schema()));
    }

    /**
     * The start-up pass over the site's peer table, in one transaction: the active rows as fresh as
     * {@code since} come back, the older active rows become inactive, and every torrent's live counts
     * are zeroed, as Ocelot zeroes them at start.
     */
    @Override
    public List<Batch.PeerRow> resumePeers(long since) {
        return transactions.run("resume the peers", c -> {
            List<Batch.PeerRow> rows = RosterReader.activePeers(c, since);
            try (PreparedStatement ps = c.prepareStatement(GazelleSchema.DEACTIVATE_PEERS)) {
                ps.setLong(1, since);
                ps.executeUpdate();
            }
            try (Statement st = c.createStatement()) {
                st.executeUpdate(settings.schema().zeroCounts());
            }
            return rows;
        });
    }

    /**
     * Writes {@code batch} in one transaction. Rows the schema refuses on their own are left out and
     * returned, the rest written. Once per {@code flushId}: the number is recorded in Karuta's own table
     * {@code karuta_flushes} in the site's database (created at open when the user may; without it each
     * flush is written as it comes).
     *
     * @throws StoreException when the database cannot be reached, times out, or fails otherwise than
     *                        on a row's data; nothing of the batch is written then
     */
    @Override
    public List<Refusal> write(long flushId, Batch batch) {
        if (batch.isEmpty()) {
            return List.of();
        }
        BatchWriter w = writer();
        long now = time.epochSeconds();
        return transactions.run("write the accounting", c -> {
            if (flushLog && !FlushLog.claim(c, flushId, now)) {
                return List.of(); // written before: its commit's outcome was lost to the caller
            }
            try {
                w.write(c, batch);
                return List.of();
            } catch (SQLException e) {
                if (SqlFailure.of(e) != SqlFailure.DATA) {
                    throw e;
                }
                c.rollback();
            }
            if (flushLog) {
                FlushLog.claim(c, flushId, now);
            }
            return w.writeTolerant(c, batch);
        });
    }

    /** The writer, made on the first write with the column widths the site's schema has then. */
    private BatchWriter writer() {
        BatchWriter w = writer;
        if (w == null) {
            synchronized (this) {
                w = writer;
                if (w == null) {
                    ColumnWidths widths = transactions.run("read the column widths", ColumnWidths::read);
                    w = new BatchWriter(settings.schema(), widths, settings.rowsPerStatement());
                    writer = w;
                }
            }
        }
        return w;
    }

    /** None: the site owns its users, torrents, tokens and whitelist, and changes them itself. */
    @Override
    public Optional<RosterEditor> editor() {
        return Optional.empty();
    }

    /** Closes the pool; no thread of it is left when this returns. */
    @Override
    public void close() {
        pool.close();
    }
}
