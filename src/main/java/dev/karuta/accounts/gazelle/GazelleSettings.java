package dev.karuta.accounts.gazelle;

import dev.karuta.sql.Timeouts;
import java.time.Duration;
import java.util.Objects;

/**
 * Where a Gazelle site's database is and how Karuta talks to it.
 *
 * @param jdbcUrl          {@code jdbc:mariadb://host:port/database} (MariaDB's driver; it also talks to MySQL)
 * @param user             database user
 * @param password         database password, possibly empty; never printed
 * @param schema           which Gazelle the site runs
 * @param connectTimeout   how long opening a connection may take, the server's greeting included
 * @param socketTimeout    how long any one statement may wait for the server: a dead or blocked database makes
 *                         a call fail after this, never hang (so it must exceed the slowest healthy statement)
 * @param rowsPerStatement the most rows one multi-row {@code INSERT} carries
 */
public record GazelleSettings(String jdbcUrl, String user, String password, GazelleSchema schema,
                              Duration connectTimeout, Duration socketTimeout, int rowsPerStatement) {
    /** Default connect timeout: 5 s. */
    public static final Duration CONNECT_TIMEOUT = Timeouts.DEFAULT.connect();
    /** Default socket timeout: 30 s, far above a healthy 1000-row upsert (tens of milliseconds). */
    public static final Duration SOCKET_TIMEOUT = Timeouts.DEFAULT.socket();
    /** Default rows per statement: 1000, as Ocelot's statements are of about that size at most. */
    public static final int ROWS_PER_STATEMENT = 1000;
    /** The most rows per statement allowed: 5000 peer rows are 75,000 parameters' worth of text. */
    public static final int MAX_ROWS_PER_STATEMENT = 5000;

    public GazelleSettings {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(schema, "schema");
        password = password == null ? "" : password;
        if (!jdbcUrl.startsWith("jdbc:mariadb:")) {
            throw new IllegalArgumentException("the Gazelle database URL must start with jdbc:mariadb:"
                    + " (MariaDB's driver, which also talks to MySQL)");
        }
        if (user.isEmpty()) {
            throw new IllegalArgumentException("the Gazelle database user must not be empty");
        }
        positive(connectTimeout, "connect timeout");
        positive(socketTimeout, "socket timeout");
        if (rowsPerStatement < 1 || rowsPerStatement > MAX_ROWS_PER_STATEMENT) {
            throw new IllegalArgumentException("rows per statement must be between 1 and " + MAX_ROWS_PER_STATEMENT);
        }
    }

    /** The database at {@code jdbcUrl} on the default timeouts and statement size. */
    public static GazelleSettings of(String jdbcUrl, String user, String password, GazelleSchema schema) {
        return new GazelleSettings(jdbcUrl, user, password, schema, CONNECT_TIMEOUT, SOCKET_TIMEOUT,
                ROWS_PER_STATEMENT);
    }

    /** The timeouts, as every pool sets them. */
    public Timeouts timeouts() {
        return new Timeouts(connectTimeout, socketTimeout);
    }

    /** These settings with {@code timeouts}. */
    public GazelleSettings withTimeouts(Timeouts timeouts) {
        return withTimeouts(timeouts.connect(), timeouts.socket());
    }

    /** These settings with other timeouts. */
    public GazelleSettings withTimeouts(Duration connect, Duration socket) {
        return new GazelleSettings(jdbcUrl, user, password, schema, connect, socket, rowsPerStatement);
    }

    /** These settings with another statement size. */
    public GazelleSettings withRowsPerStatement(int rows) {
        return new GazelleSettings(jdbcUrl, user, password, schema, connectTimeout, socketTimeout, rows);
    }

    private static void positive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.toMillis() < 1) {
            throw new IllegalArgumentException(what + " must be at least 1 ms");
        }
        if (d.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + " is too long");
        }
    }

    @Override
    public String toString() {
        return "GazelleSettings[jdbcUrl=" + jdbcUrl + ", user=" + user + ", password="
                + (password.isEmpty() ? "" : "***") + ", schema=" + schema + ", connectTimeout=" + connectTimeout
                + ", socketTimeout=" + socketTimeout + ", rowsPerStatement=" + rowsPerStatement + "]";
    }
}
