package dev.karuta.swarm.redis;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Logs the registry's Redis failures without flooding the log: while Redis is down every announce
 * fails, and a line each would bury everything else. At most one line an interval: the first failure
 * after a quiet interval is logged at WARNING at once, later ones are counted and summed up in the
 * next WARNING once the interval has passed; the first success after a reported failure is logged at
 * INFO with how many requests failed. So a Redis that is down is one line a minute, and a swarm whose
 * script fails now and then among good ones is at most two. A success while nothing failed costs one
 * volatile read. It also keeps the two readings {@code /metrics} exports: how many requests failed in
 * all, and whether the last one failed.
 */
final class FailureLog {
    private final Logger log;
    private final LongSupplier nanos;
    private final long intervalNanos;
    private final String interval;
    private volatile boolean failing;
    /** Every failure since the start; written under the lock, read without. */
    private volatile long total;
    /** Guarded by this: failures since the last line and since the last INFO line; the last line's time. */
    private long sinceLine;
    private long sinceReport;
    private long lineAt;
    private boolean anyLine;
    /** Guarded by this: the last line reported failures, and no success since. */
    private boolean reported;

    /** Logs to {@code log}, at most one line per {@code interval} of {@code nanos}' time. */
    FailureLog(Logger log, LongSupplier nanos, Duration interval) {
        this.log = log;
        this.nanos = nanos;
        this.intervalNanos = interval.toNanos();
        this.interval = interval.toSeconds() + " s";
    }

    /** A request failed for {@code cause}. */
    void failed(Throwable cause) {
        String line;
        synchronized (this) {
            long now = nanos.getAsLong();
            failing = true;
            total++;
            sinceLine++;
            sinceReport++;
            if (anyLine && now - lineAt < intervalNanos) {
                return;
            }
            line = sinceLine == 1
                    ? "Redis swarm registry unavailable: " + cause + " (further failures are counted, one line every "
                            + interval + " at most)"
                    : "Redis swarm registry unavailable: " + sinceLine
                            + " requests failed since the last line, the last: " + cause;
            sinceLine = 0;
            lineAt = now;
            anyLine = true;
            reported = true;
        }
        log.log(Level.WARNING, line);
    }

    /** Requests that failed since the start. */
    long failures() {
        return total;
    }

    /** Whether the last request failed (no success since a failure). */
    boolean failing() {
        return failing;
    }

    /** A request succeeded. */
    void succeeded() {
        if (!failing) {
            return;
        }
        long failed;
        synchronized (this) {
            if (!failing) {
                return;
            }
            failing = false;
            if (!reported) {
                return;
            }
            reported = false;
            failed = sinceReport;
            sinceReport = 0;
            sinceLine = 0;
            lineAt = nanos.getAsLong();
        }
        log.log(Level.INFO, "Redis swarm registry answers again (requests failed meanwhile: " + failed + ")");
    }
}
