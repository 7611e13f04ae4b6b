package dev.karuta.core;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The announce interval and its jitter as they are now: configured at start, changed live by the
 * Ocelot control API ({@code announce_interval}, {@code announce_jitter}). Read on every answer.
 */
public final class Intervals {
    private volatile int interval;
    private volatile int jitter;

    /** The intervals of {@code settings}. */
    public Intervals(AnnounceSettings settings) {
        this.interval = settings.intervalSeconds();
        this.jitter = settings.intervalJitterSeconds();
    }

    /** The base announce interval in seconds. */
    public int interval() {
        return interval;
    }

    /** Changes the base announce interval (seconds, positive). */
    public void setInterval(int seconds) {
        if (seconds < 1) {
            throw new IllegalArgumentException("interval must be positive");
        }
        interval = seconds;
    }

    /** The most seconds added at random to each interval. */
    public int jitter() {
        return jitter;
    }

    /** Changes the jitter (seconds, 0 or more). */
    public void setJitter(int seconds) {
        if (seconds < 0) {
            throw new IllegalArgumentException("jitter must not be negative");
        }
        jitter = seconds;
    }

    /** The interval to tell one client: the base plus a random share of the jitter. */
    int next() {
        int j = jitter;
        return interval + (j == 0 ? 0 : ThreadLocalRandom.current().nextInt(j + 1));
    }
}
