package dev.karuta.app.config;

import static dev.karuta.app.config.ValueParser.integer;
import static dev.karuta.app.config.ValueParser.text;

import dev.karuta.store.Dialect;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/** The keys of where the tracker keeps its data: the data directory and the database. */
public final class StoreKeys {
    public static final Key<Path> DATA_DIR = Key.of("karuta.data.dir", "", StoreKeys::path,
            "absolute directory of the embedded H2 database (`karuta.mv.db`, created on first start), of the"
                    + " admin realm file `admin-realm.properties`, and of a private tracker's accounting not yet"
                    + " written (`accounts-pending.bin`, `accounts-journal.bin`: [persistence](persistence.md))")
            .defaultDoc("the first path of `$STATE_DIRECTORY` (systemd's `StateDirectory=karuta`), else"
                    + " `${user.home}/.karuta`: [deployment](deployment.md#the-data-directory)")
            .fallback((earlier, source) -> DataDirectory.byDefault(source).path().toString());
    public static final Key<String> DB_URL = Key.of("karuta.db.url", "", StoreKeys::jdbcUrl,
            "JDBC URL of a PostgreSQL (`jdbc:postgresql:`) or MariaDB/MySQL (`jdbc:mariadb:`) database instead;"
                    + " it is logged, so keep the password out of it")
            .defaultDoc("(embedded H2)")
            .unechoed();
    public static final Key<String> DB_USER = Key.of("karuta.db.user", "", text(), "database user")
            .defaultDoc("(none; `sa` for H2)");
    public static final Key<String> DB_PASSWORD = Key.of("karuta.db.password", "", text(),
            "database password; never logged").secret();
    public static final Key<String> DB_JNDI = Key.of("karuta.db.jndi", "", StoreKeys::jndiName,
            "JNDI name of a container DataSource, e.g. `java:comp/env/jdbc/karuta`; wins over `karuta.db.url`");
    public static final Key<Integer> DB_FLUSH_INTERVAL = Key.of("karuta.db.flushInterval", "5", integer(1, 3600),
            "seconds between writes of the snatch counts (1..3600)");

    public static final Key<Integer> DB_CONNECT_TIMEOUT = Key.of("karuta.db.connectTimeout", "5", integer(1, 600),
            "seconds opening a connection may take (TCP connect and the server's greeting), for this database and a"
                    + " Gazelle site's (1..600)");
    public static final Key<Integer> DB_SOCKET_TIMEOUT = Key.of("karuta.db.socketTimeout", "30", integer(1, 3600),
            "seconds any one reply of the database may take, for this database and a Gazelle site's: a silent one"
                    + " fails a call after it instead of hanging it; statements get a query timeout 1 s shorter;"
                    + " must exceed the slowest healthy statement (1..3600)");

    static final List<Key<?>> ALL = List.of(DATA_DIR, DB_URL, DB_USER, DB_PASSWORD, DB_JNDI, DB_FLUSH_INTERVAL,
            DB_CONNECT_TIMEOUT, DB_SOCKET_TIMEOUT);

    private StoreKeys() {
    }

    private static Path path(String raw) {
        try {
            return Path.of(raw);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("not a path: " + e.getReason());
        }
    }

    private static String jdbcUrl(String raw) {
        if (!raw.isEmpty() && Dialect.forUrl(raw) == null) {
            throw new IllegalArgumentException(
                    "must start with jdbc:h2:, jdbc:postgresql: or jdbc:mariadb: (which serves MySQL too)");
        }
        return raw;
    }

    private static String jndiName(String raw) {
        if (raw.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("must be a JNDI name such as java:comp/env/jdbc/karuta");
        }
        return raw;
    }
}
