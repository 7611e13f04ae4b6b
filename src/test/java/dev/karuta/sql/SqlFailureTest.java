package dev.karuta.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

/** Failures are sorted into retry-the-batch, drop-the-row and neither, by SQLSTATE, error code and type. */
class SqlFailureTest {

    @Test
    void lostConnectionsTimeoutsAndDeadlocksAreConnectionFailures() {
        assertEquals(SqlFailure.CONNECTION, SqlFailure.of(new SQLNonTransientConnectionException("socket", "08000")));
        assertEquals(SqlFailure.CONNECTION, SqlFailure.of(new SQLTransientConnectionException("pool timeout")));
        assertEquals(SqlFailure.CONNECTION, SqlFailure.of(new SQLTimeoutException("query", "70100")));
        assertEquals(SqlFailure.CONNECTION, SqlFailure.of(new SQLTransactionRollbackException("deadlock", "40001",
                1213)));
        assertEquals(SqlFailure.CONNECTION, SqlFailure.of(new SQLException("Lock wait timeout", "HY000", 1205)));
        assertEquals(SqlFailure.CONNECTION, SqlFailure.of(new SQLException("gone away", "HY000", 2006)));
    }

    @Test
    void valuesTheSchemaRefusesAreDataFailures() {
        assertEquals(SqlFailure.DATA, SqlFailure.of(new SQLException("no default value", "HY000", 1364)));
        assertEquals(SqlFailure.DATA, SqlFailure.of(new SQLIntegrityConstraintViolationException("fk", "23000",
                1452)));
        assertEquals(SqlFailure.DATA, SqlFailure.of(new SQLException("Out of range value", "22003", 1264)));
        assertEquals(SqlFailure.DATA, SqlFailure.of(new SQLException("Data too long", "22001", 1406)));
    }

    @Test
    void aBrokenSchemaIsNeither() {
        assertEquals(SqlFailure.OTHER, SqlFailure.of(new SQLSyntaxErrorException("Unknown column", "42S22", 1054)));
        assertEquals(SqlFailure.OTHER, SqlFailure.of(new SQLException("denied", "42000", 1142)));
    }

    @Test
    void aConnectionFailureAnywhereInTheCausesWins() {
        SQLException data = new SQLException("no default value", "HY000", 1364);
        data.initCause(new SQLNonTransientConnectionException("socket", "08000"));
        assertEquals(SqlFailure.CONNECTION, SqlFailure.of(data));
        SQLException wrapped = new SQLException("wrapped");
        wrapped.initCause(new SQLException("fk", "23000", 1452));
        assertEquals(SqlFailure.DATA, SqlFailure.of(wrapped));
    }
}
