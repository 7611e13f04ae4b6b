package dev.karuta.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * A prepared statement whose rows go to the database in JDBC batches of up to {@link #ROWS} rows:
 * bind a row's parameters on {@link #statement()}, then {@link #add()} it; {@link #finish()} sends the
 * rest. With the drivers' batch options (PostgreSQL's {@code reWriteBatchedInserts}, MariaDB's
 * {@code useBulkStmts}) each batch is a few round trips, whatever its size.
 */
final class ChunkedBatch implements AutoCloseable {
    /**
     * Rows per JDBC batch: large enough that a flush of 100k rows is a handful of batches, small
     * enough that the driver's copy of the parameters stays a few megabytes.
     */
    static final int ROWS = 10_000;

    private final PreparedStatement statement;
    private int pending;
    private long rows;

    ChunkedBatch(Connection connection, String sql) throws SQLException {
        this.statement = connection.prepareStatement(sql);
    }

    /** The statement to bind the next row's parameters on. */
    PreparedStatement statement() {
        return statement;
    }

    /** Adds the bound row, sending the batch when it is full. */
    void add() throws SQLException {
        statement.addBatch();
        rows++;
        if (++pending == ROWS) {
            statement.executeBatch();
            pending = 0;
        }
    }

    /** Sends the rows not sent yet; returns how many rows were added in all. */
    long finish() throws SQLException {
        if (pending > 0) {
            statement.executeBatch();
            pending = 0;
        }
        return rows;
    }

    /** Closes the statement; rows not {@linkplain #finish() finished} are dropped. */
    @Override
    public void close() throws SQLException {
        statement.close();
    }
}
