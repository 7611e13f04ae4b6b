package dev.karuta.app;

import dev.karuta.app.config.NodeKeys;
import dev.karuta.redis.RedisSettings;
import java.time.Duration;

/**
 * How this node shares state with others: whether its swarms live in Redis, and the Redis through
 * which nodes tell each other about access-list and private-mode changes.
 *
 * @param redisRegistry whether the swarm registry is the Redis one ({@code karuta.registry=redis})
 * @param redis         the Redis ({@code karuta.redis.uri}, {@code karuta.redis.timeout},
 *                      {@code karuta.redis.prefix}), or null: no Redis, this node alone. Its URI may carry
 *                      a password: log {@link #shownUri()}
 */
public record NodeSettings(boolean redisRegistry, RedisSettings redis) {
    /** Whether this node agrees with others over Redis ({@code karuta.redis.uri} is set). */
    public boolean shared() {
        return redis != null;
    }

    /** The URI with any password replaced by {@code ***}: safe to log; empty when there is none. */
    public String shownUri() {
        return redis == null ? "" : NodeKeys.withoutPassword(redis.uri());
    }

    /** The longest a Redis command may take. */
    public Duration timeout() {
        return redis == null ? RedisSettings.DEFAULT_TIMEOUT : redis.commandTimeout();
    }

    @Override
    public String toString() {
        return "NodeSettings[redisRegistry=" + redisRegistry + ", redis=" + redis + "]";
    }
}
