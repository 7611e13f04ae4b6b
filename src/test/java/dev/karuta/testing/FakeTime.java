package dev.karuta.testing;

import dev.karuta.core.TimeSource;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link TimeSource} that tests move forward by hand: both readings advance together, the wall
 * clock starting at the machine's time when the fake is made (so stored times look real).
 */
public final class FakeTime implements TimeSource {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final long epochMillisAtStart;

    public FakeTime() {
        this(System.currentTimeMillis());
    }

    /** A fake whose wall clock starts at {@code epochMillisAtStart}. */
    public FakeTime(long epochMillisAtStart) {
        this.epochMillisAtStart = epochMillisAtStart;
    }

    @Override
    public long nanoTime() {
        return nanos.get();
    }

    @Override
    public long epochMillis() {
        return epochMillisAtStart + (nanos.get() - 1_000_000_000L) / 1_000_000L;
    }

    /** Moves time forward by {@code d}. */
    public FakeTime advance(Duration d) {
        nanos.addAndGet(d.toNanos());
        return this;
    }
}
