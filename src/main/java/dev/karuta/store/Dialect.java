package dev.karuta.store;

import dev.karuta.sql.StoreException;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * What differs between the databases the store supports: the driver, the column types the
 * migrations take as placeholders, and the upserts (H2 {@code MERGE}, PostgreSQL {@code ON CONFLICT},
 * MariaDB/MySQL {@code ON DUPLICATE KEY UPDATE}).
 */
public enum Dialect {
    H2("org.h2.Driver", "BINARY", "",
            "MERGE INTO karuta_snatches t USING (VALUES (CAST(? AS CHAR(40)), CAST(? AS BIGINT))) s(info_hash, delta)"
                    + " ON t.info_hash = s.info_hash"
                    + " WHEN MATCHED THEN UPDATE SET snatches = t.snatches + s.delta"
                    + " WHEN NOT MATCHED THEN INSERT (info_hash, snatches) VALUES (s.info_hash, s.delta)",
            "MERGE INTO karuta_access_entry KEY (list_kind, entry) VALUES (?, ?)",
            "MERGE INTO karuta_access_list KEY (list_kind) VALUES (?, ?)"),
    POSTGRESQL("org.postgresql.Driver", "BYTEA", "",
            "INSERT INTO karuta_snatches (info_hash, snatches) VALUES (?, ?)"
                    + " ON CONFLICT (info_hash) DO UPDATE SET snatches = karuta_snatches.snatches + EXCLUDED.snatches",
            "INSERT INTO karuta_access_entry (list_kind, entry) VALUES (?, ?) ON CONFLICT DO NOTHING",
            "INSERT INTO karuta_access_list (list_kind, list_mode) VALUES (?, ?)"
                    + " ON CONFLICT (list_kind) DO UPDATE SET list_mode = EXCLUDED.list_mode"),
    MARIADB("org.mariadb.jdbc.Driver", "BINARY", "CHARACTER SET ascii COLLATE ascii_bin",
            "INSERT INTO karuta_snatches (info_hash, snatches) VALUES (?, ?)"
                    + " ON DUPLICATE KEY UPDATE snatches = snatches + VALUES(snatches)",
            "INSERT INTO karuta_access_entry (list_kind, entry) VALUES (?, ?) ON DUPLICATE KEY UPDATE entry = entry",
            "INSERT INTO karuta_access_list (list_kind, list_mode) VALUES (?, ?)"
                    + " ON DUPLICATE KEY UPDATE list_mode = VALUES(list_mode)");

    private final String driver;
    private final String binary;
    private final String ascii;
    private final String addSnatches;
    private final String addAccessEntry;
    private final String saveAccessMode;

    Dialect(String driver, String binary, String ascii, String addSnatches, String addAccessEntry,
            String saveAccessMode) {
        this.driver = driver;
        this.binary = binary;
        this.ascii = ascii;
        this.addSnatches = addSnatches;
        this.addAccessEntry = addAccessEntry;
        this.saveAccessMode = saveAccessMode;
    }

    /** The dialect whose driver takes {@code url}, or null for any other URL. */
    public static Dialect forUrl(String url) {
        String u = url.toLowerCase(Locale.ROOT);
        if (u.startsWith("jdbc:h2:")) {
            return H2;
        }
        if (u.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        if (u.startsWith("jdbc:mariadb:")) {
            return MARIADB;
        }
        return null;
    }

    /**
     * The dialect of a database by the product name its driver reports, {@code DatabaseMetaData}'s
     * {@code getDatabaseProductName()}: H2, PostgreSQL, MariaDB or MySQL.
     *
     * @throws StoreException for any other database
     */
    public static Dialect forProduct(String productName) {
        String p = productName == null ? "" : productName.toLowerCase(Locale.ROOT);
        if (p.equals("h2")) {
            return H2;
        }
        if (p.equals("postgresql")) {
            return POSTGRESQL;
        }
        if (p.equals("mariadb") || p.equals("mysql")) {
            return MARIADB;
        }
        throw new StoreException("unsupported database '" + productName
                + "' (supported: H2, PostgreSQL, MariaDB, MySQL)");
    }

    /** The JDBC driver class for this dialect's URLs. */
    public String driverClassName() {
        return driver;
    }

    /**
     * The placeholders of the migration scripts: fixed-length byte columns ({@code binary4},
     * {@code binary16}, {@code binary20}), the character set of ASCII key columns ({@code ascii},
     * binary-collated so that keys compare case-sensitively everywhere), and a date and time without
     * zone ({@code timestamp}: MariaDB's {@code DATETIME}, as its {@code TIMESTAMP} follows the
     * session's zone and ends in 2038).
     */
    public Map<String, String> placeholders() {
        boolean sized = this != POSTGRESQL;
        return Map.of("binary4", sized ? binary + "(4)" : binary,
                "binary16", sized ? binary + "(16)" : binary,
                "binary20", sized ? binary + "(20)" : binary,
                "ascii", ascii,
                "timestamp", this == MARIADB ? "DATETIME" : "TIMESTAMP");
    }

    /**
     * Inserts a row of {@code columns} into {@code table}, or, when a row with the same {@code key}
     * columns is there, sets its other {@code columns} to the new values (columns not named keep
     * theirs): one parameter per column, in order. MariaDB's upsert answers a conflict on any unique
     * key, not only {@code key}: a caller checks the table's other unique keys first.
     */
    public String upsertSql(String table, List<String> key, List<String> columns) {
        return upsertSql(table, key, columns, 1);
    }

    /**
     * {@link #upsertSql(String, List, List)} for {@code rows} rows in one statement, their parameters
     * one row after the other. Two rows of one statement must not have the same key.
     */
    public String upsertSql(String table, List<String> key, List<String> columns, int rows) {
        String names = String.join(", ", columns);
        String values = rows(rows, "(" + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")");
        if (this == H2) {
            return "MERGE INTO " + table + " (" + names + ") KEY (" + String.join(", ", key) + ") VALUES " + values;
        }
        StringJoiner set = new StringJoiner(", ");
        for (String c : columns) {
            if (!key.contains(c)) {
                set.add(c + (this == POSTGRESQL ? " = EXCLUDED." + c : " = VALUES(" + c + ")"));
            }
        }
        String insert = "INSERT INTO " + table + " (" + names + ") VALUES " + values;
        return this == POSTGRESQL ? insert + " ON CONFLICT (" + String.join(", ", key) + ") DO UPDATE SET " + set
                : insert + " ON DUPLICATE KEY UPDATE " + set;
    }

    /** {@code row} {@code count} times, separated by commas: the rows of a VALUES list. */
    public static String rows(int count, String row) {
        return String.join(", ", Collections.nCopies(count, row));
    }

    /** Adds a delta to a torrent's snatch count, creating its row: parameters info_hash (hex), delta. */
    String addSnatchesSql() {
        return addSnatches;
    }

    /** Adds an access-list entry unless it is there: parameters list kind, entry. */
    String addAccessEntrySql() {
        return addAccessEntry;
    }

    /** Sets an access list's mode, creating its row: parameters list kind, mode. */
    String saveAccessModeSql() {
        return saveAccessMode;
    }
}
