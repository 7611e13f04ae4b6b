package dev.karuta.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The numbers of the accounting flushes a database has taken, in table {@code karuta_flushes}
 * ({@code flush_id} primary key, {@code written_at} epoch seconds), so that a flush retried after an
 * unknown outcome is written once. Claimed inside the flush's own transaction: the number and the
 * accounting commit together or not at all. One flusher per node writes, and numbers are random 64-bit
 * values, so two transactions never claim the same number at once.
 */
public final class FlushLog {
    /** How long numbers are kept: far longer than any retry of one flush takes. */
    public static final long KEEP_SECONDS = 7 * 86_400;

    private FlushLog() {
    }

    /**
     * Records {@code flushId} at {@code now} (epoch seconds) on {@code c}, inside the caller's
     * transaction, and forgets numbers older than a week; returns false when the number was recorded
     * already (the flush was written: write nothing).
     */
    public static boolean claim(Connection c, long flushId, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM karuta_flushes WHERE flush_id = ?")) {
            ps.setLong(1, flushId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return false;
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO karuta_flushes (flush_id, written_at) VALUES (?, ?)")) {
            ps.setLong(1, flushId);
            ps.setLong(2, now);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM karuta_flushes WHERE written_at < ?")) {
            ps.setLong(1, now - KEEP_SECONDS);
            ps.executeUpdate();
        }
        return true;
    }
}
