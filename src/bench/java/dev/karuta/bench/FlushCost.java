package dev.karuta.bench;

import dev.karuta.accounts.Batch;
import dev.karuta.accounts.gazelle.GazelleDdl;
import dev.karuta.accounts.gazelle.GazelleSchema;
import dev.karuta.accounts.gazelle.GazelleSettings;
import dev.karuta.accounts.gazelle.GazelleStore;
import dev.karuta.core.PeerId;
import dev.karuta.core.TimeSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * The cost of one private-mode flush into a Gazelle site's MariaDB (a figure, not a timed test): for
 * each schema, a fresh database with {@code USERS} users and {@code TORRENTS} torrents, then
 * {@code ROUNDS} batches of {@code USERS} user deltas, {@code TORRENTS} torrent rows and {@code USERS}
 * peer rows (one per user, on torrent {@code user % TORRENTS}; the same peers every round, so the
 * first round inserts the peer rows and the later ones update them), each written by
 * {@link GazelleStore#write}. Prints every round's time and the median, then drops the database.
 *
 * <pre>
 * FlushCost [URL=jdbc:mariadb://127.0.0.1:3306/test] [USER=root] [ROUNDS=5] [ROWS_PER_STATEMENT=1000]
 *           [USERS=100000] [TORRENTS=10000]
 * </pre>
 */
public final class FlushCost {
    private FlushCost() {
    }

    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "jdbc:mariadb://127.0.0.1:3306/test";
        String user = args.length > 1 ? args[1] : "root";
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int rowsPerStatement = args.length > 3 ? Integer.parseInt(args[3]) : GazelleSettings.ROWS_PER_STATEMENT;
        int users = args.length > 4 ? Integer.parseInt(args[4]) : 100_000;
        int torrents = args.length > 5 ? Integer.parseInt(args[5]) : 10_000;
        try (Connection c = DriverManager.getConnection(url, user, ""); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT VERSION(), @@innodb_flush_log_at_trx_commit,"
                     + " @@innodb_buffer_pool_size DIV 1048576, @@sql_mode")) {
            rs.next();
            System.out.printf("MariaDB %s, innodb_flush_log_at_trx_commit=%s, buffer pool %s MiB, sql_mode=%s%n",
                    rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4));
        }
        System.out.printf("batch: %d user deltas, %d torrent rows, %d peer rows; %d rows per statement%n",
                users, torrents, users, rowsPerStatement);
        for (GazelleSchema schema : GazelleSchema.values()) {
            run(schema, url, user, rounds, rowsPerStatement, users, torrents);
        }
    }

    private static void run(GazelleSchema schema, String url, String user, int rounds, int rowsPerStatement,
                            int users, int torrents) throws SQLException {
        String name = "karuta_bench_" + Long.toHexString(System.nanoTime());
        String dbUrl = url.replaceFirst("(//[^/]+)/[^?]*", "$1/" + name);
        execute(url, user, "CREATE DATABASE " + name);
        try {
            try (Connection c = DriverManager.getConnection(dbUrl, user, "")) {
                GazelleDdl.apply(c, schema);
                fill(c, schema, users, torrents);
            }
            long[] millis = new long[rounds];
            String parts;
            try (GazelleStore store = GazelleStore.open(GazelleSettings.of(dbUrl, user, "", schema)
                    .withRowsPerStatement(rowsPerStatement), TimeSource.SYSTEM)) {
                for (int r = 0; r < rounds; r++) {
                    millis[r] = timed(store, batch(r + 1, users, torrents));
                }
                // Where the time goes: each part of one more round on its own.
                Batch all = batch(rounds + 1, users, torrents);
                parts = String.format("users %d ms, torrents %d ms, peers %d ms",
                        timed(store, new Batch(all.users(), List.of(), List.of(), List.of(), List.of(), List.of())),
                        timed(store, new Batch(List.of(), all.torrents(), List.of(), List.of(), List.of(), List.of())),
                        timed(store, new Batch(List.of(), List.of(), List.of(), all.peers(), List.of(), List.of())));
            }
            long[] sorted = millis.clone();
            Arrays.sort(sorted);
            System.out.printf("%-6s rounds (ms) %s -> median %d ms per batch; one part at a time: %s%n", schema,
                    Arrays.toString(millis), sorted[rounds / 2], parts);
        } finally {
            execute(url, user, "DROP DATABASE " + name);
        }
    }

    /** Users 1..users and torrents 1..torrents, with OPSnet's stats rows. */
    private static void fill(Connection c, GazelleSchema schema, int users, int torrents) throws SQLException {
        boolean ops = schema == GazelleSchema.OPSNET;
        insert(c, "INSERT INTO users_main (ID, Username, Enabled, torrent_pass) VALUES ", users,
                i -> "(" + i + ",'u" + i + "','1','" + String.format("%032d", i) + "')");
        insert(c, "INSERT INTO torrents (ID, GroupID, info_hash, Time) VALUES ", torrents,
                i -> "(" + i + ",1,UNHEX(SHA1(" + i + ")),NOW())");
        if (ops) {
            insert(c, "INSERT INTO users_leech_stats (UserID) VALUES ", users, i -> "(" + i + ")");
            insert(c, "INSERT INTO torrents_leech_stats (TorrentID) VALUES ", torrents, i -> "(" + i + ")");
        }
    }

    private static void insert(Connection c, String head, int count, IntFunction<String> row)
            throws SQLException {
        try (Statement st = c.createStatement()) {
            for (int from = 1; from <= count; from += 5000) {
                StringBuilder sql = new StringBuilder(head);
                for (int i = from; i < from + 5000 && i <= count; i++) {
                    sql.append(i == from ? "" : ",").append(row.apply(i));
                }
                st.executeUpdate(sql.toString());
            }
        }
    }

    /** Round {@code r}'s batch: every value grows with {@code r}, the keys stay. */
    private static Batch batch(int r, int users, int torrents) {
        SplittableRandom random = new SplittableRandom(42);
        List<Batch.UserDelta> userDeltas = new ArrayList<>(users);
        List<Batch.PeerRow> peers = new ArrayList<>(users);
        for (int u = 1; u <= users; u++) {
            userDeltas.add(new Batch.UserDelta(u, 1_000_000L * r, 500_000L * r));
            byte[] id = new byte[20];
            random.nextBytes(id);
            peers.add(new Batch.PeerRow(u, 1 + u % torrents, PeerId.of(id), true, 1_000_000L * r, 500_000L * r,
                    1000, 500, 10_000_000L, 1800L * r, r, "10." + (u >> 16) + "." + (u >> 8 & 255) + "." + (u & 255),
                    "qBittorrent/4.6.2", 1_700_000_000L + 1800L * r));
        }
        List<Batch.TorrentDelta> torrentDeltas = new ArrayList<>(torrents);
        for (int t = 1; t <= torrents; t++) {
            torrentDeltas.add(new Batch.TorrentDelta(t, 5, 5, 1, 1000));
        }
        return new Batch(userDeltas, torrentDeltas, List.of(), peers, List.of(), List.of());
    }

    private static long timed(GazelleStore store, Batch batch) {
        long start = System.nanoTime();
        store.write(batch);
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static void execute(String url, String user, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, ""); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
