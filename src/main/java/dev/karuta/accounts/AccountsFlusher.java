package dev.karuta.accounts;

import dev.karuta.core.InfoHash;
import dev.karuta.core.SwarmStats;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
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
 *
 * <p>A batch is kept under its number from the moment it is drained, before it is written, so that a
 * stop never waits behind a write hung on a silent database: at the deadline (plus {@link #GRACE})
 * the closing thread keeps what is pending and the batch in flight, with its number, in the file and
 * returns, and the hung write, whatever its outcome, changes nothing after that (its number makes the
 * next start's write of it count once).
 */
public final class AccountsFlusher implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(AccountsFlusher.class.getName());
    /** The file of accounting left over from a stop with the database down. */
    public static final String FILE_NAME = "accounts-pending.bin";
    /** How long past its deadline a stop waits for a write in flight before it keeps it on disk. */
    static final Duration GRACE = Duration.ofSeconds(2);

    private final Pending pending;
    private final AccountsStore store;
    private final Function<InfoHash, SwarmStats> counts;
    private final IntFunction<InfoHash> hashes;
    private final Path file;
    private final Duration finalDeadline;
    private final SecureRandom ids = new SecureRandom();
    private ScheduledExecutorService executor;
    private ScheduledFuture<?> schedule;
    /** One flush at a time; the fields below are guarded by {@code this}, never held across a write. */
    private final ReentrantLock flushing = new ReentrantLock();
    private boolean failing;
    /** Set once the stop kept everything in the file: a late write changes nothing after that. */
    private boolean spilled;
    /** A flush in flight or that failed, kept under its number until it is written; null when none. */
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
        schedule = executor.scheduleWithFixedDelay(this::flushQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    /** Writes what is pending now (a kept failed flush first); returns whether everything was written. */
    public boolean flush() {
        flushing.lock();
        try {
            if (!writeKept()) {
                return false;
            }
            synchronized (this) {
                if (spilled) {
                    return false;
                }
                Batch batch = pending.drain(counts);
                if (!batch.isEmpty()) {
                    // Kept under its number before it is written: a stop that cannot wait keeps it so.
                    retry = batch;
                    retryId = ids.nextLong();
                    retrySize = entries(batch);
                }
            }
            if (!writeKept()) {
                return false;
            }
            synchronized (this) {
                if (spilled) {
                    return false;
                }
                if (failing) {
                    failing = false;
                    LOG.log(Level.INFO, "accounting is written again");
                }
                deleteFile();
            }
            return true;
        } finally {
            flushing.unlock();
        }
    }

    /** Writes the kept batch, if any, outside the lock; returns whether none is left. */
    private boolean writeKept() {
        long id;
        Batch batch;
        synchronized (this) {
            if (spilled) {
                return false;
            }
            if (retry == null) {
                return true;
            }
            id = retryId;
            batch = retry;
        }
        if (!write(id, batch)) {
            return false;
        }
        synchronized (this) {
            if (spilled) {
                return false; // the file has it, under its number: the next start's write counts it once
            }
            retry = null;
            retrySize = 0;
            return true;
        }
    }

    private boolean write(long id, Batch batch) {
        try {
            store.write(id, batch);
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

    /** Whether the stop kept accounting on disk: the database did not take it by the deadline. */
    public synchronized boolean spilled() {
        return spilled;
    }

    /** Batches written so far. */
    public long written() {
        return written;
    }

    /** Writes that failed so far. */
    public long failures() {
        return failures;
    }

    /**
     * Stops the schedule and writes everything pending, retrying until the deadline; what still cannot
     * be written goes to the file for the next start. Returns within the deadline plus {@link #GRACE}
     * whatever the database does: the writing runs on the flusher's thread, and a write still hung
     * then is left behind (it ends when its connection times out or its pool closes) with its batch
     * kept in the file under its number.
     */
    @Override
    public void close() {
        ScheduledExecutorService e;
        synchronized (this) {
            e = executor;
            executor = null;
        }
        long deadline = System.nanoTime() + finalDeadline.toNanos();
        if (e == null) {
            finalFlush(deadline); // never started: no thread of its own to wait on
            return;
        }
        schedule.cancel(false);
        Future<?> last = e.submit(() -> finalFlush(deadline));
        e.shutdown();
        boolean done = false;
        try {
            last.get(Math.max(0, deadline - System.nanoTime()) + GRACE.toNanos(), TimeUnit.NANOSECONDS);
            done = true;
        } catch (TimeoutException te) {
            LOG.log(Level.WARNING, "a write of accounting is still waiting on the database at the stop's deadline;"
                    + " it is left behind and its batch kept on disk");
        } catch (ExecutionException ee) {
            LOG.log(Level.WARNING, "the last accounting flush failed", ee.getCause());
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
        if (!done) {
            spill();
            e.shutdownNow();
        }
    }

    /** Flushes until everything is written or the deadline passes, then keeps what is left on disk. */
    private void finalFlush(long deadline) {
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
        if (spilled) {
            return;
        }
        spilled = true;
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
