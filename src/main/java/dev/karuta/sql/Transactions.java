package dev.karuta.sql;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Runs work in one transaction each on connections of a DataSource: committed when the work returns,
 * rolled back when it throws, every failure turned into a {@link StoreException} that says what failed
 * and where. The connection's auto-commit mode is given back as it was found (a container's pool may
 * hand the connection to others). With {@link Timeouts}, every statement of the work carries their
 * query timeout and every read their socket timeout, whatever the DataSource.
 */
public final class Transactions {
    private static final System.Logger LOG = System.getLogger(Transactions.class.getName());
    /** Work done with one connection inside a transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;
    private final String where;
    private final Runnable connectionLost;
    private final Timeouts timeouts;

    /**
     * Transactions on {@code dataSource}; {@code where} names the database in failures (empty: not
     * named); {@code connectionLost} runs after a failure {@link SqlFailure#CONNECTION} (a pool retires
     * its idle connections, say); {@code timeouts} bound every statement and read (null: none, for H2
     * embedded).
     */
    public Transactions(DataSource dataSource, String where, Runnable connectionLost, Timeouts timeouts) {
        this.dataSource = dataSource;
        this.where = where;
        this.connectionLost = connectionLost;
        this.timeouts = timeouts;
    }

    /** Transactions without timeouts (H2 embedded, tests). */
    public Transactions(DataSource dataSource, String where, Runnable connectionLost) {
        this(dataSource, where, connectionLost, null);
    }

    /**
     * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws.
     *
     * @throws StoreException saying {@code what} failed, when the work or the database fails
     */
    public <T> T run(String what, Work<T> work) {
        try (Connection pooled = dataSource.getConnection()) {
            Connection c = timeouts == null ? pooled : QueryTimeout.wrap(pooled, timeouts);
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(c, e);
                throw e;
            } finally {
                restore(c, autoCommit);
            }
        } catch (SQLException e) {
            if (SqlFailure.of(e) == SqlFailure.CONNECTION) {
                connectionLost.run();
            }
            throw new StoreException("cannot " + what + (where.isEmpty() ? "" : " in " + where) + ": "
                    + StoreException.rootMessage(e), e);
        }
    }

    private static void rollback(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /**
     * Gives the connection its auto-commit mode back. A connection that broke meanwhile refuses, which
     * must not hide the work's own outcome: its pool discards it anyway.
     */
    private static void restore(Connection c, boolean autoCommit) {
        if (autoCommit) {
            try {
                c.setAutoCommit(true);
            } catch (SQLException e) {
                LOG.log(System.Logger.Level.DEBUG, "cannot restore auto-commit: {0}", e.getMessage());
            }
        }
    }
}
