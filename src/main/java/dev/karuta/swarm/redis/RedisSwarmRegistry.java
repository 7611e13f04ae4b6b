package dev.karuta.swarm.redis;

import dev.karuta.core.AnnounceRequest;
import dev.karuta.core.AnnounceResult;
import dev.karuta.core.InfoHash;
import dev.karuta.core.SwarmStats;
import dev.karuta.core.TimeSource;
import dev.karuta.core.TrackerException;
import dev.karuta.redis.LettuceClient;
import dev.karuta.redis.RedisConnection;
import dev.karuta.redis.RedisSettings;
import dev.karuta.swarm.PeerView;
import dev.karuta.swarm.RegistrySettings;
import dev.karuta.swarm.RegistryTotals;
import dev.karuta.swarm.SnatchLedger;
import dev.karuta.swarm.SwarmRegistry;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.codec.ByteArrayCodec;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A {@link SwarmRegistry} in Redis, so that several tracker nodes share one swarm state. Each
 * operation on a swarm is one Lua script called by EVALSHA: one round trip per announce, atomic on
 * the server ({@link RedisAnnouncer}: batched under load on a standalone server, packed arguments and
 * answer). All keys of a swarm carry the hash tag {@code {<info hash hex>}}, so the scripts run on a
 * Redis Cluster too. Layout per swarm ({@code <prefix>{<hex>}:} then; names in {@link KeyLayout}):
 * <ul>
 * <li>{@code p}: hash peer_id -> msgpack record (state, key, hasKey, snatched, owner, last seen,
 *     compact v4 and v6 addresses, their subnets), and under short field names the swarm's counts
 *     (seeders, downloaders, partial seeds, snatches, v4, v6), updated in the same script as the peers,
 *     so counts are exact, and read in the same command as the announcing peer's record;</li>
 * <li>{@code t}: sorted set peer_id by last seen, so expiry reads the oldest first (bounded per call);</li>
 * <li>{@code r4 r6}: the pools, per family: two strings, {@code r4d} (downloaders) and {@code r4s} (done
 *     peers), of fixed-width members back to back in a uniformly random order, a member being what a
 *     pick hands out (peer_id, '1' done or '0' downloading, compact address), and the hash {@code r4} of
 *     member -> index with the strings' lengths; a pick reads one window of them (GETRANGE from a random
 *     start: a few calls and strings whatever the swarm's size or numwant, never a scan), so it reads
 *     no record (but in private mode, for the owner); a join or leave moves one other member;</li>
 * <li>{@code p:n<family>:<subnet>}: the members per subnet (prefix lengths from {@link RegistrySettings}),
 *     sorted sets scored at random, read first for neighbours (a window of ranks).</li>
 * </ul>
 * Global keys: {@code <prefix>{global}:totals} (totals hash) and {@code <prefix>{global}:swarms} (sorted set
 * of info hashes by last announce, for {@link #forEach}, idle expiry and the torrent bound in {@link #sweep}), kept by
 * {@link GlobalKeys}: on a Cluster they are written by a second, pipelined call that the announce does
 * not wait for, and both live on one slot, the price of O(1) totals. {@code <prefix>{global}:layout}
 * says which layout the prefix holds; a node refuses a prefix written in another.
 * <p>
 * Time comes from the injected time source's wall clock and is handed to the scripts in milliseconds,
 * so every node must run on the same clock (tests move a fake one). A Redis that
 * is slow or unreachable makes an announce fail within the command timeout with a
 * {@link TrackerException} of kind {@code INTERNAL} and {@code retry in} ({@link RedisCalls}); Lettuce
 * reconnects by itself, and commands issued while disconnected fail at once instead of queueing.
 * <p>
 * This class puts the parts together: the announce path ({@link RedisAnnouncer}), the other swarm
 * scripts ({@link SwarmCalls}), the snapshot ({@link SwarmSnapshot}) and the sweep ({@link RedisSweep}).
 */
public final class RedisSwarmRegistry implements SwarmRegistry {
    private static final System.Logger LOG = System.getLogger(RedisSwarmRegistry.class.getName());
    private final TimeSource time;
    private final SnatchLedger ledger;
    private final LettuceClient client;
    private final RedisConnection<byte[], byte[]> connection;
    private final RedisCalls calls;
    private final GlobalKeys global;
    private final SwarmCalls swarms;
    private final RedisAnnouncer announcer;
    private final SwarmSnapshot snapshot;
    private final RedisSweep sweep;

    /**
     * A registry in the Redis of {@code redis}, on {@code time}'s wall clock (what several nodes agree
     * on; monotonic time is per process), with snatches kept by {@code ledger}.
     *
     * @throws IllegalStateException when the key prefix holds another layout of this registry
     * @throws RuntimeException      Lettuce's, when Redis cannot be reached
     */
    public RedisSwarmRegistry(RedisSettings redis, RegistrySettings settings, TimeSource time, SnatchLedger ledger) {
        this.time = time;
        this.ledger = ledger;
        boolean cluster = redis.isCluster();
        this.client = LettuceClient.create(redis, null, LettuceClient.WhileDisconnected.FAIL);
        try {
            this.connection = client.connect(ByteArrayCodec.INSTANCE);
            this.calls = new RedisCalls(connection.commands(), redis.commandTimeout(), client.timer());
            KeyLayout keys = new KeyLayout(redis.keyPrefix(), cluster);
            calls.load(LuaScript.ALL);
            keys.check(calls);
            this.global = new GlobalKeys(calls, keys, cluster);
            this.swarms = new SwarmCalls(calls, keys, global, settings.peerTtl().toMillis());
            this.announcer = new RedisAnnouncer(calls, keys, global, settings, ledger, cluster);
            this.snapshot = new SwarmSnapshot(swarms, settings, ledger);
            this.sweep = new RedisSweep(swarms, global, settings);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    private long nowMillis() {
        return time.epochMillis();
    }

    /**
     * Sends the announce and answers when Redis has: within the command timeout, or with a
     * retry-later {@link TrackerException}. The answer is read and handed on in Lettuce's I/O thread.
     */
    @Override
    public CompletionStage<AnnounceResult> announce(AnnounceRequest request, int numWant, int owner) {
        return announcer.announce(request, numWant, owner, nowMillis());
    }

    /**
     * Sends one PING on the registry's connection, for the readiness probe: completes with Redis's
     * answer, or exceptionally when Redis refuses, the connection is down (at once: commands are not
     * queued while disconnected) or no answer comes within the command timeout (then with a
     * {@link TimeoutException}). Never throws, never counts as an announce failure.
     */
    public CompletableFuture<String> ping() {
        CompletableFuture<String> reply = new CompletableFuture<>();
        try {
            connection.commands().ping().whenComplete((pong, error) -> {
                if (error instanceof RedisCommandTimeoutException) {
                    // Lettuce's own timeout, the same bound as the deadline below: one kind of failure.
                    reply.completeExceptionally(new TimeoutException(error.getMessage()));
                } else if (error != null) {
                    reply.completeExceptionally(error);
                } else {
                    reply.complete(pong);
                }
            });
        } catch (RuntimeException e) {
            reply.completeExceptionally(e);
        }
        calls.deadline(reply);
        return reply;
    }

    @Override
    public SwarmStats stats(InfoHash infoHash) {
        List<Object> r = swarms.run(LuaScript.STATS, infoHash, nowMillis());
        if ((Long) r.get(0) == 1L) {
            return SwarmCalls.stats(r.get(1));
        }
        long snatches = ledger.base(infoHash);
        return snatches == 0 ? SwarmStats.EMPTY : new SwarmStats(0, 0, 0, snatches);
    }

    @Override
    public void forEach(BiConsumer<InfoHash, SwarmStats> sink) {
        swarms.statsOfAll(nowMillis(), (h, stats, expired, hits) -> {
            if (stats != null) {
                sink.accept(h, stats);
            }
        });
    }

    @Override
    public void forEachPeer(InfoHash infoHash, Consumer<PeerView> sink) {
        snapshot.forEachPeer(infoHash, nowMillis(), sink);
    }

    @Override
    public boolean restore(InfoHash infoHash, PeerView peer) {
        return snapshot.restore(infoHash, peer, nowMillis());
    }

    @Override
    public long sweep() {
        return sweep.sweep(nowMillis());
    }

    @Override
    public RegistryTotals totals() {
        return global.totals();
    }

    /** Calls to Redis that failed or timed out since the start (every such call fails a request or a read). */
    public long failures() {
        return calls.failures().failures();
    }

    /** Whether the last call to Redis was answered in time: false from a failure until the next success. */
    public boolean reachable() {
        return !calls.failures().failing();
    }

    @Override
    public void close() {
        // The totals writes in flight (Cluster) land before the connection goes.
        global.awaitPending();
        try {
            connection.close();
            client.close();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "closing the Redis swarm registry", e);
        }
    }
}
