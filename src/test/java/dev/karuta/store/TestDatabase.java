package dev.karuta.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assumptions;

/**
 * The databases every store test runs against: embedded H2 always, PostgreSQL and MariaDB at the
 * URLs of the system properties {@code karuta.test.postgres.url} / {@code karuta.test.mariadb.url}
 * (users {@code karuta.test.postgres.user} / {@code karuta.test.mariadb.user}, no password). An
 * unreachable one skips its tests, saying so, unless {@code -Dkaruta.it.required=true} (CI), which
 * makes that a failure. Each test gets a database of its own: a temporary H2 file, a fresh
 * PostgreSQL schema or a fresh MariaDB database, dropped afterwards.
 */
public enum TestDatabase {
    H2(null, null, null),
    POSTGRESQL("karuta.test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test", "postgres"),
    MARIADB("karuta.test.mariadb.url", "jdbc:mariadb://127.0.0.1:3306/test", "root");

    /** Outcome of the first reachability check of each database: null when reachable, else why not. */
    private static final ConcurrentHashMap<TestDatabase, String> UNREACHABLE = new ConcurrentHashMap<>();

    private final String urlProperty;
    private final String defaultUrl;
    private final String defaultUser;

    TestDatabase(String urlProperty, String defaultUrl, String defaultUser) {
        this.urlProperty = urlProperty;
        this.defaultUrl = defaultUrl;
        this.defaultUser = defaultUser;
    }

    /** A database made for one test, and how to drop it. */
    public record Fresh(StoreSettings settings, AutoCloseable drop) {
    }

    /** The dialect the store must detect here. */
    public Dialect dialect() {
        return switch (this) {
            case H2 -> Dialect.H2;
            case POSTGRESQL -> Dialect.POSTGRESQL;
            case MARIADB -> Dialect.MARIADB;
        };
    }

    /**
     * A new, empty database for one test ({@code tmp} holds the H2 one); skips (or fails, when
     * required) if this database is not reachable.
     */
    public Fresh create(Path tmp) throws SQLException {
        if (this == H2) {
            return new Fresh(StoreSettings.embedded(tmp.resolve("data")), () -> { });
        }
        requireReachable();
        String name = "karuta_t_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        String url;
        String create;
        String drop;
        if (this == POSTGRESQL) {
            url = url() + (url().contains("?") ? "&" : "?") + "currentSchema=" + name;
            create = "CREATE SCHEMA " + name;
            drop = "DROP SCHEMA " + name + " CASCADE";
        } else {
            url = withDatabase(url(), name);
            create = "CREATE DATABASE " + name;
            drop = "DROP DATABASE " + name;
        }
        execute(create);
        StoreSettings settings = new StoreSettings(tmp.resolve("unused"), url, user(), "", "", Duration.ofSeconds(5));
        return new Fresh(settings, () -> execute(drop));
    }

    /** Runs one statement as the test user on the configured (not the fresh) database. */
    void execute(String sql) throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private String url() {
        return System.getProperty(urlProperty, defaultUrl);
    }

    private String user() {
        return System.getProperty(urlProperty.replace(".url", ".user"), defaultUser);
    }

    private Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user());
        p.setProperty("password", "");
        // Fail fast when nothing listens, rather than after the drivers' default timeouts.
        p.setProperty("connectTimeout", this == POSTGRESQL ? "5" : "5000"); // seconds, milliseconds
        return DriverManager.getConnection(url(), p);
    }

    private void requireReachable() {
        String why = UNREACHABLE.computeIfAbsent(this, db -> {
            try (Connection c = connect()) {
                return c.isValid(5) ? "" : "the connection is not valid";
            } catch (SQLException e) {
                return e.getMessage();
            }
        });
        if (!why.isEmpty()) {
            String message = name() + " at " + url() + " (user " + user() + ") is not reachable: " + why
                    + " (set -D" + urlProperty + "=...; .ci/run passes the machine's own)";
            if (Boolean.getBoolean("karuta.it.required")) {
                throw new AssertionError("required for this test: " + message);
            }
            Assumptions.abort("skipped: " + message);
        }
    }

    /** The server of {@code jdbcUrl}, as host and port. */
    public static java.net.InetSocketAddress server(String jdbcUrl) {
        java.net.URI u = java.net.URI.create(jdbcUrl.substring("jdbc:".length()));
        return java.net.InetSocketAddress.createUnresolved(u.getHost(), u.getPort());
    }

    /** {@code jdbcUrl} with its server replaced by 127.0.0.1:{@code port} (a proxy's), plus {@code params} if any. */
    public static String via(String jdbcUrl, int port, String params) {
        java.net.URI u = java.net.URI.create(jdbcUrl.substring("jdbc:".length()));
        String query = u.getRawQuery();
        if (!params.isEmpty()) {
            query = query == null ? params : query + "&" + params;
        }
        return "jdbc:" + u.getScheme() + "://127.0.0.1:" + port + u.getRawPath() + (query == null ? "" : "?" + query);
    }

    /** {@code jdbc:mariadb://host:port/db?x} with {@code db} replaced by {@code name}. */
    static String withDatabase(String url, String name) {
        int hosts = url.indexOf("//") + 2;
        int slash = url.indexOf('/', hosts);
        int query = url.indexOf('?', hosts);
        String tail = query < 0 ? "" : url.substring(query);
        String head = slash < 0 || (query >= 0 && slash > query) ? url.substring(0, query < 0 ? url.length() : query)
                : url.substring(0, slash);
        return head + "/" + name + tail;
    }
}
