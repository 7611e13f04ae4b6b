package dev.karuta.sql;

import com.zaxxer.hikari.HikariConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * How long a database may keep Karuta waiting, set one way on every JDBC path, so that a database
 * that stops answering (a partition that sends no reset, a server frozen) fails a call within these
 * bounds instead of hanging it: the driver's connect timeout (the TCP connect and the server's
 * greeting), its socket timeout (every read of a reply), a query timeout on every statement of a
 * {@link Transactions transaction}, and the pool's wait for a connection. H2 embedded needs none.
 *
 * @param connect how long opening a connection may take
 * @param socket  how long any one reply may take: it must exceed the slowest healthy statement
 */
public record Timeouts(Duration connect, Duration socket) {
    /** 5 s to connect, 30 s for a reply: far above a healthy flush (tens of milliseconds). */
    public static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(30));

    public Timeouts {
        positive(connect, "connect timeout");
        positive(socket, "socket timeout");
    }

    /**
     * The driver's properties for the database of {@code config}'s JDBC URL (PostgreSQL counts them in
     * seconds, MariaDB in milliseconds), and the pool's validation and connection timeouts: room for
     * one connect after a failed validation, both within a caller's wait.
     */
    public void applyTo(HikariConfig config) {
        String url = Objects.requireNonNull(config.getJdbcUrl(), "jdbcUrl");
        long connectMillis = connect.toMillis();
        if (url.startsWith("jdbc:postgresql:")) {
            config.addDataSourceProperty("connectTimeout", Long.toString(seconds(connect)));
            config.addDataSourceProperty("socketTimeout", Long.toString(seconds(socket)));
            // A query timeout sends its cancel on a connection of its own, and the statement waits for that
            // send (10 s by default): to a silent server it hangs like any connect.
            config.addDataSourceProperty("cancelSignalTimeout", Long.toString(seconds(connect)));
        } else if (url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:")) {
            config.addDataSourceProperty("connectTimeout", Long.toString(connectMillis));
            config.addDataSourceProperty("socketTimeout", Long.toString(socket.toMillis()));
        }
        long validation = Math.max(250, Math.min(connectMillis, 5000));
        config.setValidationTimeout(validation);
        config.setConnectionTimeout(Math.max(2 * connectMillis, validation + 250));
    }

    /**
     * The query timeout of every statement, in seconds: one second short of the socket timeout (at
     * least 1), so that a slow statement on a live server is cancelled cleanly, its connection kept,
     * before the socket timeout gives up on a silent one.
     */
    public int querySeconds() {
        return (int) Math.max(1, seconds(socket) - 1);
    }

    private static long seconds(Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1000);
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
}
