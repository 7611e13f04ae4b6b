package dev.karuta.store;

import dev.karuta.sql.OwnedThreads;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One thread that flushes the snatch ledger every interval, so that the announce path never waits on
 * the database. A failure is logged once when flushing starts to fail and once when it works again;
 * the deltas wait in the ledger meanwhile.
 */
final class Flusher implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Flusher.class.getName());

    private final JdbcSnatchLedger ledger;
    private final OwnedThreads threads = new OwnedThreads("karuta-store-flusher");
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(threads);
    private boolean failing;

    /** Starts flushing {@code ledger} every {@code interval}. */
    Flusher(JdbcSnatchLedger ledger, Duration interval) {
        this.ledger = ledger;
        long every = interval.toMillis();
        executor.scheduleWithFixedDelay(this::flush, every, every, TimeUnit.MILLISECONDS);
    }

    private void flush() {
        try {
            ledger.flush();
            if (failing) {
                failing = false;
                LOG.log(Level.INFO, "snatch counts are written again");
            }
        } catch (RuntimeException e) {
            // A failed flush must not cancel the schedule; the deltas wait for the next one.
            if (!failing) {
                failing = true;
                LOG.log(Level.WARNING, "cannot write snatch counts (kept in memory, retried every interval): "
                        + e.getMessage(), e);
            } else {
                LOG.log(Level.DEBUG, "snatch counts still not written: {0}", e.getMessage());
            }
        }
    }

    /**
     * Stops the schedule, letting a flush in progress finish (an interrupt could break the database's
     * file channel), and returns once the thread has ended.
     */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.log(Level.WARNING, "the snatch flush did not end within 30 s");
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        threads.join(Duration.ofSeconds(5));
    }
}
