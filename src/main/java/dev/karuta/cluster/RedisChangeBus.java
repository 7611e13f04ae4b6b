package dev.karuta.cluster;

import dev.karuta.swarm.redis.RedisSettings;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The {@link ChangeBus} of nodes sharing one Redis: a change is a short text message on one pub/sub
 * channel ({@code <keyPrefix>changes}), tagged with the sending node's random id so that the sender
 * skips its own. Lettuce reconnects and subscribes again by itself; since messages sent meanwhile are
 * lost (pub/sub keeps nothing), a reconnected node reads everything again and asks the others to do
 * the same ({@link Change.Kind#EVERYTHING}). Works on a standalone or Sentinel Redis and on a Redis
 * Cluster ({@link RedisSettings#isCluster()}), where a message reaches the subscribers on every shard.
 */
public final class RedisChangeBus implements ChangeBus {
    private static final System.Logger LOG = System.getLogger(RedisChangeBus.class.getName());
    /** What the Redis client name of a bus connection starts with; the node id follows. */
    public static final String CLIENT_NAME_PREFIX = "karuta-bus-";

    private final String node;
    private final String channel;
    private final String shownUri;
    private final AutoCloseable client;
    private final StatefulRedisPubSubConnection<String, String> subscriber;
    private final AutoCloseable publisherConnection;
    private final Function<String, CompletionStage<Long>> publisher;
    private final AtomicBoolean connectedOnce = new AtomicBoolean();
    private volatile Consumer<Change> handler = c -> { };
    private volatile boolean closing;

    private RedisChangeBus(String node, String channel, String shownUri, AutoCloseable client,
                           StatefulRedisPubSubConnection<String, String> subscriber, AutoCloseable publisherConnection,
                           Function<String, CompletionStage<Long>> publisher) {
        this.node = node;
        this.channel = channel;
        this.shownUri = shownUri;
        this.client = client;
        this.subscriber = subscriber;
        this.publisherConnection = publisherConnection;
        this.publisher = publisher;
    }

    /**
     * Connects to the Redis of {@code redis} and subscribes to {@code <keyPrefix>changes};
     * {@code shownUri} is its URI without the password, for messages.
     *
     * @throws IllegalStateException when Redis cannot be reached now (the message names the shown URI)
     */
    public static RedisChangeBus connect(RedisSettings redis, String shownUri) {
        String channel = redis.keyPrefix() + "changes";
        Duration timeout = redis.commandTimeout();
        byte[] id = new byte[8];
        new SecureRandom().nextBytes(id);
        String node = HexFormat.of().formatHex(id);
        List<RedisURI> uris = uris(redis);
        // Named, so that CLIENT LIST shows which connections are which node's bus.
        uris.forEach(u -> u.setClientName(CLIENT_NAME_PREFIX + node));
        TimeoutOptions timeouts = TimeoutOptions.enabled(timeout);
        try {
            if (redis.isCluster()) {
                RedisClusterClient client = RedisClusterClient.create(uris);
                // A PUBLISH goes by its channel's slot, over a connection to that slot's master that
                // Lettuce opens on first use (and again after a failover). Rejecting commands while it is
                // being opened would drop the node's first change; a publish waits for it instead,
                // bounded by the command timeout.
                client.setOptions(ClusterClientOptions.builder().timeoutOptions(timeouts)
                        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS).build());
                try {
                    StatefulRedisPubSubConnection<String, String> sub = client.connectPubSub();
                    StatefulRedisClusterConnection<String, String> pub = client.connect();
                    return start(new RedisChangeBus(node, channel, shownUri, client::shutdown, sub, pub,
                            m -> pub.async().publish(channel, m)), client::addListener);
                } catch (RuntimeException e) {
                    client.shutdown();
                    throw e;
                }
            }
            RedisClient client = RedisClient.create();
            client.setOptions(ClientOptions.builder().timeoutOptions(timeouts)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build());
            try {
                StatefulRedisPubSubConnection<String, String> sub = client.connectPubSub(uris.get(0));
                StatefulRedisConnection<String, String> pub = client.connect(uris.get(0));
                return start(new RedisChangeBus(node, channel, shownUri, client::shutdown, sub, pub,
                        m -> pub.async().publish(channel, m)), client::addListener);
            } catch (RuntimeException e) {
                client.shutdown();
                throw e;
            }
        } catch (RuntimeException e) {
            // Lettuce's message may quote the URI, password included: not passed on.
            throw new IllegalStateException("cannot connect to Redis at " + shownUri + " for the node change bus: "
                    + e.getClass().getSimpleName(), null);
        }
    }

    private static RedisChangeBus start(RedisChangeBus bus, Consumer<RedisConnectionStateListener> addListener) {
        addListener.accept(bus.new Reconnects());
        bus.subscriber.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                bus.received(message);
            }
        });
        bus.subscriber.sync().subscribe(bus.channel);
        bus.connectedOnce.set(true);
        LOG.log(Level.INFO, "node {0} agrees with the other nodes on Redis {1}, channel {2}", bus.node, bus.shownUri,
                bus.channel);
        return bus;
    }

    /** The URIs of {@code redis}: one, or a Redis Cluster's seeds. */
    static List<RedisURI> uris(RedisSettings redis) {
        List<RedisURI> out = new ArrayList<>();
        for (String one : redis.isCluster() ? redis.clusterSeeds() : List.of(redis.uri())) {
            RedisURI uri = RedisURI.create(one);
            uri.setTimeout(redis.commandTimeout());
            out.add(uri);
        }
        return out;
    }

    /** This node's id on the bus, in every message it sends. */
    public String node() {
        return node;
    }

    @Override
    public void publish(Change change) {
        String message = change.encode(node);
        try {
            publisher.apply(message).whenComplete((receivers, failure) -> {
                if (failure != null) {
                    LOG.log(Level.WARNING, "could not tell the other nodes about a change ({0}): {1}; they take it up"
                            + " when this node reconnects", change.kind(), failure.toString());
                }
            });
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not tell the other nodes about a change ({0}): {1}", change.kind(),
                    e.toString());
        }
    }

    @Override
    public void listen(Consumer<Change> handler) {
        this.handler = handler;
    }

    private void received(String message) {
        if (Change.sender(message).equals(node)) {
            return;
        }
        Change change = Change.decode(message);
        if (change == null) {
            LOG.log(Level.DEBUG, "ignored a message on {0} that is no change", channel);
            return;
        }
        deliver(change);
    }

    private void deliver(Change change) {
        try {
            handler.accept(change);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "a change from another node could not be taken up", e);
        }
    }

    /** After a reconnection: what was published meanwhile is lost, so every node reads everything again. */
    private final class Reconnects implements RedisConnectionStateListener {
        @Override
        public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
            if (!connectedOnce.get()) {
                return;
            }
            // Each connection comes back on its own: the subscriber reads again what it may have missed,
            // the publisher asks the others to read again what they may have missed from this node.
            if (connection == subscriber) {
                LOG.log(Level.INFO, "reconnected to Redis at {0}: reading the shared changes again", shownUri);
                deliver(Change.everything());
            } else if (connection == publisherConnection) {
                publish(Change.everything());
            }
        }

        @Override
        public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
            if (connection == subscriber && !closing) {
                LOG.log(Level.WARNING, "lost Redis at {0}; changes made on other nodes arrive after it is back",
                        shownUri);
            }
        }
    }

    @Override
    public void close() {
        closing = true;
        handler = c -> { };
        closeQuietly(subscriber);
        closeQuietly(publisherConnection);
        closeQuietly(client);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.log(Level.DEBUG, "closing a Redis connection failed", e);
        }
    }
}
