package dev.karuta.app;

import dev.karuta.cluster.RedisRelay;
import dev.karuta.core.TimeSource;
import dev.karuta.redis.LettuceClient;
import dev.karuta.redis.RedisConnection;
import dev.karuta.redis.RedisSettings;
import dev.karuta.swarm.redis.RtcMembership;
import io.lettuce.core.codec.ByteArrayCodec;
import java.time.Duration;

/**
 * The parts that let WebTorrent peers on several nodes meet ({@code karuta.registry=redis}): the WebRTC
 * swarm membership in Redis and the relay of offers and answers to the node holding a peer's connection,
 * on one Lettuce client of their own (named {@code karuta-ws-<node id>}). Closing waits briefly for the
 * leaves of the connections just closed, then closes the connections and the client.
 *
 * @param membership the shared membership
 * @param relay      the relay between nodes
 * @param client     their Redis client
 * @param connection the membership's command connection
 */
record SharedWebRtc(RtcMembership membership, RedisRelay relay, LettuceClient client,
                    RedisConnection<byte[], byte[]> connection) implements AutoCloseable {
    /** Text a relayed message may carry beyond the client's own message: the tracker's fields around it. */
    static final int RELAY_OVERHEAD = 1024;

    /**
     * Connects node {@code node} to the Redis of {@code redis} ({@code shownUri}, without its password,
     * for messages).
     *
     * @throws IllegalStateException when Redis cannot be reached now, naming {@code karuta.redis.uri}
     */
    static SharedWebRtc start(RedisSettings redis, String shownUri, String node, TimeSource time, Duration peerTtl,
                              int maxMessageBytes) {
        // On a Cluster a command (a PUBLISH above all) goes to its slot's master over a connection Lettuce opens on
        // first use: it waits for it, within the command timeout, rather than fail; elsewhere it fails at once.
        LettuceClient client = LettuceClient.create(redis, "karuta-ws-" + node,
                LettuceClient.WhileDisconnected.WAIT_ON_CLUSTER);
        RedisConnection<byte[], byte[]> connection = null;
        try {
            connection = client.connect(ByteArrayCodec.INSTANCE);
            RtcMembership membership = new RtcMembership(connection, redis.commandTimeout(), client.timer(),
                    redis.keyPrefix(), node, time, peerTtl);
            RedisRelay relay = RedisRelay.start(client, redis.keyPrefix(), node, maxMessageBytes + RELAY_OVERHEAD);
            return new SharedWebRtc(membership, relay, client, connection);
        } catch (RuntimeException e) {
            if (connection != null) {
                connection.close();
            }
            client.close();
            // Lettuce's message may quote the URI, password included: not passed on.
            throw new IllegalStateException("cannot connect to Redis at " + shownUri + " for the WebTorrent swarms: "
                    + e.getClass().getSimpleName() + " (karuta.redis.uri)", null);
        }
    }

    @Override
    public void close() {
        membership.awaitLeaves(Duration.ofSeconds(2));
        relay.close();
        connection.close();
        client.close();
    }
}
