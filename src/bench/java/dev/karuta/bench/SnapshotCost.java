package dev.karuta.bench;

import static dev.karuta.core.Answers.join;

import dev.karuta.core.AnnounceRequest;
import dev.karuta.core.Event;
import dev.karuta.core.InfoHash;
import dev.karuta.core.PeerAddress;
import dev.karuta.core.PeerId;
import dev.karuta.core.Swarms;
import dev.karuta.core.TimeSource;
import dev.karuta.store.Database;
import dev.karuta.store.StoreSettings;
import dev.karuta.store.SwarmSnapshot;
import dev.karuta.swarm.CaffeineSwarmRegistry;
import dev.karuta.swarm.RegistrySettings;
import dev.karuta.swarm.SwarmRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The cost of writing the public tracker's swarm snapshot ({@link SwarmSnapshot#save}, what a graceful
 * stop does), a figure for deciding whether a periodic snapshot is worth it against a crash: a
 * registry of {@code SWARMS} swarms of {@code PEERS} peers each (IPv4, a quarter of them seeders),
 * saved {@code ROUNDS} times into the embedded H2 database in {@code DIR} and, when a PostgreSQL URL
 * is given, into a schema made there for it (dropped afterwards); prints each round, the median, and
 * one restore.
 *
 * <pre>
 * SnapshotCost [DIR=target/snapshot-bench] [ROUNDS=5] [SWARMS=10000] [PEERS=10] [POSTGRESQL-URL] [USER]
 * </pre>
 */
public final class SnapshotCost {
    private SnapshotCost() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/snapshot-bench").toAbsolutePath();
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int swarms = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        int peers = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        String url = args.length > 4 ? args[4] : "";
        String user = args.length > 5 ? args[5] : "";
        clear(dir);
        Duration ttl = Duration.ofMinutes(45);
        try (SwarmRegistry registry = new CaffeineSwarmRegistry(
                new RegistrySettings(ttl, ttl, swarms * 2L, 24, 48), TimeSource.SYSTEM)) {
            long start = System.nanoTime();
            fill(registry, swarms, peers);
            System.out.printf("registry: %d swarms x %d peers filled in %d ms%n", swarms, peers,
                    (System.nanoTime() - start) / 1_000_000);
            measure("embedded H2 in " + dir, StoreSettings.embedded(dir), registry, rounds);
            if (!url.isEmpty()) {
                // A schema of its own on PostgreSQL, dropped afterwards.
                String schema = "karuta_snapshot_bench";
                execute(url, user, "CREATE SCHEMA IF NOT EXISTS " + schema);
                try {
                    String inSchema = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
                    measure(url, new StoreSettings(dir, inSchema, user, "", "", Duration.ofSeconds(5)), registry,
                            rounds);
                } finally {
                    execute(url, user, "DROP SCHEMA " + schema + " CASCADE");
                }
            }
        }
        clear(dir);
    }

    private static void measure(String where, StoreSettings settings, SwarmRegistry registry, int rounds) {
        try (Database db = Database.open(settings)) {
            SwarmSnapshot snapshot = new SwarmSnapshot(db, TimeSource.SYSTEM);
            long[] millis = new long[rounds];
            long written = 0;
            for (int r = 0; r < rounds; r++) {
                long start = System.nanoTime();
                written = snapshot.save(registry);
                millis[r] = (System.nanoTime() - start) / 1_000_000;
            }
            long[] sorted = millis.clone();
            Arrays.sort(sorted);
            System.out.printf("%s: save of %d peers, rounds (ms) %s -> median %d ms%n", where, written,
                    Arrays.toString(millis), sorted[rounds / 2]);
            if (settings.embedded()) {
                Path file = settings.dataDir().resolve(StoreSettings.EMBEDDED_NAME + ".mv.db");
                System.out.printf("%s: the H2 file after %d saves: %.1f MiB%n", where, rounds,
                        file.toFile().length() / 1048576.0);
            }
            try (SwarmRegistry empty = new CaffeineSwarmRegistry(new RegistrySettings(Duration.ofMinutes(45),
                    Duration.ofMinutes(45), 1_000_000, 24, 48), TimeSource.SYSTEM)) {
                long start = System.nanoTime();
                long restored = snapshot.restore(empty);
                System.out.printf("%s: restore of %d peers (read, then the snapshot deleted) %d ms%n", where,
                        restored, (System.nanoTime() - start) / 1_000_000);
            }
        }
    }

    /** {@code swarms} swarms of {@code peers} peers, each from an address of its own. */
    private static void fill(SwarmRegistry registry, int swarms, int peers) {
        SplittableRandom random = new SplittableRandom(42);
        int n = 0;
        for (int s = 0; s < swarms; s++) {
            InfoHash hash = InfoHash.fromHex(String.format("%040x", s + 1));
            for (int p = 0; p < peers; p++, n++) {
                byte[] id = new byte[20];
                random.nextBytes(id);
                PeerAddress address = PeerAddress.of(new byte[] {10, (byte) (n >> 16), (byte) (n >> 8), (byte) n},
                        1024 + random.nextInt(60000));
                join(registry.announce(AnnounceRequest.builder(hash, PeerId.of(id), address)
                        .left(p % 4 == 0 ? 0 : 1_000_000).event(Event.STARTED).numWant(0).build(), 0, Swarms.NO_OWNER));
            }
        }
    }

    private static void execute(String url, String user, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, ""); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static void clear(Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                    Files.delete(p);
                }
            }
        }
    }
}
