package dev.karuta.app;

import dev.karuta.accounts.PrivateMode;
import dev.karuta.admin.ActivityHistory;
import dev.karuta.core.TimeSource;
import dev.karuta.swarm.SwarmRegistry;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The node's periodic work on one daemon thread: the sweep of expired peers (and, in private mode,
 * of their accounting rows) and the dashboard's activity samples. A failed run is logged and the next
 * one runs as planned; {@link #close()} stops the thread.
 */
final class Housekeeping implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Housekeeping.class.getName());

    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "karuta-sweeper");
        t.setDaemon(true);
        return t;
    });

    /**
     * Starts sweeping {@code registry} (and expiring {@code privateMode}'s peers, when not null) every
     * {@code every}, and sampling {@code history} on {@code time}'s wall clock.
     */
    Housekeeping(SwarmRegistry registry, PrivateMode privateMode, Duration peerTtl, Duration every,
                 ActivityHistory history, TimeSource time) {
        long millis = every.toMillis();
        long ttl = peerTtl.toSeconds();
        thread.scheduleWithFixedDelay(() -> sweep(registry, privateMode, ttl), millis, millis, TimeUnit.MILLISECONDS);
        history.sample(time.epochMillis());
        thread.scheduleAtFixedRate(() -> {
            try {
                history.sample(time.epochMillis());
            } catch (RuntimeException e) {
                // A shared registry's totals are unreadable while Redis is down: an exception would cancel
                // the schedule for good, so this sample is skipped and the next one tried.
                LOG.log(Level.DEBUG, "activity sample skipped: {0}", e.toString());
            }
        }, ActivityHistory.PERIOD_SECONDS, ActivityHistory.PERIOD_SECONDS, TimeUnit.SECONDS);
    }

    private static void sweep(SwarmRegistry registry, PrivateMode privateMode, long ttl) {
        try {
            if (privateMode != null) {
                privateMode.expire(ttl);
            }
            long removed = registry.sweep();
            LOG.log(Level.DEBUG, "sweep removed {0} expired peers", removed);
        } catch (RuntimeException e) {
            // A failed sweep must not cancel the schedule; the next one retries.
            LOG.log(Level.WARNING, "sweep failed", e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        thread.shutdownNow();
        if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
            LOG.log(Level.WARNING, "sweeper did not stop within 10 s");
        }
    }
}
