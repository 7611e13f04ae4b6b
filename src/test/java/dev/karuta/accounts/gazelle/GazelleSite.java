package dev.karuta.accounts.gazelle;

import dev.karuta.store.TestDatabase;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * A Gazelle site's database for one test: a fresh MariaDB database (see {@link TestDatabase}: skipped
 * when unreachable unless {@code karuta.it.required}) with the tables of {@link GazelleDdl}, filled and
 * read back over a connection of its own, dropped on {@link #close()}.
 */
final class GazelleSite implements AutoCloseable {
    private final GazelleSchema schema;
    private final String url;
    private final String user;
    private final AutoCloseable drop;
    private final Connection connection;

    private GazelleSite(GazelleSchema schema, String url, String user, AutoCloseable drop) throws SQLException {
        this.schema = schema;
        this.url = url;
        this.user = user;
        this.drop = drop;
        this.connection = DriverManager.getConnection(url, user, "");
    }

    /** A new site database of {@code schema}; {@code tmp} is the test's temporary directory. */
    static GazelleSite create(GazelleSchema schema, Path tmp) throws Exception {
        TestDatabase.Fresh fresh = TestDatabase.MARIADB.create(tmp);
        GazelleSite site;
        try {
            site = new GazelleSite(schema, fresh.settings().jdbcUrl(), fresh.settings().jdbcUser(), fresh.drop());
        } catch (SQLException | RuntimeException e) {
            fresh.drop().close();
            throw e;
        }
        try {
            GazelleDdl.apply(site.connection, schema);
        } catch (SQLException | RuntimeException e) {
            site.close();
            throw e;
        }
        return site;
    }

    GazelleSchema schema() {
        return schema;
    }

    /** The JDBC URL of this database (for a proxy: its host and port replaced). */
    String url() {
        return url;
    }

    /** The database server's host. */
    String host() {
        return URI.create(url.substring("jdbc:".length())).getHost();
    }

    /** The database server's port. */
    int port() {
        int port = URI.create(url.substring("jdbc:".length())).getPort();
        return port < 0 ? 3306 : port;
    }

    /** This database's URL with the server at 127.0.0.1:{@code port} (a proxy's). */
    String urlVia(int port) {
        return "jdbc:mariadb://127.0.0.1:" + port + URI.create(url.substring("jdbc:".length())).getRawPath();
    }

    /** Settings for a store on this database, with short timeouts. */
    GazelleSettings settings() {
        return settings(url);
    }

    /** Settings for a store on this database reached at {@code jdbcUrl}, with short timeouts. */
    GazelleSettings settings(String jdbcUrl) {
        return GazelleSettings.of(jdbcUrl, user, "", schema)
                .withTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(10));
    }

    /** Runs one statement with {@code args}; returns the rows it changed. */
    int update(String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(sql, args)) {
            return ps.executeUpdate();
        }
    }

    /** The first column of the first row of a query, as a long (-1 when no row). */
    long queryLong(String sql, Object... args) throws SQLException {
        List<List<Object>> rows = rows(sql, args);
        return rows.isEmpty() ? -1 : ((Number) rows.get(0).get(0)).longValue();
    }

    /** Every row of a query, every column as JDBC returns it. */
    List<List<Object>> rows(String sql, Object... args) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (PreparedStatement ps = prepare(sql, args); ResultSet rs = ps.executeQuery()) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(rs.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private PreparedStatement prepare(String sql, Object... args) throws SQLException {
        PreparedStatement ps = connection.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
        return ps;
    }

    /** An enabled user with the leech stats row OPSnet/Gazelle makes for a new user. */
    void addUser(int id, String passkey) throws SQLException {
        update("INSERT INTO users_main (ID, Username, Enabled, torrent_pass) VALUES (?, ?, '1', ?)", id, "u" + id,
                passkey);
        if (schema == GazelleSchema.OPSNET) {
            update("INSERT INTO users_leech_stats (UserID) VALUES (?)", id);
        }
    }

    /** Enabled users {@code 1..count} with passkeys from {@code passkey}, in one statement per table. */
    void addUsers(int count, IntFunction<String> passkey) throws SQLException {
        StringBuilder users = new StringBuilder("INSERT INTO users_main (ID, Username, Enabled, torrent_pass) VALUES ");
        StringBuilder stats = new StringBuilder("INSERT INTO users_leech_stats (UserID) VALUES ");
        for (int id = 1; id <= count; id++) {
            String sep = id == 1 ? "" : ",";
            users.append(sep).append('(').append(id).append(", 'u").append(id).append("', '1', '")
                    .append(passkey.apply(id)).append("')");
            stats.append(sep).append('(').append(id).append(')');
        }
        update(users.toString());
        if (schema == GazelleSchema.OPSNET) {
            update(stats.toString());
        }
    }

    /** A torrent with the leech stats row OPSnet/Gazelle makes on upload. */
    void addTorrent(int id, byte[] infoHash) throws SQLException {
        update("INSERT INTO torrents (ID, GroupID, info_hash, Time) VALUES (?, 1, ?, NOW())", id, infoHash);
        if (schema == GazelleSchema.OPSNET) {
            update("INSERT INTO torrents_leech_stats (TorrentID) VALUES (?)", id);
        }
    }

    /** A torrent's counts and totals, as the site holds them. */
    record TorrentStats(long seeders, long leechers, long snatched, long balance, LocalDateTime lastAction) {
    }

    /** A user's uploaded and downloaded totals, or null when the user has no row. */
    long[] userTotals(int id) throws SQLException {
        List<List<Object>> rows = rows("SELECT Uploaded, Downloaded FROM " + userStats() + " = ?", id);
        return rows.isEmpty() ? null : new long[] {number(rows.get(0).get(0)), number(rows.get(0).get(1))};
    }

    /** A user's uploaded total exactly (the column is unsigned: it may hold more than a long), or null. */
    BigInteger uploaded(int id) throws SQLException {
        List<List<Object>> rows = rows("SELECT CAST(Uploaded AS CHAR) FROM " + userStats() + " = ?", id);
        return rows.isEmpty() ? null : new BigInteger(String.valueOf(rows.get(0).get(0)));
    }

    /** A torrent's counts and totals, or null when it has no row. */
    TorrentStats torrentStats(int id) throws SQLException {
        List<List<Object>> rows = rows("SELECT Seeders, Leechers, Snatched, balance, last_action FROM "
                + torrentStats() + " = ?", id);
        if (rows.isEmpty()) {
            return null;
        }
        List<Object> r = rows.get(0);
        return new TorrentStats(number(r.get(0)), number(r.get(1)), number(r.get(2)), number(r.get(3)),
                r.get(4) == null ? null : ((Timestamp) r.get(4)).toLocalDateTime());
    }

    /** Sets columns of a torrent's counts and totals: {@code assignments} as in {@code SET a = 1, b = 2}. */
    void setTorrentStats(int id, String assignments) throws SQLException {
        update("UPDATE " + torrentStats().replace(" WHERE", " SET " + assignments + " WHERE") + " = ?", id);
    }

    /** {@code table WHERE key}: where users' totals are. */
    private String userStats() {
        return schema == GazelleSchema.OPSNET ? "users_leech_stats WHERE UserID" : "users_main WHERE ID";
    }

    /** {@code table WHERE key}: where torrents' counts and totals are. */
    private String torrentStats() {
        return schema == GazelleSchema.OPSNET ? "torrents_leech_stats WHERE TorrentID" : "torrents WHERE ID";
    }

    private static long number(Object o) {
        return ((Number) o).longValue();
    }

    /** Closes the connection and drops the database. */
    @Override
    public void close() throws Exception {
        try {
            connection.close();
        } finally {
            drop.close();
        }
    }
}
