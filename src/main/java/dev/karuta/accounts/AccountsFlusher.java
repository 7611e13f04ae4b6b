package dev.karuta.accounts;

import dev.karuta.core.InfoHash;
import dev.karuta.core.SwarmStats;
import dev.karuta.core.TimeSource;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
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
 * memory grows only with the number of distinct users, torrents and peers: the kept flushes (those
 * tried, and one that gathers what came since), and the pending sums, which coalesce. {@link #close}
 * writes everything before it returns; when the database is still down at its deadline, what is left
 * goes to a file in the data directory, which {@link #start} takes up again. While flushes fail, what
 * is kept is also journaled ({@link AccountsJournal}) after each failure and once an interval on a
 * thread of its own, so that a crash during an outage loses at most one interval; every byte stays
 * under the number it will be written with ({@link Backlog}), so a replay counts it once. {@link #behind}
 * (metrics, alerts, readiness), {@link #failing} and {@link #waiting} never wait for a flush.
 *
 * <p>A flush is kept under its number from the moment it is drained, before it is written, and no lock
 * is held across a write, so that a stop never waits behind a write hung on a silent database: at the
 * deadline (plus {@link #GRACE}) the closing thread keeps what is pending and every kept flush, with
 * their numbers, in the file and returns, and the hung write, whatever its outcome, changes nothing
 * after that (its number makes the next start's write of it count once).
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
    private final TimeSource time;
    private final RefusedRows refused;
    private final SecureRandom ids = new SecureRandom();
    private ScheduledExecutorService executor;
    private ScheduledFuture<?> schedule;
    private ScheduledExecutorService journaling;
    /** One flush at a time; the fields below are guarded by {@code this}, never held across a write. */
    private final ReentrantLock flushing = new ReentrantLock();
    /** Written under the lock, read without it (the readiness probe). */
    private volatile boolean failing;
    /** Set once the stop kept everything in the file: a late write changes nothing after that. */
    private boolean spilled;
    /** Flushes tried or in flight and what came after them, each kept under its number until it is written. */
    private final Backlog backlog = new Backlog();
    private final AccountsJournal journal;
    private boolean journalFailing;
    private volatile List<String> damagedFiles = List.of();
    private volatile long written;
    private volatile long failures;
    /** {@link TimeSource#nanoTime()} when the last flush that wrote everything began (or the start). */
    private volatile long caughtUpNanos;

    /**
     * A flusher of {@code pending} into {@code store}, reading torrents' live counts from {@code counts}
     * and their info hashes by id from {@code hashes}; left-overs go to {@code dataDir}; {@code time}
     * measures how far behind it is ({@link #behind}).
     *
     * @param finalDeadline how long {@link #close} keeps retrying a database that is down
     */
    public AccountsFlusher(Pending pending, AccountsStore store, Function<InfoHash, SwarmStats> counts,
                           IntFunction<InfoHash> hashes, Path dataDir, Duration finalDeadline, TimeSource time) {
        this.pending = pending;
        this.store = store;
        this.counts = counts;
        this.hashes = hashes;
        this.file = dataDir.resolve(FILE_NAME);
        this.journal = new AccountsJournal(dataDir);
        this.finalDeadline = finalDeadline;
        this.time = time;
        this.caughtUpNanos = time.nanoTime();
        this.refused = new RefusedRows(dataDir.resolve(RefusedRows.FILE_NAME));
    }

    /**
     * The accounting a previous run left in {@code dataDir} (to take up with {@link #start}): the spill
     * file and the outage journal; a damaged one is set aside and named in {@link LeftOver#damage}.
     */
    public static LeftOver leftOver(Path dataDir) {
        return LeftOvers.takeUp(dataDir, System.currentTimeMillis());
    }

    /** Takes up {@code left} ({@link #leftOver}; its files go once written), then flushes every {@code interval}. */
    public synchronized void start(LeftOver left, Duration interval) {
        takeUp(left);
        executor = daemon("karuta-accounts-flusher");
        long every = interval.toMillis();
        schedule = executor.scheduleWithFixedDelay(this::flushQuietly, every, every, TimeUnit.MILLISECONDS);
        // A thread of its own, so that a write hung on the database does not hold the journal back.
        journaling = daemon("karuta-accounts-journal");
        journaling.scheduleWithFixedDelay(this::journalTick, every, every, TimeUnit.MILLISECONDS);
    }

    private static ScheduledExecutorService daemon(String name) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * While writes fail, journals what came since, once an interval, also while a write waits on the
     * database (none holds the lock): a crash in an outage loses one interval, however slow a failure.
     */
    void journalTick() {
        try {
            synchronized (this) {
                if (failing && !spilled) {
                    journal();
                }
            }
        } catch (RuntimeException e) { // never let the schedule die
            LOG.log(Level.WARNING, "accounting journal failed", e);
        }
    }

    /** Takes up {@code left} to write before anything newer (what {@link #start} does before its schedule). */
    synchronized void takeUp(LeftOver left) {
        backlog.takeUp(left.flushes());
        damagedFiles = left.damage();
        // Files keep no live counts: the first flush after them rewrites those of the torrents they touch.
        List<Batch.TorrentDelta> touched = left.flushes().stream().flatMap(f -> f.batch().torrents().stream())
                .map(t -> new Batch.TorrentDelta(t.torrentId(), 0, 0, 0, 0)).toList();
        pending.putBack(new Batch(List.of(), touched, List.of(), List.of(), List.of(), List.of()), hashes);
        if (!left.isEmpty()) {
            LOG.log(Level.INFO, "took up accounting left by the last run: {0} flushes, {1} peers",
                    left.flushes().size(), left.peers().size());
        }
    }

    /**
     * Writes what is kept (oldest first), then what is pending now under a new number; returns whether
     * everything was written. Each flush joins the kept ones before its write, and the writes run
     * outside the lock.
     */
    public boolean flush() {
        flushing.lock();
        try {
            // Everything accounted before this instant is written once this flush succeeds.
            long began = time.nanoTime();
            boolean drained = false;
            while (true) {
                KeptFlush next;
                synchronized (this) {
                    if (spilled) {
                        return false;
                    }
                    next = backlog.next();
                    if (next == null && !drained) {
                        // Only once nothing older waits: during an outage what comes since joins the held
                        // flush instead (journal()), so memory grows with users, not with the outage.
                        drained = true;
                        Batch batch = pending.drain(counts);
                        if (!batch.isEmpty()) {
                            backlog.keep(new KeptFlush(ids.nextLong(), batch));
                            next = backlog.next();
                        }
                    }
                }
                if (next == null) {
                    break;
                }
                boolean ok = write(next.id(), next.batch());
                synchronized (this) {
                    if (spilled) {
                        return false; // the file has it, under its number: the next start's write counts it once
                    }
                    if (!ok) {
                        journal();
                        return false;
                    }
                    backlog.written(next);
                }
            }
            synchronized (this) {
                if (failing) {
                    failing = false;
                    LOG.log(Level.INFO, "accounting is written again");
                }
                caughtUpNanos = began;
                deleteFiles();
            }
            return true;
        } finally {
            flushing.unlock();
        }
    }

    /** Keeps what is not written in the journal too, the accounting drained since under one number. */
    private void journal() {
        backlog.hold(pending.drain(counts), ids::nextLong);
        if (!backlog.changed()) {
            return;
        }
        try {
            journal.append(backlog.all(), System.currentTimeMillis());
            backlog.recorded();
            journalFailing = false;
        } catch (IOException e) {
            if (!journalFailing) {
                journalFailing = true;
                LOG.log(Level.ERROR, "cannot journal unwritten accounting in " + journal.file()
                        + " (a crash now loses it; retried every interval)", e);
            }
        }
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

    private void deleteFiles() {
        try {
            Files.deleteIfExists(file);
            journal.delete();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot delete " + file + " or the journal; their accounting is written", e);
        }
    }

    /** Accounting entries not yet written, pending and kept (how far the database is behind). */
    public int waiting() {
        return pending.size() + backlog.entries();
    }

    /** The damaged accounting files start-up set aside, one sentence each (empty when none). */
    public List<String> damagedFiles() {
        return damagedFiles;
    }

    /**
     * How long the database may lack accounting: since the last flush that wrote everything began (or
     * the start); below the flush interval while the database keeps up, growing while flushes fail.
     */
    public Duration behind() {
        return time.since(caughtUpNanos);
    }

    /** Whether the stop kept accounting on disk: the database did not take it by the deadline. */
    public synchronized boolean spilled() {
        return spilled;
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

    /** Whether the last write failed (the database is unreachable or refuses the accounting). */
    public boolean failing() {
        return failing;
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
        ScheduledExecutorService j;
        synchronized (this) {
            e = executor;
            executor = null;
            j = journaling;
            journaling = null;
        }
        if (j != null) { // a failed final flush journals by itself
            j.shutdownNow();
            try {
                j.awaitTermination(GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
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
        backlog.hold(pending.drain(counts), ids::nextLong);
        List<KeptFlush> left = backlog.all();
        try {
            PendingFile.write(file, left, System.currentTimeMillis());
            // The spill file keeps all the journal kept, under the same numbers.
            journal.delete();
            LOG.log(Level.WARNING, "the database is down at stop: {0} flushes of accounting kept in {1} for the"
                    + " next start", left.size(), file);
        } catch (IOException ex) {
            LOG.log(Level.ERROR, "cannot keep unwritten accounting in " + file + "; what the journal kept is"
                    + " taken up at the next start, the rest is lost", ex);
        }
    }
}
