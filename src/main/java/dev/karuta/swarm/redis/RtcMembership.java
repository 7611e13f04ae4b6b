package dev.karuta.swarm.redis;

import static dev.karuta.swarm.redis.ScriptArgs.num;
import static dev.karuta.swarm.redis.ScriptArgs.string;
import static dev.karuta.swarm.redis.ScriptArgs.text;

import dev.karuta.core.Answers;
import dev.karuta.core.InfoHash;
import dev.karuta.core.PeerId;
import dev.karuta.core.SwarmStats;
import dev.karuta.core.TimeSource;
import dev.karuta.redis.RedisConnection;
import dev.karuta.swarm.rtc.SharedSwarms;
import io.netty.util.Timer;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The WebRTC swarm membership of nodes sharing one Redis ({@code karuta.registry=redis}): per torrent,
 * under {@code <prefix>{<info hash hex>}:} (the hash tag of the torrent's HTTP/UDP swarm, so one Cluster
 * slot), a sorted set of leechers {@code rtc:l} and one of seeders {@code rtc:s} (peer_id by last
 * announce, ms) and a hash {@code rtc:p} (peer_id to {@code <node>:<owner>}, and the snatches). Every
 * operation is one call of {@code rtc.lua}, atomic on the server: counts are exact (the live peers of the
 * sorted sets, whatever is not pruned yet), a pick is O(offers log n) by random rank among the live ones,
 * never a scan. Time is the node's wall clock ({@link TimeSource#epochMillis}), as the HTTP/UDP registry's.
 * A Redis that fails or does not answer within the command timeout fails the call with a retry-later
 * {@link dev.karuta.core.TrackerException} ({@link RedisCalls}).
 */
public final class RtcMembership implements SharedSwarms {
    private static final System.Logger LOG = System.getLogger(RtcMembership.class.getName());
    static final LuaScript SCRIPT = LuaScript.load("rtc", false);
    private static final byte[] ANNOUNCE = text("announce");
    private static final byte[] PICK = text("pick");
    private static final byte[] HOLDER = text("holder");
    private static final byte[] LEAVE = text("leave");
    private static final byte[] STATS = text("stats");
    private static final byte[] ONE = text("1");
    private static final byte[] ZERO = text("0");

    private final RedisCalls calls;
    private final String prefix;
    private final String node;
    private final byte[] nodeBytes;
    private final TimeSource time;
    private final long ttlMillis;
    /** Leaves in flight, which a stop waits for (briefly) before the connection goes. */
    private final Set<CompletableFuture<?>> leaving = ConcurrentHashMap.newKeySet();

    /**
     * The membership in the Redis of {@code connection} under {@code prefix}, for node {@code node}, with
     * peers live {@code peerTtl} after their last announce on {@code time}'s wall clock.
     *
     * @throws dev.karuta.core.TrackerException when Redis does not take the script now
     */
    public RtcMembership(RedisConnection<byte[], byte[]> connection, Duration timeout, Timer timer, String prefix,
                         String node, TimeSource time, Duration peerTtl) {
        if (node.isEmpty() || node.indexOf(':') >= 0) {
            throw new IllegalArgumentException("a node id is not empty and has no ':'");
        }
        this.calls = new RedisCalls(connection.commands(), timeout, timer);
        this.prefix = prefix;
        this.node = node;
        this.nodeBytes = text(node);
        this.time = time;
        this.ttlMillis = Math.max(1, peerTtl.toMillis());
        calls.load(List.of(SCRIPT));
    }

    @Override
    public String node() {
        return node;
    }

    private byte[][] keys(InfoHash hash) {
        String base = prefix + "{" + hash.toHex() + "}:rtc:";
        return new byte[][] {text(base + "l"), text(base + "s"), text(base + "p")};
    }

    private CompletableFuture<List<Object>> run(InfoHash hash, byte[] op, byte[]... rest) {
        byte[][] args = new byte[3 + rest.length][];
        args[0] = op;
        args[1] = num(time.epochMillis());
        args[2] = num(ttlMillis);
        System.arraycopy(rest, 0, args, 3, rest.length);
        CompletableFuture<List<Object>> reply;
        try {
            reply = calls.call(SCRIPT, keys(hash), args);
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        return reply.handle((r, error) -> {
            if (error != null) {
                throw calls.unavailable(Answers.cause(error));
            }
            calls.succeeded();
            return r;
        });
    }

    @Override
    public CompletionStage<SwarmStats> announce(InfoHash hash, PeerId peer, boolean seeder, boolean completed,
                                                boolean stopped, int owner) {
        return run(hash, ANNOUNCE, peer.bytes(), nodeBytes, num(owner), flag(seeder), flag(completed), flag(stopped))
                .thenApply(RtcMembership::stats);
    }

    @Override
    public CompletionStage<List<Member>> pick(InfoHash hash, PeerId from, boolean seeder, int owner, int max) {
        if (max <= 0) {
            return CompletableFuture.completedFuture(List.of());
        }
        return run(hash, PICK, from.bytes(), flag(seeder), num(owner), num(max),
                num(ThreadLocalRandom.current().nextInt(1 << 30))).thenApply(r -> {
            List<Member> out = new ArrayList<>(r.size() / 2);
            for (int i = 0; i + 1 < r.size(); i += 2) {
                out.add(new Member(PeerId.of((byte[]) r.get(i)), string((byte[]) r.get(i + 1))));
            }
            return out;
        });
    }

    @Override
    public CompletionStage<String> holder(InfoHash hash, PeerId peer) {
        return run(hash, HOLDER, peer.bytes()).thenApply(r -> r.isEmpty() ? null : string((byte[]) r.get(0)));
    }

    @Override
    public void leave(InfoHash hash, PeerId peer) {
        CompletableFuture<List<Object>> f = run(hash, LEAVE, peer.bytes(), nodeBytes);
        leaving.add(f);
        f.whenComplete((r, error) -> {
            leaving.remove(f);
            if (error != null) {
                // The peer expires from the others' picks and counts within the peer TTL.
                LOG.log(Level.DEBUG, "a WebRTC peer could not leave the shared swarm: {0}", error.toString());
            }
        });
    }

    @Override
    public SwarmStats stats(InfoHash hash) {
        return calls.await(run(hash, STATS).thenApply(RtcMembership::stats));
    }

    /** Waits at most {@code timeout} for the leaves in flight (a stop closing its connections). */
    public void awaitLeaves(Duration timeout) {
        try {
            CompletableFuture.allOf(leaving.toArray(CompletableFuture[]::new))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.log(Level.DEBUG, "WebRTC peers left behind in Redis expire with the peer TTL: {0}", e.toString());
        }
    }

    /** Calls that failed or timed out since the start. */
    public long failures() {
        return calls.failures().failures();
    }

    private static byte[] flag(boolean b) {
        return b ? ONE : ZERO;
    }

    private static SwarmStats stats(List<Object> r) {
        return new SwarmStats((int) (long) (Long) r.get(0), (int) (long) (Long) r.get(1), 0, (Long) r.get(2));
    }
}
