package dev.karuta.sql;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * What a failed statement says about the write it was part of: the database went away or is busy
 * ({@link #CONNECTION}: keep the batch and try it all later), one of its rows is refused by the
 * schema ({@link #DATA}: drop that row, write the rest), or anything else ({@link #OTHER}, say a
 * missing column: keep the batch, someone must fix the schema).
 */
public enum SqlFailure {
    /** The connection broke, timed out, or the server asked to retry (deadlock, lock wait timeout). */
    CONNECTION,
    /** A row's values do not fit the schema: strict mode, a foreign key, a NOT NULL without default. */
    DATA,
    /** Neither: a syntax error, a missing table or column, a missing privilege. */
    OTHER;

    /** MariaDB/MySQL errors a retry can cure: lock wait timeout, deadlock, server gone, lost connection. */
    private static final Set<Integer> RETRY_CODES = Set.of(1205, 1213, 2006, 2013);
    /**
     * MariaDB/MySQL errors that one row's values cause, reported with a general SQLSTATE: no default
     * for a field (1364), incorrect value (1366), data truncated (1265), foreign key parent or child
     * missing (1216, 1217, 1451, 1452), column cannot be null (1048), out of range (1264), too long
     * (1406), incorrect datetime (1292), duplicate key (1062).
     */
    private static final Set<Integer> DATA_CODES = Set.of(1364, 1366, 1265, 1216, 1217, 1451, 1452, 1048, 1264,
            1406, 1292, 1062);

    /** The kind of {@code e}, judged on it and its causes: a connection failure anywhere wins. */
    public static SqlFailure of(SQLException e) {
        boolean data = false;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (!(t instanceof SQLException s)) {
                continue;
            }
            if (connection(s)) {
                return CONNECTION;
            }
            data |= data(s);
        }
        return data ? DATA : OTHER;
    }

    private static boolean connection(SQLException s) {
        String state = s.getSQLState();
        return s instanceof SQLTransientException || s instanceof SQLRecoverableException
                || s instanceof SQLNonTransientConnectionException || RETRY_CODES.contains(s.getErrorCode())
                || state != null && (state.startsWith("08") || state.startsWith("40") || state.equals("70100"));
    }

    private static boolean data(SQLException s) {
        String state = s.getSQLState();
        return DATA_CODES.contains(s.getErrorCode())
                || state != null && (state.startsWith("22") || state.startsWith("23"));
    }
}
