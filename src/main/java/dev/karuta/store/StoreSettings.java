package dev.karuta.store;

import dev.karuta.sql.Timeouts;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Where the store keeps its data: a container DataSource when {@code jndi} is set, else the database at
 * {@code url}, else (both empty) an embedded H2 file database in {@code dataDir}.
 *
 * @param dataDir       directory of the embedded database, created on first start
 * @param url           JDBC URL ({@code jdbc:h2:}, {@code jdbc:postgresql:} or {@code jdbc:mariadb:}), or empty
 * @param user          database user, or empty
 * @param password      database password, or empty; never printed
 * @param jndi          JNDI name of a container DataSource (wins over {@code url}), or empty
 * @param flushInterval how often counted snatches are written
 * @param timeouts      how long the database may keep a call waiting (not used for the embedded one)
 */
public record StoreSettings(Path dataDir, String url, String user, String password, String jndi,
                            Duration flushInterval, Timeouts timeouts) {
    /** Name of the embedded database's files in the data directory ({@code karuta.mv.db}). */
    public static final String EMBEDDED_NAME = "karuta";

    public StoreSettings {
        if (flushInterval.isNegative() || flushInterval.isZero()) {
            throw new IllegalArgumentException("flush interval must be positive");
        }
        if (!url.isEmpty() && Dialect.forUrl(url) == null) {
            throw new IllegalArgumentException("JDBC URL must start with jdbc:h2:, jdbc:postgresql: or jdbc:mariadb:");
        }
        java.util.Objects.requireNonNull(timeouts, "timeouts");
    }

    /** These settings on the {@linkplain Timeouts#DEFAULT default timeouts}. */
    public StoreSettings(Path dataDir, String url, String user, String password, String jndi, Duration flushInterval) {
        this(dataDir, url, user, password, jndi, flushInterval, Timeouts.DEFAULT);
    }

    /** These settings with {@code other} timeouts. */
    public StoreSettings withTimeouts(Timeouts other) {
        return new StoreSettings(dataDir, url, user, password, jndi, flushInterval, other);
    }

    /** The embedded H2 database in {@code dataDir}, on defaults elsewhere. */
    public static StoreSettings embedded(Path dataDir) {
        return new StoreSettings(dataDir, "", "", "", "", Duration.ofSeconds(5));
    }

    /** Whether the store is the embedded H2 file database in {@link #dataDir}. */
    public boolean embedded() {
        return jndi.isEmpty() && url.isEmpty();
    }

    /**
     * The JDBC URL to connect to: {@link #url}, or the embedded database's. An H2 URL always gets
     * {@code DB_CLOSE_ON_EXIT=FALSE}: H2's own shutdown hook would otherwise close the database under
     * the container's graceful stop, before the store has written to it.
     */
    public String jdbcUrl() {
        String base = embedded() ? "jdbc:h2:file:" + dataDir.resolve(EMBEDDED_NAME).toAbsolutePath() : url;
        boolean h2 = Dialect.forUrl(base) == Dialect.H2;
        if (h2 && !base.toUpperCase(java.util.Locale.ROOT).contains("DB_CLOSE_ON_EXIT")) {
            return base + ";DB_CLOSE_ON_EXIT=FALSE";
        }
        return base;
    }

    /** The user to connect as: {@link #user}, or H2's {@code sa} for an H2 database when none is given. */
    public String jdbcUser() {
        return user.isEmpty() && Dialect.forUrl(jdbcUrl()) == Dialect.H2 ? "sa" : user;
    }

    @Override
    public String toString() {
        return "StoreSettings[dataDir=" + dataDir + ", url=" + url + ", user=" + user + ", password="
                + (password.isEmpty() ? "" : "***") + ", jndi=" + jndi + ", flushInterval=" + flushInterval
                + ", timeouts=" + timeouts + "]";
    }
}
