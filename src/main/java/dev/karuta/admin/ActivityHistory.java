package dev.karuta.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The dashboard's last hour: a fixed ring of samples of announces per second and peers, taken by
 * {@link #sample(long)} at a fixed period by the composition root (tests call it with their own clock).
 */
public final class ActivityHistory {
    /** Seconds between samples. */
    public static final int PERIOD_SECONDS = 10;
    /** Samples kept: one hour. */
    public static final int CAPACITY = 3600 / PERIOD_SECONDS;

    /** One point of the chart. */
    public record Sample(long time, double announcesPerSecond, long peers) {
    }

    private final LongSupplier announces;
    private final LongSupplier peers;
    private final Sample[] ring;
    private int next;
    private int size;
    private long lastTime = -1;
    private long lastAnnounces;

    /**
     * A history of {@code capacity} samples of the running totals {@code announces} and the current
     * {@code peers}.
     */
    public ActivityHistory(int capacity, LongSupplier announces, LongSupplier peers) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.ring = new Sample[capacity];
        this.announces = announces;
        this.peers = peers;
    }

    /**
     * Takes a sample at {@code nowMillis} (epoch milliseconds): the announce rate since the previous
     * sample and the peers now. The first call only sets the starting point.
     */
    public synchronized void sample(long nowMillis) {
        long total = announces.getAsLong();
        if (lastTime >= 0 && nowMillis > lastTime) {
            double rate = (total - lastAnnounces) * 1000.0 / (nowMillis - lastTime);
            ring[next] = new Sample(nowMillis, rate, peers.getAsLong());
            next = (next + 1) % ring.length;
            size = Math.min(size + 1, ring.length);
        }
        lastTime = nowMillis;
        lastAnnounces = total;
    }

    /** The samples held, oldest first. */
    public synchronized List<Sample> samples() {
        List<Sample> out = new ArrayList<>(size);
        int start = (next - size + ring.length) % ring.length;
        for (int i = 0; i < size; i++) {
            out.add(ring[(start + i) % ring.length]);
        }
        return out;
    }
}
