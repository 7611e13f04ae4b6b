package dev.karuta.gazelle;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes rows of one kind with a {@link GazelleSchema.MultiRow} statement, at most a given number of
 * rows per statement, every value a statement parameter. {@link #write} is the fast path: a refused
 * row fails the call. {@link #writeTolerant} puts each statement in a savepoint and, when the schema
 * refuses one ({@link SqlFailure#DATA}), rolls it back and halves it until the rows that fail on
 * their own are found; it drops only those.
 *
 * @param <R> the row type
 */
final class ChunkedWrite<R> {
    /** Sets the parameters of one row, from {@code index}. */
    @FunctionalInterface
    interface Binder<R> {
        void bind(PreparedStatement ps, int index, R row) throws SQLException;
    }

    /** Told of each row a tolerant write dropped. */
    @FunctionalInterface
    interface Refusals {
        void refused(String table, Object row, SQLException why);
    }

    private final GazelleSchema.MultiRow statement;
    private final int perRow;
    private final Binder<R> binder;

    ChunkedWrite(GazelleSchema.MultiRow statement, Binder<R> binder) {
        this.statement = statement;
        this.perRow = statement.parameters();
        this.binder = binder;
    }

    /**
     * Writes {@code rows}, {@code max} per statement.
     *
     * @throws SQLException as the first failing statement threw it; earlier statements stay written
     *                      in the caller's transaction
     */
    void write(Connection c, List<R> rows, int max) throws SQLException {
        try (Statements statements = new Statements(c)) {
            for (int from = 0; from < rows.size(); from += max) {
                execute(statements, rows, from, Math.min(max, rows.size() - from));
            }
        }
    }

    /**
     * Writes {@code rows} as {@link #write} does, dropping the rows that the schema refuses on their
     * own and telling {@code refusals} of each; returns how many were dropped.
     *
     * @throws SQLException when a statement fails for any other reason than its rows' data
     */
    int writeTolerant(Connection c, List<R> rows, int max, Refusals refusals) throws SQLException {
        int dropped = 0;
        try (Statements statements = new Statements(c)) {
            for (int from = 0; from < rows.size(); from += max) {
                dropped += tolerant(c, statements, rows.subList(from, Math.min(rows.size(), from + max)), refusals);
            }
        }
        return dropped;
    }

    private int tolerant(Connection c, Statements statements, List<R> rows, Refusals refusals) throws SQLException {
        Savepoint savepoint = c.setSavepoint();
        try {
            execute(statements, rows, 0, rows.size());
            c.releaseSavepoint(savepoint);
            return 0;
        } catch (SQLException e) {
            if (SqlFailure.of(e) != SqlFailure.DATA) {
                throw e;
            }
            c.rollback(savepoint);
            c.releaseSavepoint(savepoint);
            if (rows.size() == 1) {
                refusals.refused(statement.table(), rows.get(0), e);
                return 1;
            }
            int half = rows.size() / 2;
            return tolerant(c, statements, rows.subList(0, half), refusals)
                    + tolerant(c, statements, rows.subList(half, rows.size()), refusals);
        }
    }

    /** Binds {@code count} rows of {@code rows} from {@code from} and runs the statement made for them. */
    private void execute(Statements statements, List<R> rows, int from, int count) throws SQLException {
        PreparedStatement ps = statements.of(count);
        for (int i = 0; i < count; i++) {
            binder.bind(ps, 1 + i * perRow, rows.get(from + i));
        }
        ps.executeUpdate();
    }

    /** The prepared statements of one write, one per row count, closed with it. */
    private final class Statements implements AutoCloseable {
        private final Connection c;
        private final Map<Integer, PreparedStatement> bySize = new HashMap<>();

        Statements(Connection c) {
            this.c = c;
        }

        PreparedStatement of(int rows) throws SQLException {
            PreparedStatement ps = bySize.get(rows);
            if (ps == null) {
                ps = c.prepareStatement(statement.sql(rows));
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
