package dev.karuta.core;

/**
 * Announce timing and peer-count limits.
 *
 * @param intervalSeconds       base {@code interval}
 * @param intervalJitterSeconds up to this many seconds are added at random to each {@code interval},
 *                              spreading re-announces after a restart
 * @param minIntervalSeconds    {@code min interval}, also BEP 48 {@code min_request_interval}
 * @param defaultNumWant        peers handed out when the client does not say
 * @param maxNumWant            the most peers handed out; larger requests are clamped
 */
public record AnnounceSettings(int intervalSeconds, int intervalJitterSeconds, int minIntervalSeconds,
                               int defaultNumWant, int maxNumWant) {
    public AnnounceSettings {
        if (intervalSeconds < 1 || intervalJitterSeconds < 0 || minIntervalSeconds < 0) {
            throw new IllegalArgumentException("intervals must be positive");
        }
        if (minIntervalSeconds > intervalSeconds) {
            throw new IllegalArgumentException("min interval must not exceed interval");
        }
        if (maxNumWant < 0 || defaultNumWant < 0 || defaultNumWant > maxNumWant) {
            throw new IllegalArgumentException("numwant default must be within 0..max");
        }
    }

    /** Defaults from PROTOCOL.md: 1800 s + up to 240 s, min 900 s, numwant 50, max 200. */
    public static AnnounceSettings defaults() {
        return new AnnounceSettings(1800, 240, 900, 50, 200);
    }

    /** The number of peers to hand out for a requested {@code numWant} (negative: the default). */
    public int clampNumWant(int numWant) {
        return numWant < 0 ? defaultNumWant : Math.min(numWant, maxNumWant);
    }
}
