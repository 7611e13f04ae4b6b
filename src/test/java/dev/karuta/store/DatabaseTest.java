package dev.karuta.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.sql.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Opening a database: the dialect it is, the schema migrated once, transactions, and a clean close. */
class DatabaseTest extends StoreTestBase {

    private static final List<String> TABLES = List.of("karuta_access_list", "karuta_access_entry", "karuta_snatches",
            "karuta_snapshot", "karuta_snapshot_peer");

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    void aFreshDatabaseIsMigratedOnceAndItsDialectKnown(TestDatabase kind) throws Exception {
        StoreSettings settings = fresh(kind);
        try (Database db = Database.open(settings)) {
            assertEquals(kind.dialect(), db.dialect());
            for (String table : TABLES) {
                assertEquals(0, queryLong(db, "SELECT COUNT(*) FROM " + table), table + " exists, empty");
            }
            update(db, insertSnatches("ab", 3));
        }
        try (Database again = Database.open(settings)) {
            assertEquals(3, queryLong(again, "SELECT snatches FROM karuta_snatches"), "reopened, the data is there");
            // Flyway names its table and columns in lower case, which H2 keeps only when quoted.
            String q = kind == TestDatabase.H2 ? "\"" : "";
            assertEquals(1, queryLong(again, "SELECT COUNT(*) FROM " + q + Database.HISTORY_TABLE + q + " WHERE " + q
                    + "version" + q + " = '1' AND " + q + "success" + q + " = ?", true),
                    "one migration, applied once");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    void aTransactionIsAllOrNothing(TestDatabase kind) throws Exception {
        Database db = open(fresh(kind));
        StoreException e = assertThrows(StoreException.class, () -> db.transaction("insert twice", c -> {
            try (var st = c.createStatement()) {
                st.executeUpdate(insertSnatches("01", 1));
                st.executeUpdate(insertSnatches("01", 2));
            }
            return null;
        }));
        assertTrue(e.getMessage().startsWith("cannot insert twice: "), e.getMessage());
        assertEquals(0, queryLong(db, "SELECT COUNT(*) FROM karuta_snatches"), "the first insert was rolled back");
        assertThrows(IllegalStateException.class, () -> db.transaction("fail", c -> {
            try (var st = c.createStatement()) {
                st.executeUpdate(insertSnatches("02", 1));
            }
            throw new IllegalStateException("not SQL");
        }));
        assertEquals(0, queryLong(db, "SELECT COUNT(*) FROM karuta_snatches"), "rolled back on any exception");
        update(db, insertSnatches("03", 1));
        assertEquals(1, queryLong(db, "SELECT COUNT(*) FROM karuta_snatches"), "the connections still commit");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    void closeLeavesNoThreadOfThePool(TestDatabase kind) throws Exception {
        Database db = Database.open(fresh(kind));
        assertFalse(threadsNamed("karuta-db").isEmpty(), "the pool runs its housekeeper");
        db.close();
        assertEquals(Set.of(), threadsNamed("karuta-db"));
        assertEquals(Set.of(), threadsNamed("MVStore"), "H2's background writer is gone with the database");
    }

    @Test
    void theEmbeddedDatabaseCreatesItsDataDirectory() throws Exception {
        Path dir = tmp.resolve("not/yet/there");
        try (Database db = Database.open(StoreSettings.embedded(dir))) {
            assertEquals(Dialect.H2, db.dialect());
        }
        assertTrue(Files.exists(dir.resolve(StoreSettings.EMBEDDED_NAME + ".mv.db")));
    }

    @Test
    void anUnusableDataDirectoryIsNamed() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "not a directory");
        StoreException e = assertThrows(StoreException.class,
                () -> Database.open(StoreSettings.embedded(file.resolve("sub"))));
        assertTrue(e.getMessage().contains("karuta.data.dir"), e.getMessage());
    }

    @Test
    void anUnreachableDatabaseIsNamedWithoutThePassword() {
        StoreSettings settings = new StoreSettings(tmp, "jdbc:postgresql://127.0.0.1:1/nothing?connectTimeout=2",
                "karuta", "secret-pw", "", Duration.ofSeconds(5));
        StoreException e = assertThrows(StoreException.class, () -> Database.open(settings));
        assertTrue(e.getMessage().contains("karuta.db.url"), e.getMessage());
        assertFalse(e.getMessage().contains("secret-pw"), e.getMessage());
        assertEquals(Set.of(), threadsNamed("karuta-db"), "a failed open leaves no thread");
    }

    @Test
    void anotherApplicationsTablesAreLeftAloneAndKarutasAddedBeside() throws Exception {
        StoreSettings settings = StoreSettings.embedded(tmp.resolve("shared"));
        try (Connection c = java.sql.DriverManager.getConnection(settings.jdbcUrl(), "sa", "");
             var st = c.createStatement()) {
            st.execute("CREATE TABLE gazelle_users (id INT PRIMARY KEY)");
            st.execute("INSERT INTO gazelle_users VALUES (7)");
        }
        try (Database db = Database.open(settings)) {
            assertEquals(7, queryLong(db, "SELECT id FROM gazelle_users"));
            assertEquals(0, queryLong(db, "SELECT COUNT(*) FROM karuta_snatches"));
        }
    }

    /** An insert of {@code count} snatches for the info_hash of 20 {@code hexByte}s. */
    private static String insertSnatches(String hexByte, int count) {
        return "INSERT INTO karuta_snatches (info_hash, snatches) VALUES ('" + hexByte.repeat(20) + "', " + count + ")";
    }

    static Set<String> threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith(prefix)).collect(Collectors.toSet());
    }
}
