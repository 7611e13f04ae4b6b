package dev.karuta.core;

import java.time.Duration;

/**
 * The one source of time of a node: a monotonic reading for ages and expiry, and a wall-clock reading
 * for what is stored or shared with other nodes. Everything time-dependent takes one, so that a test
 * moves both readings together instead of waiting ({@code FakeTime} in the tests). Only what measures
 * the machine's own work (request latencies for the metrics, stop deadlines) reads
 * {@link System#nanoTime()} directly: tracker time may stand still in a test, the machine's may not.
 */
public interface TimeSource {
    /** The machine's clocks: {@link System#nanoTime()} and {@link System#currentTimeMillis()}. */
    TimeSource SYSTEM = new TimeSource() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public long epochMillis() {
            return System.currentTimeMillis();
        }
    };

    /** Monotonic nanoseconds from an arbitrary origin; only differences mean anything. */
    long nanoTime();

    /** Milliseconds since the epoch (UTC), as other nodes and the database read time. */
    long epochMillis();

    /** Seconds since the epoch (UTC). */
    default long epochSeconds() {
        return Math.floorDiv(epochMillis(), 1000L);
    }

    /** Nanoseconds since the epoch, on the wall clock: a time line every node of a cluster shares. */
    default long epochNanos() {
        return epochMillis() * 1_000_000L;
    }

    /** Monotonic nanoseconds elapsed since {@code startNanos} (a former {@link #nanoTime()}). */
    default Duration since(long startNanos) {
        return Duration.ofNanos(nanoTime() - startNanos);
    }
}
