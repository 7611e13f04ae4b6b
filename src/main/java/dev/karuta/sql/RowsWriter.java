package dev.karuta.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Writes rows of one kind on the caller's connection and transaction with statements that each carry
 * up to {@code perStatement} rows ({@code VALUES (..), (..), ...}, or a derived table of parameters),
 * every value a parameter. {@link #write} is the fast path: JDBC batches of such statements, so that
 * 100k rows are a handful of round trips whether or not the driver can batch the statement itself
 * (PostgreSQL's {@code reWriteBatchedInserts} rewrites only INSERTs, MariaDB's bulk command before
 * 11.5 takes no {@code ON DUPLICATE KEY UPDATE}); a refused row fails the call. {@link #writeTolerant}
 * tries the fast path in a savepoint and, when the schema refuses a row ({@link SqlFailure#DATA}),
 * rolls it back, puts each statement in a savepoint of its own and halves a refused one until the
 * rows that fail on their own are found; it drops only those.
 *
 * @param sql          the statement for a number of rows
 * @param perStatement rows per statement (the last statement carries the rest)
 * @param columns      parameters per row
 */
public record RowsWriter(IntFunction<String> sql, int perStatement, int columns) {
    /** About as many rows per JDBC batch: the driver's copy of the parameters stays a few megabytes. */
    static final int BATCH_ROWS = 10_000;

    /** Binds one row's parameters from {@code offset + 1} on. */
    @FunctionalInterface
    public interface Binder<T> {
        void bind(PreparedStatement ps, int offset, T row) throws SQLException;
    }

    /** Told of each row a tolerant write dropped, with what the database said. */
    @FunctionalInterface
    public interface Refusals<T> {
        void refused(T row, SQLException why);
    }

    public RowsWriter {
        if (perStatement < 1) {
            throw new IllegalArgumentException("rows per statement must be positive");
        }
    }

    /** A writer of one row per statement. */
    public static RowsWriter single(String sql) {
        return new RowsWriter(rows -> sql, 1, 0);
    }

    /**
     * Writes {@code rows} in their order.
     *
     * @throws SQLException as the database refused a statement; earlier ones stay written in the
     *                      caller's transaction, which the caller rolls back
     */
    public <T> void write(Connection connection, Collection<T> rows, Binder<T> binder) throws SQLException {
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

    /**
     * Writes {@code rows} as {@link #write} does, one statement at a time, dropping the rows that the
     * schema refuses on their own and telling {@code refusals} of each; returns how many were dropped.
     *
     * @throws SQLException when a statement fails for any other reason than its rows' data
     */
    public <T> int writeTolerant(Connection connection, List<T> rows, Binder<T> binder, Refusals<T> refusals)
            throws SQLException {
        // The fast path first, in a savepoint: only rows of a kind that holds a refused one pay for
        // the statement-by-statement search (a flush's peers are not rewritten one by one because of a user).
        Savepoint whole = connection.setSavepoint();
        try {
            write(connection, rows, binder);
            connection.releaseSavepoint(whole);
            return 0;
        } catch (SQLException e) {
            if (SqlFailure.of(e) != SqlFailure.DATA) {
                throw e;
            }
            connection.rollback(whole);
            connection.releaseSavepoint(whole);
        }
        int dropped = 0;
        try (Statements statements = new Statements(connection)) {
            for (int from = 0; from < rows.size(); from += perStatement) {
                List<T> chunk = rows.subList(from, Math.min(rows.size(), from + perStatement));
                dropped += tolerant(connection, statements, chunk, binder, refusals);
            }
        }
        return dropped;
    }

    private <T> int tolerant(Connection c, Statements statements, List<T> rows, Binder<T> binder,
                             Refusals<T> refusals) throws SQLException {
        Savepoint savepoint = c.setSavepoint();
        try {
            PreparedStatement ps = statements.of(rows.size());
            bind(ps, rows.size(), rows.iterator(), binder);
            ps.executeUpdate();
            c.releaseSavepoint(savepoint);
            return 0;
        } catch (SQLException e) {
            if (SqlFailure.of(e) != SqlFailure.DATA) {
                throw e;
            }
            c.rollback(savepoint);
            c.releaseSavepoint(savepoint);
            if (rows.size() == 1) {
                refusals.refused(rows.get(0), e);
                return 1;
            }
            int half = rows.size() / 2;
            return tolerant(c, statements, rows.subList(0, half), binder, refusals)
                    + tolerant(c, statements, rows.subList(half, rows.size()), binder, refusals);
        }
    }

    private <T> void bind(PreparedStatement ps, int count, Iterator<T> it, Binder<T> binder) throws SQLException {
        for (int r = 0; r < count; r++) {
            binder.bind(ps, r * columns, it.next());
        }
    }

    /** The prepared statements of one tolerant write, one per row count, closed with it. */
    private final class Statements implements AutoCloseable {
        private final Connection c;
        private final Map<Integer, PreparedStatement> bySize = new HashMap<>();

        Statements(Connection c) {
            this.c = c;
        }

        PreparedStatement of(int rows) throws SQLException {
            PreparedStatement ps = bySize.get(rows);
            if (ps == null) {
                ps = c.prepareStatement(sql.apply(rows));
                bySize.put(rows, ps);
            }
            return ps;
        }

        @Override
        public void close() throws SQLException {
            SQLException first = null;
            for (PreparedStatement ps : bySize.values()) {
                try {
                    ps.close();
                } catch (SQLException e) {
                    first = first == null ? e : first;
                }
            }
            if (first != null) {
                throw first;
            }
        }
    }
}
