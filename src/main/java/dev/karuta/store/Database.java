package dev.karuta.store;

import com.zaxxer.hikari.HikariConfig;
import dev.karuta.sql.ConnectionPool;
import dev.karuta.sql.StoreException;
import dev.karuta.sql.Timeouts;
import dev.karuta.sql.Transactions;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collections;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The store's database, migrated to the current schema when opened: a container DataSource found by
 * JNDI (the container owns and closes it), or a {@link ConnectionPool} on a JDBC URL (closed here,
 * its threads gone when {@link #close()} returns). Every call is bounded by the settings'
 * {@link Timeouts} (driver properties on the pool; query and network timeouts on each transaction's
 * connection, a container's too), so a silent database fails it instead of hanging it.
 */
public final class Database implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Database.class.getName());
    /** Flyway's history table, named for Karuta so that a shared database stays readable. */
    static final String HISTORY_TABLE = "karuta_schema_history";

    private final DataSource dataSource;
    private final Dialect dialect;
    private final ConnectionPool pool;
    private final Transactions transactions;

    private Database(DataSource dataSource, ConnectionPool pool, Timeouts timeouts) {
        this.dataSource = dataSource;
        this.pool = pool;
        this.transactions = new Transactions(dataSource, "", pool == null ? () -> { } : pool::evictIdle, timeouts);
        Dialect found;
        try {
            found = transaction("read the database product",
                    c -> Dialect.forProduct(c.getMetaData().getDatabaseProductName()));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        this.dialect = found;
    }

    /**
     * Opens the database {@code settings} name, creating the embedded one's data directory, and
     * migrates it.
     *
     * @throws StoreException naming the setting when the database cannot be reached or migrated
     */
    public static Database open(StoreSettings settings) {
        Database db;
        if (!settings.jndi().isEmpty()) {
            db = new Database(lookup(settings.jndi()), null, settings.timeouts());
        } else {
            if (settings.embedded()) {
                try {
                    Files.createDirectories(settings.dataDir());
                } catch (IOException e) {
                    throw new StoreException("cannot create the data directory " + settings.dataDir()
                            + " (karuta.data.dir): " + e, e);
                }
            }
            db = pooled(settings);
        }
        try {
            db.migrate();
        } catch (RuntimeException e) {
            db.close();
            throw new StoreException("cannot migrate the database schema: " + e.getMessage(), e);
        }
        return db;
    }

    private static Database pooled(StoreSettings settings) {
        String url = settings.jdbcUrl();
        Dialect dialect = Dialect.forUrl(url);
        HikariConfig config = new HikariConfig();
        config.setPoolName("karuta-db");
        config.setJdbcUrl(url);
        // Named, so the driver is found in a webapp's own class loader whatever DriverManager saw first.
        config.setDriverClassName(dialect.driverClassName());
        config.setUsername(settings.jdbcUser());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(1);
        // A silent database fails a call within these instead of hanging it (H2 embedded needs none).
        settings.timeouts().applyTo(config);
        if (dialect == Dialect.POSTGRESQL) {
            // One multi-row INSERT per batch instead of a round trip per row (the swarm snapshot).
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        if (dialect == Dialect.MARIADB) {
            // Batched UPDATEs and DELETEs as one bulk command too, not only INSERTs (five times faster for
            // 100k single-row UPDATEs here). Their update counts become SUCCESS_NO_INFO, which no batch of
            // the store reads.
            config.addDataSourceProperty("useBulkStmts", "true");
        }
        String where = settings.embedded() ? "the embedded database in " + settings.dataDir() + " (karuta.data.dir)"
                : url + " (karuta.db.url)";
        ConnectionPool pool = ConnectionPool.open(config, where);
        return new Database(pool.dataSource(), pool, settings.embedded() ? null : settings.timeouts());
    }

    private static DataSource lookup(String name) {
        try {
            InitialContext context = new InitialContext();
            try {
                Object found = context.lookup(name);
                if (found instanceof DataSource ds) {
                    return ds;
                }
                throw new StoreException("karuta.db.jndi: " + name + " is a "
                        + (found == null ? "null" : found.getClass().getName()) + ", not a javax.sql.DataSource");
            } finally {
                context.close();
            }
        } catch (NamingException e) {
            throw new StoreException("karuta.db.jndi: cannot look up " + name + ": " + e, e);
        }
    }

    private void migrate() {
        Flyway.configure(Database.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .table(HISTORY_TABLE)
                .placeholders(dialect.placeholders())
                // A database (schema) that already holds other applications' tables gets Karuta's beside them.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }

    /** The kind of database. */
    public Dialect dialect() {
        return dialect;
    }

    /**
     * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws.
     *
     * @throws StoreException saying {@code what} failed
     */
    public <T> T transaction(String what, Transactions.Work<T> work) {
        return transactions.run(what, work);
    }

    /**
     * Closes the pool (a container DataSource is left to the container), waits for its threads, and
     * deregisters the JDBC drivers this webapp's class loader registered, so an undeploy leaves neither
     * a thread nor a driver behind.
     */
    @Override
    public void close() {
        if (pool != null) {
            pool.close();
        }
        // With a container DataSource too: the first use of DriverManager in the webapp (Flyway's, say)
        // registers every driver in WEB-INF/lib.
        deregisterOwnDrivers();
    }

    /**
     * Drivers loaded by the webapp's own class loader would pin it after an undeploy. Not when that
     * loader is the application class loader (embedded use, tests): the drivers belong to the JVM then.
     */
    private static void deregisterOwnDrivers() {
        ClassLoader own = Database.class.getClassLoader();
        if (own == ClassLoader.getSystemClassLoader()) {
            return;
        }
        for (Driver driver : Collections.list(DriverManager.getDrivers())) {
            if (driver.getClass().getClassLoader() == own) {
                try {
                    DriverManager.deregisterDriver(driver);
                } catch (SQLException e) {
                    LOG.log(Level.DEBUG, "cannot deregister " + driver, e);
                }
            }
        }
    }

}
