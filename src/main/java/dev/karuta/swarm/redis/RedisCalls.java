package dev.karuta.swarm.redis;

import dev.karuta.core.TimeSource;
import dev.karuta.core.TrackerException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.netty.util.Timeout;
import io.netty.util.Timer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The registry's commands to Redis and what a failed one becomes: each wait is bounded by the command
 * timeout, and a Redis that fails or does not answer in time makes the request fail with a
 * {@link TrackerException} of kind {@code INTERNAL} and {@code retry in} {@value #RETRY_MINUTES} minute,
 * logged by a {@link FailureLog} (one line a minute at most). Scripts are called by EVALSHA, and sent
 * again by EVAL to a server that forgot them (restart, failover).
 */
final class RedisCalls {
    /** Minutes a client is told to wait when Redis fails. */
    static final int RETRY_MINUTES = 1;
    /** The registry's lines all go under its name. */
    private static final System.Logger LOG = System.getLogger(RedisSwarmRegistry.class.getName());

    private final RedisClusterAsyncCommands<byte[], byte[]> redis;
    private final long timeoutMillis;
    /** Lettuce's timer (a hashed wheel), which bounds each announce's wait. */
    private final Timer timer;
    /** Redis failures, logged without a line per failed request. */
    private final FailureLog failures = new FailureLog(LOG, TimeSource.SYSTEM::nanoTime, Duration.ofMinutes(1));

    /** Calls on {@code redis}, each awaited at most {@code timeout}, with {@code timer} for the asynchronous waits. */
    RedisCalls(RedisClusterAsyncCommands<byte[], byte[]> redis, Duration timeout, Timer timer) {
        this.redis = redis;
        this.timeoutMillis = timeout.toMillis();
        this.timer = timer;
    }

    /** The commands themselves, for the few plain ones (the key layout, the global keys). */
    RedisClusterAsyncCommands<byte[], byte[]> commands() {
        return redis;
    }

    /** Loads {@code scripts} once; a server that forgets them gets the source again on NOSCRIPT. */
    void load(List<LuaScript> scripts) {
        for (LuaScript s : scripts) {
            await(redis.scriptLoad(s.source));
        }
    }

    /** Runs {@code script} by its hash, sending its source when the server does not know it. */
    CompletableFuture<List<Object>> call(LuaScript script, byte[][] keys, byte[][] args) {
        CompletableFuture<List<Object>> f = redis.<List<Object>>evalsha(script.sha, ScriptOutputType.MULTI, keys, args)
                .toCompletableFuture();
        return f.handle((result, error) -> {
            Throwable cause = error instanceof CompletionException ? error.getCause() : error;
            if (cause instanceof RedisNoScriptException) {
                return redis.<List<Object>>eval(script.source, ScriptOutputType.MULTI, keys, args)
                        .toCompletableFuture();
            }
            return error == null ? CompletableFuture.completedFuture(result)
                    : CompletableFuture.<List<Object>>failedFuture(cause);
        }).thenCompose(x -> x);
    }

    /** Waits for {@code future} at most the command timeout; a Redis failure becomes a retry-later answer. */
    <T> T await(CompletionStage<T> future) {
        try {
            T result = future.toCompletableFuture().get(timeoutMillis + 50, TimeUnit.MILLISECONDS);
            failures.succeeded();
            return result;
        } catch (TimeoutException e) {
            throw unavailable(e);
        } catch (ExecutionException e) {
            throw unavailable(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(e);
        }
    }

    /** Fails {@code reply} with a timeout when Redis has not answered it within the command timeout. */
    void deadline(CompletableFuture<?> reply) {
        if (reply.isDone()) {
            return;
        }
        Timeout t = timer.newTimeout(x -> reply.completeExceptionally(
                new TimeoutException("no answer from Redis within " + timeoutMillis + " ms")),
                timeoutMillis + 50, TimeUnit.MILLISECONDS);
        reply.whenComplete((r, e) -> t.cancel());
    }

    /** Records a failure for {@code cause}, and answers the retry-later exception to throw. */
    TrackerException unavailable(Throwable cause) {
        failures.failed(cause);
        return new TrackerException(TrackerException.Kind.INTERNAL, "tracker storage unavailable, retry later",
                RETRY_MINUTES);
    }

    /** The failures counted so far, and whether the last call failed. */
    FailureLog failures() {
        return failures;
    }

    /** Records a call answered without {@link #await} (the announce's). */
    void succeeded() {
        failures.succeeded();
    }
}
