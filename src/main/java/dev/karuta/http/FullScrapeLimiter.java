package dev.karuta.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.karuta.core.TimeSource;
import dev.karuta.core.TrackerException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Allows one full scrape per network per interval (an IPv4 address, an IPv6 /64: a host is given a
 * whole /64, so its addresses count as one) and a bounded number at the same time; memory is bounded.
 */
public final class FullScrapeLimiter {
    /** IPv6 addresses are keyed by their first 64 bits. */
    private static final int V6_NETWORK_BYTES = 8;
    private static final int BUSY_RETRY_MINUTES = 1;

    private final Cache<ByteBuffer, Boolean> recent;
    private final boolean unlimited;
    private final int retryInMinutes;
    private final Semaphore slots;
    private final int concurrent;

    /**
     * A limiter on {@code time}'s monotonic clock allowing {@code concurrent} full scrapes at a time; a
     * zero interval leaves only the concurrency bound.
     */
    public FullScrapeLimiter(Duration interval, int concurrent, TimeSource time) {
        if (concurrent < 1) {
            throw new IllegalArgumentException("concurrent must be at least 1");
        }
        this.unlimited = interval.isZero();
        this.retryInMinutes = (int) Math.max(1, (interval.toSeconds() + 59) / 60);
        this.concurrent = concurrent;
        this.slots = new Semaphore(concurrent);
        this.recent = Caffeine.newBuilder()
                .ticker(time::nanoTime)
                .executor(Runnable::run)
                .expireAfterWrite(unlimited ? Duration.ofSeconds(1) : interval)
                .maximumSize(100_000)
                .build();
    }

    /**
     * Starts a full scrape for {@code address} (4 or 16 bytes): the returned slot must be closed once
     * the answer is written or has failed. A yes starts its network's interval; a refusal holds nothing
     * and a refusal for being busy does not spend the interval.
     *
     * @throws TrackerException rate-limited with {@code retry in}: its network had a full scrape within
     *                          the interval, or {@code concurrent} full scrapes are running
     */
    public Slot start(byte[] address) {
        if (!slots.tryAcquire()) {
            throw new TrackerException(TrackerException.Kind.RATE_LIMITED, "too many full scrapes at once",
                    BUSY_RETRY_MINUTES);
        }
        if (!unlimited && recent.asMap().putIfAbsent(network(address), Boolean.TRUE) != null) {
            slots.release();
            throw new TrackerException(TrackerException.Kind.RATE_LIMITED, "full scrape too frequent", retryInMinutes);
        }
        return new Slot();
    }

    /** How many full scrapes hold a slot now. */
    int running() {
        return concurrent - slots.availablePermits();
    }

    private static ByteBuffer network(byte[] address) {
        byte[] key = address.length == 16 ? Arrays.copyOf(address, V6_NETWORK_BYTES) : address.clone();
        return ByteBuffer.wrap(key);
    }

    /** One running full scrape's hold on a slot; closing it (once or more) gives the slot back once. */
    public final class Slot implements AutoCloseable {
        private final AtomicBoolean closed = new AtomicBoolean();

        private Slot() {
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                slots.release();
            }
        }
    }
}
