package dev.karuta.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.karuta.core.TimeSource;
import java.nio.ByteBuffer;
import java.time.Duration;

/** Allows one full scrape per client address per interval; memory is bounded. */
public final class FullScrapeLimiter {
    private final Cache<ByteBuffer, Boolean> recent;
    private final boolean unlimited;

    /** A limiter on {@code time}'s monotonic clock; a zero interval allows everything. */
    public FullScrapeLimiter(Duration interval, TimeSource time) {
        this.unlimited = interval.isZero();
        this.recent = Caffeine.newBuilder()
                .ticker(time::nanoTime)
                .executor(Runnable::run)
                .expireAfterWrite(unlimited ? Duration.ofSeconds(1) : interval)
                .maximumSize(100_000)
                .build();
    }

    /** Whether {@code address} may full-scrape now; a yes starts its interval. */
    public boolean tryAcquire(byte[] address) {
        if (unlimited) {
            return true;
        }
        return recent.asMap().putIfAbsent(ByteBuffer.wrap(address.clone()), Boolean.TRUE) == null;
    }
}
