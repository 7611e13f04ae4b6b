package dev.karuta.cluster;

import dev.karuta.redis.LettuceClient;
import dev.karuta.redis.RedisConnection;
import dev.karuta.redis.RedisSettings;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

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
    private final LettuceClient client;
    private final StatefulRedisPubSubConnection<String, String> subscriber;
    private final RedisConnection<String, String> publisher;
    private final AtomicBoolean connectedOnce = new AtomicBoolean();
    private volatile Consumer<Change> handler = c -> { };
    private volatile boolean closing;

    private RedisChangeBus(String node, String channel, String shownUri, LettuceClient client) {
        this.node = node;
        this.channel = channel;
        this.shownUri = shownUri;
        this.client = client;
        this.subscriber = client.connectPubSub(StringCodec.UTF8);
        this.publisher = client.connect(StringCodec.UTF8);
    }

    /**
     * Connects to the Redis of {@code redis} and subscribes to {@code <keyPrefix>changes};
     * {@code shownUri} is its URI without the password, for messages.
     *
     * @throws IllegalStateException when Redis cannot be reached now (the message names the shown URI)
     */
    public static RedisChangeBus connect(RedisSettings redis, String shownUri) {
        String channel = redis.keyPrefix() + "changes";
        byte[] id = new byte[8];
        new SecureRandom().nextBytes(id);
        String node = HexFormat.of().formatHex(id);
        try {
            // Named, so that CLIENT LIST shows which connections are which node's bus. On a Cluster a
            // PUBLISH goes to its channel's slot master over a connection Lettuce opens on first use: it
            // waits for it (within the command timeout) rather than drop the node's first change.
            LettuceClient client = LettuceClient.create(redis, CLIENT_NAME_PREFIX + node,
                    LettuceClient.WhileDisconnected.WAIT_ON_CLUSTER);
            try {
                return new RedisChangeBus(node, channel, shownUri, client).start();
            } catch (RuntimeException e) {
                client.close();
                throw e;
            }
        } catch (RuntimeException e) {
            // Lettuce's message may quote the URI, password included: not passed on.
            throw new IllegalStateException("cannot connect to Redis at " + shownUri + " for the node change bus: "
                    + e.getClass().getSimpleName(), null);
        }
    }

    private RedisChangeBus start() {
        client.addListener(new Reconnects());
        subscriber.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                received(message);
            }
        });
        subscriber.sync().subscribe(channel);
        connectedOnce.set(true);
        LOG.log(Level.INFO, "node {0} agrees with the other nodes on Redis {1}, channel {2}", node, shownUri, channel);
        return this;
    }

    /** This node's id on the bus, in every message it sends. */
    public String node() {
        return node;
    }

    @Override
    public void publish(Change change) {
        String message = change.encode(node);
        try {
            publisher.commands().publish(channel, message).whenComplete((receivers, failure) -> {
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
            } else if (connection == publisher.connection()) {
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
        closeQuietly(publisher);
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
