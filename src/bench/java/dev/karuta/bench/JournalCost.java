package dev.karuta.bench;

import dev.karuta.accounts.AccountsFlusher;
import dev.karuta.accounts.AccountsJournal;
import dev.karuta.accounts.AccountsStore;
import dev.karuta.accounts.Batch;
import dev.karuta.accounts.FreeLeech;
import dev.karuta.accounts.LeftOver;
import dev.karuta.accounts.Pending;
import dev.karuta.accounts.Refusal;
import dev.karuta.accounts.RosterData;
import dev.karuta.accounts.RosterEditor;
import dev.karuta.accounts.Torrent;
import dev.karuta.core.InfoHash;
import dev.karuta.core.PeerId;
import dev.karuta.core.SwarmStats;
import dev.karuta.core.TimeSource;
import dev.karuta.sql.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The cost of the outage journal (a figure, not a timed test): a real {@link AccountsFlusher} over a
 * store that is down, in a data directory on the disk, fed each round the accounting of
 * {@code USERS} users, {@code TORRENTS} torrents and {@code USERS} peer rows (the same keys every
 * round, as {@code FlushCost}'s batch). Each failed flush drains them, merges them into the held flush
 * and appends a record of everything kept, forced to the disk: the journal's whole cost per interval
 * during an outage (without the journal a failed flush did nothing more than try). Then the stop's
 * spill, and the next start's take-up (read, checksums, parse). Prints each round, the median and the
 * journal's size.
 *
 * <pre>
 * JournalCost [DIR=target/journal-bench] [ROUNDS=5] [USERS=100000] [TORRENTS=10000]
 * </pre>
 */
public final class JournalCost {
    private JournalCost() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/journal-bench").toAbsolutePath();
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int users = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        int torrents = args.length > 3 ? Integer.parseInt(args[3]) : 10_000;
        clear(dir);
        Files.createDirectories(dir);
        Torrent[] registered = new Torrent[torrents + 1];
        for (int t = 1; t <= torrents; t++) {
            registered[t] = new Torrent(t, InfoHash.fromHex(String.format("%040x", t)), FreeLeech.NORMAL);
        }
        Pending pending = new Pending();
        AccountsFlusher flusher = new AccountsFlusher(pending, new DownStore(), h -> SwarmStats.EMPTY,
                id -> id <= torrents ? registered[id].infoHash() : null, dir, Duration.ZERO, TimeSource.SYSTEM);
        feed(pending, registered, 0, users, torrents);
        long first = timed(flusher);
        System.out.printf("journal in %s; %d users, %d torrents, %d peer rows a round%n", dir, users, torrents, users);
        System.out.printf("first failed flush (the batch kept whole, journaled): %d ms, journal %.1f MiB%n", first,
                mib(dir));
        long[] millis = new long[rounds];
        for (int r = 0; r < rounds; r++) {
            feed(pending, registered, r + 1, users, torrents);
            millis[r] = timed(flusher);
        }
        long[] sorted = millis.clone();
        Arrays.sort(sorted);
        System.out.printf("failed flush with the journal, steady outage (drain, merge into the held flush, append,"
                + " force): rounds (ms) %s -> median %d ms; journal %.1f MiB%n", Arrays.toString(millis),
                sorted[rounds / 2], mib(dir));
        feed(pending, registered, rounds + 1, users, torrents);
        long start = System.nanoTime();
        flusher.close();
        System.out.printf("stop with the database down (the spill file written, the journal deleted): %d ms,"
                + " spill %.1f MiB%n", (System.nanoTime() - start) / 1_000_000, mib(dir));
        start = System.nanoTime();
        LeftOver left = AccountsFlusher.leftOver(dir);
        System.out.printf("next start's take-up (read, checksum, parse): %d ms, %d flushes, damage %s%n",
                (System.nanoTime() - start) / 1_000_000, left.flushes().size(), left.damage());
        clear(dir);
    }

    /** Round {@code r}'s accounting: every user, torrent and peer again, the values growing with {@code r}. */
    private static void feed(Pending pending, Torrent[] registered, int r, int users, int torrents) {
        SplittableRandom random = new SplittableRandom(42);
        for (int u = 1; u <= users; u++) {
            pending.credit(u, 1_000_000L, 500_000L);
            byte[] id = new byte[20];
            random.nextBytes(id);
            pending.peer(new Batch.PeerRow(u, 1 + u % torrents, PeerId.of(id), true, 1_000_000L * r, 500_000L * r,
                    1000, 500, 10_000_000L, 1800L * r, r, "10." + (u >> 16) + "." + (u >> 8 & 255) + "." + (u & 255),
                    "qBittorrent/4.6.2", 1_700_000_000L + 1800L * r));
        }
        for (int t = 1; t <= torrents; t++) {
            pending.torrent(registered[t], 1, 1000);
        }
    }

    private static long timed(AccountsFlusher flusher) {
        long start = System.nanoTime();
        if (flusher.flush()) {
            throw new IllegalStateException("the store is down: the flush must fail");
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static double mib(Path dir) throws Exception {
        long bytes = 0;
        for (String name : List.of(AccountsJournal.FILE_NAME, AccountsFlusher.FILE_NAME)) {
            Path f = dir.resolve(name);
            bytes += Files.exists(f) ? Files.size(f) : 0;
        }
        return bytes / 1048576.0;
    }

    private static void clear(Path dir) throws Exception {
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
        }
    }

    /** A database that is down: every write fails at once. */
    private static final class DownStore implements AccountsStore {
        @Override
        public RosterData load() {
            return RosterData.EMPTY;
        }

        @Override
        public List<Batch.PeerRow> resumePeers(long since) {
            return List.of();
        }

        @Override
        public List<Refusal> write(long flushId, Batch batch) {
            throw new StoreException("database down (benchmark)");
        }

        @Override
        public Optional<RosterEditor> editor() {
            return Optional.empty();
        }

        @Override
        public void close() {
        }
    }
}
