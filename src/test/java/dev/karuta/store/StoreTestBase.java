package dev.karuta.store;

import dev.karuta.testing.Cleanup;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the store tests share: a fresh database of the {@link TestDatabase} kind under test, opened
 * stores closed and fresh databases dropped after each test, newest first.
 */
public abstract class StoreTestBase {
    @TempDir
    protected Path tmp;

    private final Cleanup cleanup = new Cleanup();

    /** A new empty database of {@code kind}, dropped after the test. */
    protected StoreSettings fresh(TestDatabase kind) throws SQLException {
        TestDatabase.Fresh fresh = kind.create(tmp);
        cleanup.push(fresh.drop());
        return fresh.settings();
    }

    /** The database of {@code settings}, opened (migrated) and closed after the test. */
    protected Database open(StoreSettings settings) {
        Database db = Database.open(settings);
        cleanup.push(db);
        return db;
    }

    /** Closes {@code closeable} after the test (closing twice is harmless for the store's types). */
    protected <T extends AutoCloseable> T closeLater(T closeable) {
        cleanup.push(closeable);
        return closeable;
    }

    /** One number from a query with {@code args}, read in its own transaction. */
    protected static long queryLong(Database db, String sql, Object... args) {
        return db.transaction("test query", c -> queryLong(c, sql, args));
    }

    protected static long queryLong(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }

    /** Runs statements in one transaction. */
    protected static void update(Database db, String... sql) {
        db.transaction("test update", c -> {
            try (var st = c.createStatement()) {
                for (String s : sql) {
                    st.executeUpdate(s);
                }
            }
            return null;
        });
    }

    @AfterEach
    void cleanUp() throws Exception {
        cleanup.close();
    }
}
