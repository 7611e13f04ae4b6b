package dev.karuta.gazelle;

import dev.karuta.accounts.AccountsStore;
import dev.karuta.accounts.Batch;
import dev.karuta.accounts.RosterData;
import dev.karuta.accounts.Torrent;
import dev.karuta.accounts.User;
import dev.karuta.store.FlushLog;
import dev.karuta.store.StoreException;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The accounts of a Gazelle site, kept in the site's own MariaDB/MySQL schema as Ocelot keeps them
 * ({@link GazelleSchema}): the roster is read with Ocelot's queries, accounting is written with its
 * multi-row upserts, in one transaction per batch. The site owns its users, torrents, tokens and
 * whitelist and tells the tracker of changes through the control API, so {@link #keepsChanges()} is
 * false and the {@code save*}/{@code delete*} methods write nothing.
 *
 * <p>A batch with a row the schema refuses (strict mode: a user or torrent the site deleted
 * meanwhile, an expired token's row gone) is written again in one transaction with only the rows
 * that fail on their own dropped and logged, so one bad row never blocks the accounting. A
 * connection failure or timeout throws {@link StoreException} with nothing written; the caller keeps
 * the batch and retries. A dead or blocked database fails a call within the settings' timeouts.
 */
public final class GazelleStore implements AccountsStore {
    private static final System.Logger LOG = System.getLogger(GazelleStore.class.getName());
    /** Refused rows logged one by one per write; the rest are only counted. */
    private static final int LOGGED_REFUSALS = 20;

    private final GazelleSettings settings;
    private final GazellePool pool;
    private volatile BatchWriter writer;
    /** Whether the site's database has Karuta's {@code karuta_flushes} table. */
    private final boolean flushLog;

    private GazelleStore(GazelleSettings settings, GazellePool pool) {
        this.settings = settings;
        this.pool = pool;
        this.flushLog = createFlushLog(pool);
    }

    /** Makes {@code karuta_flushes} in the site's database; false (logged) when the user may not. */
    private static boolean createFlushLog(GazellePool pool) {
        try {
            pool.transaction("create karuta_flushes", c -> {
                try (java.sql.Statement st = c.createStatement()) {
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

    /**
     * Connects to the site's database.
     *
     * @throws StoreException naming the URL (not the password) when it cannot be reached
     */
    public static GazelleStore open(GazelleSettings settings) {
        return new GazelleStore(settings, GazellePool.open(settings));
    }

    /** Reads users, torrents, tokens and whitelist in one transaction (one consistent snapshot). */
    @Override
    public RosterData load() {
        return pool.transaction("load the roster", c -> RosterReader.read(c, settings.schema()));
    }

    @Override
    public List<Batch.PeerRow> resumePeers(long since) {
        return pool.transaction("resume the peers", c -> PeerResumer.resume(c, settings.schema(), since));
    }

    /**
     * Writes {@code batch} in one transaction. Rows the schema refuses on their own are dropped and
     * logged, the rest written. Once per {@code flushId}: the number is recorded in Karuta's own table
     * {@code karuta_flushes} in the site's database (created at open when the user may; without it each
     * flush is written as it comes).
     *
     * @throws StoreException when the database cannot be reached, times out, or fails otherwise than
     *                        on a row's data; nothing of the batch is written then
     */
    @Override
    public void write(long flushId, Batch batch) {
        if (batch.isEmpty()) {
            return;
        }
        BatchWriter w = writer();
        long now = System.currentTimeMillis() / 1000;
        pool.transaction("write the accounting", c -> {
            if (flushLog && !FlushLog.claim(c, flushId, now)) {
                return null; // written before: its commit's outcome was lost to the caller
            }
            try {
                w.write(c, batch);
                return null;
            } catch (SQLException e) {
                if (SqlFailure.of(e) != SqlFailure.DATA) {
                    throw e;
                }
                c.rollback();
                LOG.log(Level.WARNING, "the Gazelle database refused a row of the accounting ({0});"
                        + " writing the batch again, dropping only the rows that fail on their own", e.getMessage());
            }
            if (flushLog) {
                FlushLog.claim(c, flushId, now);
            }
            writeTolerant(c, w, batch);
            return null;
        });
    }

    private static void writeTolerant(Connection c, BatchWriter w, Batch batch) throws SQLException {
        int[] logged = {0};
        int dropped = w.writeTolerant(c, batch, (table, row, why) -> {
            if (logged[0]++ < LOGGED_REFUSALS) {
                LOG.log(Level.WARNING, "dropped a row of {0} the Gazelle database refuses: {1} ({2})", table, row,
                        why.getMessage());
            }
        });
        LOG.log(Level.WARNING, "wrote the accounting without the {0} rows the Gazelle database refuses", dropped);
    }

    /** The writer, made on the first write with the column widths the site's schema has then. */
    private BatchWriter writer() {
        BatchWriter w = writer;
        if (w == null) {
            synchronized (this) {
                w = writer;
                if (w == null) {
                    ColumnWidths widths = pool.transaction("read the column widths", ColumnWidths::read);
                    w = new BatchWriter(settings.schema(), widths, settings.rowsPerStatement());
                    writer = w;
                }
            }
        }
        return w;
    }

    /** False: the site owns its users, torrents, tokens and whitelist. */
    @Override
    public boolean keepsChanges() {
        return false;
    }

    /** Writes nothing: the site's own {@code users_main} row is the truth, changed by the site. */
    @Override
    public void saveUser(User user) {
    }

    /** Writes nothing: the site disables or deletes its users itself. */
    @Override
    public void deleteUser(int userId) {
    }

    /** Writes nothing: the site's own {@code torrents} row is the truth, changed by the site. */
    @Override
    public void saveTorrent(Torrent torrent) {
    }

    /** Writes nothing: the site deletes its torrents itself. */
    @Override
    public void deleteTorrent(int torrentId) {
    }

    /** Writes nothing: the site's {@code users_freeleeches} rows are the truth (used-up ones expire in writes). */
    @Override
    public void saveToken(int userId, int torrentId, boolean active) {
    }

    /** Writes nothing: the site's {@code xbt_client_whitelist} is the truth, changed by the site. */
    @Override
    public void saveWhitelist(List<String> prefixes) {
    }

    /** Closes the pool; no thread of it is left when this returns. */
    @Override
    public void close() {
        pool.close();
    }
}
