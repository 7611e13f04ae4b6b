package dev.karuta.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.netty.util.Timer;
import java.util.ArrayList;
import java.util.List;

/**
 * One Lettuce client to the Redis of a {@link RedisSettings}, the one place that tells a standalone
 * server, a master found through Sentinel and a Redis Cluster apart: it opens connections for commands
 * and for pub/sub, every command bounded by the settings' command timeout. Creating one connects to
 * nothing; {@link #connect} and {@link #connectPubSub} do, and throw Lettuce's exception when Redis
 * cannot be reached (its message may quote the URI, password included: do not pass it on). Lettuce
 * reconnects by itself. {@link #close()} shuts the client down with its threads.
 */
public final class LettuceClient implements AutoCloseable {
    /** What a command does while its connection is down or still being opened. */
    public enum WhileDisconnected {
        /** Fails at once: a caller answers "retry later" rather than wait for Redis. */
        FAIL,
        /**
         * Fails at once on a standalone or Sentinel Redis; on a Cluster waits, bounded by the command
         * timeout, for the connection to its slot's master, which Lettuce opens on first use (and again
         * after a failover): failing there would drop the first command sent to each master.
         */
        WAIT_ON_CLUSTER
    }

    private final RedisClient standalone;
    private final RedisClusterClient cluster;

    private LettuceClient(RedisClient standalone, RedisClusterClient cluster) {
        this.standalone = standalone;
        this.cluster = cluster;
    }

    /**
     * A client to the Redis of {@code settings} whose connections are named {@code clientName} (what
     * {@code CLIENT LIST} shows; null: unnamed) and whose commands do {@code whileDisconnected}.
     */
    public static LettuceClient create(RedisSettings settings, String clientName, WhileDisconnected whileDisconnected) {
        List<RedisURI> uris = uris(settings);
        if (clientName != null) {
            uris.forEach(u -> u.setClientName(clientName));
        }
        TimeoutOptions timeouts = TimeoutOptions.enabled(settings.commandTimeout());
        if (settings.isCluster()) {
            RedisClusterClient client = RedisClusterClient.create(uris);
            client.setOptions(ClusterClientOptions.builder().timeoutOptions(timeouts)
                    .disconnectedBehavior(whileDisconnected == WhileDisconnected.WAIT_ON_CLUSTER
                            ? ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS
                            : ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .build());
            return new LettuceClient(null, client);
        }
        RedisClient client = RedisClient.create(uris.get(0));
        client.setOptions(ClientOptions.builder().timeoutOptions(timeouts)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build());
        return new LettuceClient(client, null);
    }

    /** The URIs of {@code settings}, each with its command timeout: one, or a Redis Cluster's seeds. */
    public static List<RedisURI> uris(RedisSettings settings) {
        List<RedisURI> out = new ArrayList<>();
        for (String one : settings.isCluster() ? settings.clusterSeeds() : List.of(settings.uri())) {
            RedisURI uri = RedisURI.create(one);
            uri.setTimeout(settings.commandTimeout());
            out.add(uri);
        }
        return out;
    }

    /** Whether this is a client to a Redis Cluster. */
    public boolean isCluster() {
        return cluster != null;
    }

    /** A new connection for commands, keys and values read and written by {@code codec}. */
    public <K, V> RedisConnection<K, V> connect(RedisCodec<K, V> codec) {
        if (cluster != null) {
            var c = cluster.connect(codec);
            return new RedisConnection<>(c, c.async());
        }
        var c = standalone.connect(codec);
        return new RedisConnection<>(c, c.async());
    }

    /** A new connection for pub/sub; on a Cluster, messages published on any shard reach it. */
    public <K, V> StatefulRedisPubSubConnection<K, V> connectPubSub(RedisCodec<K, V> codec) {
        return cluster != null ? cluster.connectPubSub(codec) : standalone.connectPubSub(codec);
    }

    /** Lettuce's timer (a hashed wheel), for deadlines that cost no thread. */
    public Timer timer() {
        return client().getResources().timer();
    }

    /** Tells {@code listener} when any connection of this client connects or disconnects. */
    public void addListener(RedisConnectionStateListener listener) {
        client().addListener(listener);
    }

    private AbstractRedisClient client() {
        return cluster != null ? cluster : standalone;
    }

    /** Shuts the client down: its connections, then its threads. */
    @Override
    public void close() {
        client().shutdown();
    }
}
