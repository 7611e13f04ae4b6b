package dev.karuta.accounts;

import dev.karuta.core.InfoHash;
import dev.karuta.core.SwarmStats;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Writes a private tracker's {@link Pending} accounting to its {@link AccountsStore} every interval on
 * one thread of its own, so that announces never wait on the database. Each flush has a random number
 * the store records with it; a flush that fails is kept whole and retried under the same number
 * before anything newer, so it counts once even when it did commit and only the answer was lost (a
 * connection broken during the commit, a commit slower than the timeout). While the database is down,
 * memory grows only with the number of distinct users, torrents and peers: the one kept flush, and
 * the pending sums, which coalesce. {@link #close} writes everything before it returns; when the
 * database is still down at its deadline, what is left goes to a file in the data directory, which
 * {@link #start} takes up again.
 */
public final class AccountsFlusher implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(AccountsFlusher.class.getName());
    /** The file of accounting left over from a stop with the database down. */
    public static final String FILE_NAME = "accounts-pending.bin";

    private final Pending pending;
    private final AccountsStore store;
    private final Function<InfoHash, SwarmStats> counts;
    private final IntFunction<InfoHash> hashes;
    private final Path file;
    private final Duration finalDeadline;
    private final RefusedRows refused;
    private final SecureRandom ids = new SecureRandom();
    private ScheduledExecutorService executor;
    private boolean failing;
    /** A flush that failed, kept under its number until it is written; null when none. */
    private Batch retry;
    private long retryId;
    /** Entries of {@link #retry}, readable without the lock (metrics). */
    private volatile int retrySize;
    private volatile long written;
    private volatile long failures;

    /**
     * A flusher of {@code pending} into {@code store}, reading torrents' live counts from {@code counts}
     * and their info hashes by id from {@code hashes}; left-overs go to {@code dataDir}.
     *
     * @param finalDeadline how long {@link #close} keeps retrying a database that is down
     */
    public AccountsFlusher(Pending pending, AccountsStore store, Function<InfoHash, SwarmStats> counts,
                           IntFunction<InfoHash> hashes, Path dataDir, Duration finalDeadline) {
        this.pending = pending;
        this.store = store;
        this.counts = counts;
        this.hashes = hashes;
        this.file = dataDir.resolve(FILE_NAME);
        this.finalDeadline = finalDeadline;
        this.refused = new RefusedRows(dataDir.resolve(RefusedRows.FILE_NAME));
    }

    /**
     * The accounting a previous stop left in {@code dataDir} (to take up with {@link #start}), or
     * {@link PendingFile.LeftOver#NONE}.
     *
     * @throws IllegalStateException when the file is there but cannot be read
     */
    public static PendingFile.LeftOver leftOver(Path dataDir) {
        Path f = dataDir.resolve(FILE_NAME);
        if (!Files.exists(f)) {
            return PendingFile.LeftOver.NONE;
        }
        try {
            return PendingFile.read(f);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + f + "; move it away to start without it: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Takes up {@code left} (from {@link #leftOver}), then flushes every {@code interval}. The file it
     * came from is deleted once its content was written.
     */
    public synchronized void start(PendingFile.LeftOver left, Duration interval) {
        if (!left.retry().isEmpty()) {
            retry = left.retry();
            retryId = left.retryId();
            retrySize = entries(retry);
        }
        if (!left.pending().isEmpty()) {
            pending.putBack(left.pending(), hashes);
        }
        if (!left.isEmpty()) {
            LOG.log(Level.INFO, "took up accounting left by the last stop: {0} users, {1} peers",
                    left.retry().users().size() + left.pending().users().size(), left.peers().size());
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "karuta-accounts-flusher");
            t.setDaemon(true);
            return t;
        });
        long every = interval.toMillis();
        executor.scheduleWithFixedDelay(this::flushQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    /** Writes what is pending now (a kept failed flush first); returns whether everything was written. */
    public synchronized boolean flush() {
        if (retry != null) {
            if (!write(retryId, retry)) {
                return false;
            }
            retry = null;
            retrySize = 0;
        }
        Batch batch = pending.drain(counts);
        if (!batch.isEmpty()) {
            long id = ids.nextLong();
            if (!write(id, batch)) {
                retry = batch;
                retryId = id;
                retrySize = entries(batch);
                return false;
            }
        }
        if (failing) {
            failing = false;
            LOG.log(Level.INFO, "accounting is written again");
        }
        deleteFile();
        return true;
    }

    private boolean write(long id, Batch batch) {
        try {
            // Rows the database refuses on their own are left out of the write and kept aside, so that
            // one poisoned row (a total beyond BIGINT) never holds back everyone's accounting.
            refused.keep(id, store.write(id, batch));
            written++;
            return true;
        } catch (RuntimeException e) {
            failures++;
            if (!failing) {
                failing = true;
                LOG.log(Level.WARNING, "cannot write accounting (kept in memory, retried every interval): "
                        + e.getMessage());
            }
            return false;
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            // Never let the schedule die.
            LOG.log(Level.WARNING, "accounting flush failed", e);
        }
    }

    private void deleteFile() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot delete " + file + "; its accounting is written already", e);
        }
    }

    private static int entries(Batch b) {
        return b.users().size() + b.torrents().size() + b.snatches().size() + b.peers().size()
                + b.tokenDownloads().size() + b.tokensUsedUp().size();
    }

    /**
     * Accounting entries not yet written: the pending sums and a kept failed flush (how far the
     * database is behind).
     */
    public int waiting() {
        return pending.size() + retrySize;
    }

    /** Batches written so far. */
    public long written() {
        return written;
    }

    /** The rows the database refused on their own, kept aside for the operator. */
    public RefusedRows refused() {
        return refused;
    }

    /** Writes that failed so far. */
    public long failures() {
        return failures;
    }

    /**
     * Stops the schedule and writes everything pending, retrying until the deadline; what still cannot
     * be written goes to the file for the next start.
     */
    @Override
    public void close() {
        ScheduledExecutorService e;
        synchronized (this) {
            e = executor;
            executor = null;
        }
        if (e != null) {
            e.shutdown();
            try {
                e.awaitTermination(60, TimeUnit.SECONDS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }
        long deadline = System.nanoTime() + finalDeadline.toNanos();
        while (!flush()) {
            if (System.nanoTime() >= deadline || Thread.currentThread().isInterrupted()) {
                spill();
                return;
            }
            try {
                Thread.sleep(Math.min(1000, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private synchronized void spill() {
        PendingFile.LeftOver left = new PendingFile.LeftOver(retryId, retry == null ? Batch.EMPTY : retry,
                pending.drain(counts));
        try {
            PendingFile.write(file, left);
            LOG.log(Level.WARNING, "the database is down at stop: accounting of {0} peers kept in {1} for the next start",
                    left.peers().size(), file);
        } catch (IOException ex) {
            LOG.log(Level.ERROR, "cannot keep unwritten accounting in " + file + "; it is lost", ex);
        }
    }
}
