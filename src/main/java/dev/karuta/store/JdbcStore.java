package dev.karuta.store;

import dev.karuta.core.TimeSource;
import dev.karuta.sql.StoreException;
import java.lang.System.Logger.Level;

/**
 * Everything the tracker keeps in its database, opened together and closed in reverse order: the
 * access lists, the snatch ledger (a bounded cache over the database) with its flusher and the swarm
 * snapshot. A private tracker's own accounts live in the same database ({@link #database()}).
 */
public final class JdbcStore implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(JdbcStore.class.getName());

    private final StoreSettings settings;
    private final Database database;
    private final JdbcAccessListStore accessLists;
    private final JdbcSnatchLedger ledger;
    private final SwarmSnapshot snapshot;
    private Flusher flusher;

    private JdbcStore(StoreSettings settings, Database database, TimeSource time, long snatchCounts) {
        this.settings = settings;
        this.database = database;
        this.accessLists = new JdbcAccessListStore(database);
        this.ledger = JdbcSnatchLedger.load(database, snatchCounts);
        this.snapshot = new SwarmSnapshot(database, time);
    }

    /**
     * Opens (and migrates) the database of {@code settings}; snatch counts are read as they are needed;
     * the flusher is started separately ({@link #startFlushing()}); {@code time} dates the swarm snapshots.
     *
     * @throws StoreException naming the setting when the database cannot be opened
     */
    public static JdbcStore open(StoreSettings settings, TimeSource time) {
        return open(settings, time, JdbcSnatchLedger.DEFAULT_CAPACITY);
    }

    /**
     * As {@link #open(StoreSettings, TimeSource)}, holding at most {@code snatchCounts} snatch counts in
     * memory (the registry's most torrents: a shared registry asks each live swarm's count at every announce).
     */
    public static JdbcStore open(StoreSettings settings, TimeSource time, long snatchCounts) {
        Database database = Database.open(settings);
        try {
            return new JdbcStore(settings, database, time, snatchCounts);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /** The access lists an operator entered. */
    public AccessListStore accessLists() {
        return accessLists;
    }

    /** The snatch counts, for the swarm registry. */
    public JdbcSnatchLedger ledger() {
        return ledger;
    }

    /** The swarm snapshot of graceful stops. */
    public SwarmSnapshot snapshot() {
        return snapshot;
    }

    /** The database underneath, where a private tracker's own accounts are kept too (closed with the store). */
    public Database database() {
        return database;
    }

    /** Starts writing the snatch counts every {@code karuta.db.flushInterval}; once. */
    public synchronized void startFlushing() {
        if (flusher == null) {
            flusher = new Flusher(ledger, settings.flushInterval());
        }
    }

    /**
     * Stops the flusher, writes the remaining snatch counts (a failure is logged: they are lost) and
     * closes the database; no thread of the store is left when it returns.
     */
    @Override
    public synchronized void close() {
        if (flusher != null) {
            flusher.close();
            flusher = null;
        }
        try {
            ledger.flush();
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "cannot write the last " + ledger.pending() + " snatch counts: " + e.getMessage(), e);
        }
        database.close();
    }
}
