package dev.karuta.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.lang.System.Logger.Level;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import javax.sql.DataSource;

/**
 * A HikariCP pool whose threads are made by {@link OwnedThreads} and named after the pool, so that
 * none is left once {@link #close()} returns (an undeploy must leave no thread behind).
 */
public final class ConnectionPool implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ConnectionPool.class.getName());

    private final HikariDataSource dataSource;
    private final ScheduledExecutorService housekeeper;
    private final OwnedThreads threads;

    private ConnectionPool(HikariDataSource dataSource, ScheduledExecutorService housekeeper, OwnedThreads threads) {
        this.dataSource = dataSource;
        this.housekeeper = housekeeper;
        this.threads = threads;
    }

    /**
     * Opens the pool {@code config} describes (its pool name names the threads) and connects once, to
     * check the database is there.
     *
     * @throws StoreException "cannot connect to {@code where}" with the root cause, when it is not
     */
    public static ConnectionPool open(HikariConfig config, String where) {
        OwnedThreads threads = new OwnedThreads(config.getPoolName());
        ScheduledExecutorService housekeeper = Executors.newSingleThreadScheduledExecutor(threads);
        config.setThreadFactory(threads);
        config.setScheduledExecutor(housekeeper);
        try {
            return new ConnectionPool(new HikariDataSource(config), housekeeper, threads);
        } catch (RuntimeException e) {
            stop(config.getPoolName(), housekeeper, threads);
            throw new StoreException("cannot connect to " + where + ": " + StoreException.rootMessage(e), e);
        }
    }

    /** The pool, as a DataSource. */
    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * Retires the idle connections (each is closed when next returned or idle): after a connection
     * failure they likely went down with the one that failed, and the next call should start on fresh ones.
     */
    public void evictIdle() {
        dataSource.getHikariPoolMXBean().softEvictConnections();
    }

    /** Closes the pool and waits for its threads to end. */
    @Override
    public void close() {
        dataSource.close();
        stop(dataSource.getPoolName(), housekeeper, threads);
    }

    private static void stop(String name, ScheduledExecutorService housekeeper, OwnedThreads threads) {
        if (!threads.stop(housekeeper)) {
            LOG.log(Level.WARNING, "threads of the pool {0} did not end within 10 s", name);
        }
    }
}
