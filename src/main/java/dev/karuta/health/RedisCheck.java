package dev.karuta.health;

import dev.karuta.core.TimeSource;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The Redis registry's part: up when Redis answers one PING within the command timeout. However many
 * probes come at once, at most one PING is out: they share it, and its answer serves every probe for
 * {@link #FRESH} afterwards. A probe waits at most the command timeout (and a little), so a Redis that
 * hangs makes the part down in bounded time rather than the probe hang; a PING the client never
 * completes is given up after twice its bound, so one lost answer cannot keep the part down.
 */
public final class RedisCheck implements Check {
    /** How long one PING's answer serves further probes. */
    public static final Duration FRESH = Duration.ofSeconds(1);
    /** Added to the command timeout for a probe's wait (the registry's own deadline fires at timeout + 50 ms). */
    private static final long MARGIN_MILLIS = 200;

    private final Supplier<? extends CompletionStage<?>> ping;
    private final Duration timeout;
    private final TimeSource time;
    /** The last PING's outcome and when it came ({@link TimeSource#nanoTime}); null before the first. */
    private volatile Answer last;
    /** The PING out now, or null. */
    private final AtomicReference<Sent> out = new AtomicReference<>();

    private record Answer(Status status, long at) {
    }

    private record Sent(CompletableFuture<Status> answer, long at) {
    }

    /**
     * A check that sends {@code ping} (which completes, exceptionally on failure, within
     * {@code timeout}), on {@code time}.
     */
    public RedisCheck(Supplier<? extends CompletionStage<?>> ping, Duration timeout, TimeSource time) {
        this.ping = ping;
        this.timeout = timeout;
        this.time = time;
    }

    @Override
    public String name() {
        return "registry";
    }

    @Override
    public Status check() {
        Answer a = last;
        if (a != null && time.nanoTime() - a.at() < FRESH.toNanos()) {
            return a.status();
        }
        try {
            return pinging().get(waitMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return down("no answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException | CancellationException e) {
            return down("the check failed: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return down("interrupted");
        }
    }

    private long waitMillis() {
        return timeout.toMillis() + MARGIN_MILLIS;
    }

    /**
     * The PING out now, or a new one. Lock-free: the answer comes on the Redis client's I/O thread,
     * which must never wait for a probe.
     */
    private CompletableFuture<Status> pinging() {
        long now = time.nanoTime();
        while (true) {
            Sent current = out.get();
            if (current != null && now - current.at() < 2 * TimeUnit.MILLISECONDS.toNanos(waitMillis())) {
                return current.answer();
            }
            Sent mine = new Sent(new CompletableFuture<>(), now);
            if (!out.compareAndSet(current, mine)) {
                continue; // another probe sent one meanwhile: share it
            }
            // The answer is kept before the PING is cleared, so a later probe finds one or the other.
            mine.answer().thenAccept(s -> {
                last = new Answer(s, time.nanoTime());
                out.compareAndSet(mine, null);
            });
            try {
                ping.get().whenComplete((pong, error) -> mine.answer().complete(status(error)));
            } catch (RuntimeException e) {
                mine.answer().complete(status(e));
            }
            return mine.answer();
        }
    }

    private Status status(Throwable error) {
        if (error == null) {
            return Status.up("kind", "redis", "timeoutMillis", timeout.toMillis());
        }
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        // The type only: a client's message may quote the URI with its password.
        return down(cause instanceof TimeoutException ? "no answer within " + timeout.toMillis() + " ms"
                : "Redis refused the PING or is not connected (" + cause.getClass().getSimpleName() + ")");
    }

    private Status down(String why) {
        return Status.down("kind", "redis", "timeoutMillis", timeout.toMillis(), "error", why);
    }
}
