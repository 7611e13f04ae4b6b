package dev.karuta.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Iterator;
import java.util.function.IntFunction;

/**
 * Sends rows to the database as JDBC batches of statements that each carry up to
 * {@code perStatement} rows ({@code VALUES (..), (..), ...}), so that a flush of 100k rows is a
 * handful of batches whether or not the driver can batch the statement itself: PostgreSQL's
 * {@code reWriteBatchedInserts} rewrites only INSERTs, and MariaDB's bulk command before 11.5 takes
 * no {@code ON DUPLICATE KEY UPDATE}. With one row per statement this is a plain JDBC batch.
 *
 * @param sql          the statement for a number of rows
 * @param perStatement rows per statement (the last statement carries the rest)
 * @param columns      parameters per row
 */
record RowsWriter(IntFunction<String> sql, int perStatement, int columns) {
    /** About as many rows per JDBC batch: the driver's copy of the parameters stays a few megabytes. */
    static final int BATCH_ROWS = 10_000;

    /** Binds one row's parameters from {@code offset + 1} on. */
    @FunctionalInterface
    interface Binder<T> {
        void bind(PreparedStatement ps, int offset, T row) throws SQLException;
    }

    /** A writer of one row per statement. */
    static RowsWriter single(String sql) {
        return new RowsWriter(rows -> sql, 1, 0);
    }

    /** Writes {@code rows} on {@code connection}, in their order, in the caller's transaction. */
    <T> void write(Connection connection, Collection<T> rows, Binder<T> binder) throws SQLException {
        Iterator<T> it = rows.iterator();
        int full = rows.size() / perStatement;
        int rest = rows.size() % perStatement;
        if (full > 0) {
            try (PreparedStatement ps = connection.prepareStatement(sql.apply(perStatement))) {
                int pending = 0;
                for (int s = 0; s < full; s++) {
                    bind(ps, perStatement, it, binder);
                    ps.addBatch();
                    pending += perStatement;
                    if (pending >= BATCH_ROWS) {
                        ps.executeBatch();
                        pending = 0;
                    }
                }
                if (pending > 0) {
                    ps.executeBatch();
                }
            }
        }
        if (rest > 0) {
            try (PreparedStatement ps = connection.prepareStatement(sql.apply(rest))) {
                bind(ps, rest, it, binder);
                ps.executeUpdate();
            }
        }
    }

    private <T> void bind(PreparedStatement ps, int count, Iterator<T> it, Binder<T> binder) throws SQLException {
        for (int r = 0; r < count; r++) {
            binder.bind(ps, r * columns, it.next());
        }
    }
}
