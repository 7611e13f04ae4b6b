package dev.karuta.gazelle;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.karuta.store.OwnedThreads;
import dev.karuta.store.StoreException;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The Gazelle store's own small HikariCP pool ({@code karuta-gazelle}) on the site's database, with
 * the driver's connect and socket timeouts set so that a dead or blocked server fails a call within
 * them instead of hanging it. Its threads come from {@link OwnedThreads}: none is left once
 * {@link #close()} returns.
 */
final class GazellePool implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(GazellePool.class.getName());
    static final String NAME = "karuta-gazelle";

    /** Work done with one connection inside a transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final HikariDataSource pool;
    private final ScheduledExecutorService housekeeper;
    private final OwnedThreads threads;

    private GazellePool(HikariDataSource pool, ScheduledExecutorService housekeeper, OwnedThreads threads) {
        this.pool = pool;
        this.housekeeper = housekeeper;
        this.threads = threads;
    }

    /** Connects once to check the database is there; throws {@link StoreException} naming the URL if not. */
    static GazellePool open(GazelleSettings settings) {
        OwnedThreads threads = new OwnedThreads(NAME);
        ScheduledExecutorService housekeeper = Executors.newSingleThreadScheduledExecutor(threads);
        long connect = settings.connectTimeout().toMillis();
        HikariConfig config = new HikariConfig();
        config.setPoolName(NAME);
        config.setJdbcUrl(settings.jdbcUrl());
        config.setDriverClassName("org.mariadb.jdbc.Driver");
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        // Driver properties: the TCP connect and the server's greeting, then every read of a reply.
        config.addDataSourceProperty("connectTimeout", Long.toString(connect));
        config.addDataSourceProperty("socketTimeout", Long.toString(settings.socketTimeout().toMillis()));
        config.setMaximumPoolSize(2);
        config.setMinimumIdle(1);
        long validation = Math.max(250, Math.min(connect, 5000));
        config.setValidationTimeout(validation);
        // Room for one connect attempt after a failed validation, both within the caller's wait.
        config.setConnectionTimeout(Math.max(2 * connect, validation + 250));
        config.setThreadFactory(threads);
        config.setScheduledExecutor(housekeeper);
        try {
            return new GazellePool(new HikariDataSource(config), housekeeper, threads);
        } catch (RuntimeException e) {
            stop(housekeeper, threads);
            throw new StoreException("cannot connect to the Gazelle database " + settings.jdbcUrl() + " as "
                    + settings.user() + ": " + StoreException.rootMessage(e), e);
        }
    }

    /**
     * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws.
     *
     * @throws StoreException saying {@code what} failed
     */
    <T> T transaction(String what, Work<T> work) {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException r) {
                    e.addSuppressed(r);
                }
                throw e;
            }
        } catch (SQLException e) {
            if (SqlFailure.of(e) == SqlFailure.CONNECTION) {
                // The idle connections likely went down with this one: the next call starts on fresh ones.
                pool.getHikariPoolMXBean().softEvictConnections();
            }
            throw new StoreException("cannot " + what + " in the Gazelle database: " + StoreException.rootMessage(e),
                    e);
        }
    }

    /** Closes the pool and waits for its threads to end. */
    @Override
    public void close() {
        pool.close();
        stop(housekeeper, threads);
    }

    private static void stop(ScheduledExecutorService housekeeper, OwnedThreads threads) {
        if (!threads.stop(housekeeper)) {
            LOG.log(Level.WARNING, "Gazelle pool threads did not end within 10 s");
        }
    }

}
