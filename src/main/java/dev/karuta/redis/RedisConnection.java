package dev.karuta.redis;

import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

/**
 * A connection for commands to a standalone, Sentinel or Cluster Redis, and its asynchronous commands
 * (what a standalone connection and a Cluster one have in common: the Cluster routes each command by its
 * key's slot).
 *
 * @param connection the connection, which {@link #close()} closes; also what connection listeners are told
 * @param commands   its asynchronous commands
 * @param <K>        the keys' type
 * @param <V>        the values' type
 */
public record RedisConnection<K, V>(StatefulConnection<K, V> connection, RedisClusterAsyncCommands<K, V> commands)
        implements AutoCloseable {
    @Override
    public void close() {
        connection.close();
    }
}
