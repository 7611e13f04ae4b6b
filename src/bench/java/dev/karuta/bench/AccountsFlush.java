package dev.karuta.bench;

import dev.karuta.accounts.Batch;
import dev.karuta.accounts.jdbc.JdbcAccountsStore;
import dev.karuta.core.PeerId;
import dev.karuta.core.TimeSource;
import dev.karuta.store.Database;
import dev.karuta.store.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Time of one accounts flush ({@link JdbcAccountsStore#write}) on each database: {@code users} member
 * deltas, {@code peers} peer rows over a tenth as many torrents, a torrent delta per torrent and a
 * snatch per hundred peers, into tables seeded with those members and torrents. The first write
 * inserts the peer rows; the {@code runs} after it update them (a steady-state flush), and their
 * median is the figure. Databases as the store tests find them ({@code -Dkaruta.test.postgres.url}
 * ...; an unreachable one is skipped). A figure, not a timed test.
 * Usage: {@code AccountsFlush [users] [peers] [runs] [H2,POSTGRESQL,MARIADB]} (defaults 100000 100000 7, all).
 */
public final class AccountsFlush {
    private AccountsFlush() {
    }

    public static void main(String[] args) throws Exception {
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int peers = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        String kinds = args.length > 3 ? args[3] : "H2,POSTGRESQL,MARIADB";
        int torrents = Math.max(1, peers / 10);
        for (String name : kinds.split(",")) {
            TestDatabase kind = TestDatabase.valueOf(name.trim());
            Path tmp = Files.createTempDirectory("karuta-flush");
            TestDatabase.Fresh fresh;
            try {
                fresh = kind.create(tmp);
            } catch (RuntimeException | Error e) {
                System.out.printf("%-10s skipped: %s%n", kind, e.getMessage());
                continue;
            }
            try (Database db = Database.open(fresh.settings())) {
                seed(db, users, torrents);
                JdbcAccountsStore store = new JdbcAccountsStore(db, TimeSource.SYSTEM);
                long first = time(store, batch(users, peers, torrents, 0));
                long[] millis = new long[runs];
                for (int r = 0; r < runs; r++) {
                    millis[r] = time(store, batch(users, peers, torrents, r + 1));
                }
                Arrays.sort(millis);
                System.out.printf("%-10s %d user deltas, %d peer rows, %d torrents: first write (peer inserts) %d ms,"
                                + " then median %d ms (min %d, max %d) over %d writes%n", kind, users, peers, torrents,
                        first, millis[runs / 2], millis[0], millis[runs - 1], runs);
            } finally {
                fresh.drop().close();
            }
        }
    }

    private static long time(JdbcAccountsStore store, Batch batch) {
        long start = System.nanoTime();
        store.write(batch);
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Members 1..users and torrents 1..torrents, inserted in batches. */
    private static void seed(Database db, int users, int torrents) {
        db.transaction("seed", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO karuta_users (id, passkey, can_leech, visible) VALUES (?, ?, TRUE, TRUE)")) {
                for (int i = 1; i <= users; i++) {
                    ps.setInt(1, i);
                    ps.setString(2, String.format("%032d", i));
                    ps.addBatch();
                    if (i % 10_000 == 0 || i == users) {
                        ps.executeBatch();
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO karuta_torrents (id, info_hash) VALUES (?, ?)")) {
                for (int i = 1; i <= torrents; i++) {
                    ps.setInt(1, i);
                    ps.setString(2, String.format("%040x", i));
                    ps.addBatch();
                    if (i % 10_000 == 0 || i == torrents) {
                        ps.executeBatch();
                    }
                }
            }
            return null;
        });
    }

    /** Flush {@code round}: the same members, torrents and peers every round, with growing totals. */
    private static Batch batch(int users, int peers, int torrents, int round) {
        SplittableRandom random = new SplittableRandom(round);
        List<Batch.UserDelta> u = new ArrayList<>(users);
        for (int i = 1; i <= users; i++) {
            u.add(new Batch.UserDelta(i, random.nextInt(1 << 20), random.nextInt(1 << 20)));
        }
        List<Batch.TorrentDelta> t = new ArrayList<>(torrents);
        for (int i = 1; i <= torrents; i++) {
            t.add(new Batch.TorrentDelta(i, random.nextInt(10), random.nextInt(10), random.nextInt(2), 1000));
        }
        List<Batch.PeerRow> p = new ArrayList<>(peers);
        List<Batch.Snatch> s = new ArrayList<>();
        long now = 1_700_000_000L + 900L * round;
        for (int i = 0; i < peers; i++) {
            int user = 1 + i % users;
            int torrent = 1 + i % torrents;
            byte[] id = new byte[20];
            new SplittableRandom(i).nextBytes(id);
            long up = (long) round * 1_000_000 + random.nextInt(1 << 20);
            p.add(new Batch.PeerRow(user, torrent, PeerId.of(id), true, up, up / 2, 1000, 2000, 1 << 20, 900L * round,
                    round + 1, "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255), "qBittorrent/4.6.2",
                    now));
            if (i % 100 == 0) {
                s.add(new Batch.Snatch(user, torrent, now, "10.0.0.1"));
            }
        }
        return new Batch(u, t, s, p, List.of(), List.of());
    }
}
