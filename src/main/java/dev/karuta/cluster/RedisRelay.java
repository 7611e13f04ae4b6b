package dev.karuta.cluster;

import dev.karuta.core.InfoHash;
import dev.karuta.core.PeerId;
import dev.karuta.redis.LettuceClient;
import dev.karuta.redis.RedisConnection;
import dev.karuta.swarm.rtc.Relay;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link Relay} of nodes sharing one Redis: each node subscribes to its own pub/sub channel
 * {@code <prefix>ws:node:<node id>}, and a message for a WebRTC peer held by node N is published on N's
 * channel as the torrent's info_hash (20 bytes), the peer's peer_id (20 bytes) and the exact JSON text the
 * peer is to receive (UTF-8), at most {@code maxTextChars} characters. The receiving node hands it to the
 * peer's connection, or drops it when that is gone. Pub/sub keeps nothing: a message published while the
 * target node is cut off from Redis is lost, as an offer to a browser that left (the browser announces
 * again with fresh offers within its interval). Lettuce reconnects and subscribes again by itself.
 */
public final class RedisRelay implements Relay, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RedisRelay.class.getName());

    /** Where relayed messages go on the receiving node. */
    public interface Inbox {
        /** Hands {@code text} to peer {@code to} of {@code hash}; false when it is not on this node any more. */
        boolean deliver(InfoHash hash, PeerId to, String text);
    }

    private final String prefix;
    private final int maxTextChars;
    private final StatefulRedisPubSubConnection<byte[], byte[]> subscriber;
    private final RedisConnection<byte[], byte[]> publisher;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile Inbox inbox = (h, p, t) -> false;

    private RedisRelay(LettuceClient client, String prefix, int maxTextChars) {
        this.prefix = prefix;
        this.maxTextChars = maxTextChars;
        this.subscriber = client.connectPubSub(ByteArrayCodec.INSTANCE);
        try {
            this.publisher = client.connect(ByteArrayCodec.INSTANCE);
        } catch (RuntimeException e) {
            subscriber.close();
            throw e;
        }
    }

    /**
     * Subscribes node {@code node} to its channel under {@code prefix} on {@code client}'s Redis; relays
     * texts of at most {@code maxTextChars} characters. Messages arrive for {@link #listen}'s inbox.
     *
     * @throws RuntimeException Lettuce's, when Redis cannot be reached
     */
    public static RedisRelay start(LettuceClient client, String prefix, String node, int maxTextChars) {
        RedisRelay relay = new RedisRelay(client, prefix, maxTextChars);
        try {
            relay.subscriber.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(byte[] channel, byte[] message) {
                    relay.received(message);
                }
            });
            relay.subscriber.sync().subscribe(relay.channel(node));
            return relay;
        } catch (RuntimeException e) {
            relay.close();
            throw e;
        }
    }

    /** The channel of node {@code node}. */
    byte[] channel(String node) {
        return (prefix + "ws:node:" + node).getBytes(StandardCharsets.UTF_8);
    }

    /** Hands every message relayed to this node from now on to {@code inbox}. */
    public void listen(Inbox inbox) {
        this.inbox = inbox;
    }

    @Override
    public boolean send(String node, InfoHash hash, PeerId to, String text) {
        if (text.length() > maxTextChars) {
            return false;
        }
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        ByteBuffer message = ByteBuffer.allocate(40 + body.length).put(hash.bytes()).put(to.bytes()).put(body);
        try {
            publisher.commands().publish(channel(node), message.array()).whenComplete((receivers, failure) -> {
                if (failure != null) {
                    LOG.log(Level.DEBUG, "a WebRTC message for node {0} was not relayed: {1}", node, failure.toString());
                } else if (receivers == 0) {
                    dropped.incrementAndGet(); // that node is gone (stopped, or cut off from Redis)
                }
            });
            return true;
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "a WebRTC message for node {0} was not relayed: {1}", node, e.toString());
            return false;
        }
    }

    private void received(byte[] message) {
        received.incrementAndGet();
        if (message.length < 40 || message.length - 40 > 4L * maxTextChars) {
            dropped.incrementAndGet();
            return;
        }
        String text = new String(message, 40, message.length - 40, StandardCharsets.UTF_8);
        try {
            if (text.length() > maxTextChars || !inbox.deliver(InfoHash.of(message, 0),
                    PeerId.of(message, 20), text)) {
                dropped.incrementAndGet();
            }
        } catch (RuntimeException e) {
            dropped.incrementAndGet();
            LOG.log(Level.WARNING, "a relayed WebRTC message could not be delivered", e);
        }
    }

    /** Messages received from other nodes since the start. */
    public long received() {
        return received.get();
    }

    /** Messages dropped since the start: for a peer gone, to a node gone, or not readable. */
    public long dropped() {
        return dropped.get();
    }

    @Override
    public void close() {
        inbox = (h, p, t) -> false;
        closeQuietly(subscriber);
        closeQuietly(publisher);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.log(Level.DEBUG, "closing a Redis connection failed", e);
        }
    }
}
