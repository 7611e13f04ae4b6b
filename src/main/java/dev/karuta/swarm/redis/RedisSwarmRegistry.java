package dev.karuta.swarm.redis;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.karuta.core.AddressFamily;
import dev.karuta.core.AnnounceRequest;
import dev.karuta.core.Answers;
import dev.karuta.core.Event;
import dev.karuta.core.InfoHash;
import dev.karuta.core.PeerAddress;
import dev.karuta.core.PeerId;
import dev.karuta.core.SelectedPeers;
import dev.karuta.core.SwarmStats;
import dev.karuta.core.TrackerException;
import dev.karuta.redis.LettuceClient;
import dev.karuta.redis.RedisConnection;
import dev.karuta.redis.RedisSettings;
import dev.karuta.swarm.AnnounceResult;
import dev.karuta.swarm.PeerView;
import dev.karuta.swarm.RegistrySettings;
import dev.karuta.swarm.RegistryTotals;
import dev.karuta.swarm.SnatchLedger;
import dev.karuta.swarm.SwarmRegistry;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.netty.util.Timeout;
import io.netty.util.Timer;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A {@link SwarmRegistry} in Redis, so that several tracker nodes share one swarm state. Each
 * operation on a swarm is one Lua script called by EVALSHA: one round trip per announce, atomic on
 * the server. On a standalone server, announces that arrive while a call is in flight go together in
 * the next call ({@link AnnounceBatcher}), so under load the per-call costs are shared; an announce
 * travels in one call all the same, and its arguments and answer are packed strings
 * ({@link AnnounceCodec}). All keys of a swarm carry the hash tag {@code {<info hash hex>}}, so the scripts run on a
 * Redis Cluster too. Layout per swarm ({@code <prefix>{<hex>}:} then):
 * <ul>
 * <li>{@code p}: hash peer_id -> msgpack record (state, key, hasKey, snatched, owner, last seen,
 *     compact v4 and v6 addresses, their subnets), and under short field names the swarm's counts
 *     (seeders, downloaders, partial seeds, snatches, v4, v6), updated in the same script as the peers,
 *     so counts are exact, and read in the same command as the announcing peer's record;</li>
 * <li>{@code t}: sorted set peer_id by last seen, so expiry reads the oldest first (bounded per call);</li>
 * <li>{@code q4 q6}: the peers per family, as sorted sets whose members are what a pick hands out
 *     (peer_id, '1' done or '0' downloading, compact address), downloaders scored 0 and done peers 1
 *     (so a done requester's picks are ranks 0 to downloaders - 1), so a pick reads no record (but in
 *     private mode, for the owner),
 *     picked from by random rank (ZRANGE i i, O(log n) each, so O(numwant log n) an announce, never a
 *     scan; SRANDMEMBER was tried first and is measurably not uniform: its hash buckets bias it);</li>
 * <li>{@code p:n<family>:<subnet>}: the same per subnet (prefix lengths from {@link RegistrySettings}),
 *     read first for neighbours.</li>
 * </ul>
 * Global keys: {@code <prefix>{global}:totals} (totals hash) and {@code <prefix>{global}:swarms} (sorted set of info hashes
 * by last announce, for {@link #forEach}, idle expiry and the torrent bound in {@link #sweep}). On a
 * standalone server (or Sentinel) the swarm scripts update them in the same call; a Cluster forbids a
 * script to touch keys of two slots, so there each script returns its deltas and they are applied by
 * a second, pipelined call that the announce does not wait for: totals are then exact once those land
 * (what {@link #totals()} waits for), and both global keys live on one slot, the price of O(1) totals.
 * <p>
 * Time comes from the injected ticker and is handed to the scripts in milliseconds, so every node must
 * run on the same clock: use {@link #WALL_CLOCK} in production (tests move a fake one). A Redis that
 * is slow or unreachable makes an announce fail within the command timeout with a
 * {@link TrackerException} of kind {@code INTERNAL} and {@code retry in}; Lettuce reconnects by
 * itself, and commands issued while disconnected fail at once instead of queueing.
 */
public final class RedisSwarmRegistry implements SwarmRegistry {
    private static final Logger LOG = System.getLogger(RedisSwarmRegistry.class.getName());
    /** Wall-clock time as a ticker: what several nodes agree on (monotonic time is per process). */
    public static final Ticker WALL_CLOCK = () -> System.currentTimeMillis() * 1_000_000L;
    /** Minutes a client is told to wait when Redis fails. */
    static final int RETRY_MINUTES = 1;
    /** Most expired peers one script removes; the sweep takes the rest. */
    private static final int PRUNE_LIMIT = 10_000;
    private static final byte[] EMPTY = new byte[0];
    /** Announce calls in flight at once on a standalone server; more announces wait and go in one call. */
    private static final int MAX_CALLS_IN_FLIGHT = 1;
    /** Most announces in one call. */
    private static final int MAX_BATCH = 64;
    /** Most announces waiting for a call; more fail at once (retry later) instead of piling up. */
    private static final int MAX_QUEUED = 4096;
    private static final HexFormat HEX = HexFormat.of();
    /** The key layout this registry writes (docs/redis-registry.md, "Layout"), kept under {@code {global}:layout}. */
    static final String LAYOUT = "2";

    private static final LuaScript ANNOUNCE = LuaScript.load("announce", true);
    private static final LuaScript STATS = LuaScript.load("stats", true);
    private static final LuaScript PEERS = LuaScript.load("peers", true);
    private static final LuaScript RESTORE = LuaScript.load("restore", true);
    private static final LuaScript DROP = LuaScript.load("drop", true);
    private static final LuaScript GLOBAL = LuaScript.load("global", false);

    private final RegistrySettings settings;
    private final Ticker ticker;
    private final SnatchLedger ledger;
    private final long ttlMillis;
    private final long timeoutMillis;
    /**
     * Least time between two recorded touches of a swarm (for idle expiry and the torrent bound): a
     * hundredth of the idle time, at most 10 s, so re-announces of a busy swarm write nothing global and
     * a swarm may be judged idle up to that much early.
     */
    private final long touchMillis;
    private final String prefix;
    private final boolean cluster;
    private final byte[] totalsKey;
    private final byte[] swarmsKey;
    private final LettuceClient client;
    private final RedisConnection<byte[], byte[]> connection;
    private final RedisClusterAsyncCommands<byte[], byte[]> redis;
    /** Groups announces into script calls under load (standalone only: a Cluster call holds one swarm). */
    private final AnnounceBatcher batcher;
    /** Lettuce's timer (a hashed wheel), which bounds each announce's wait. */
    private final Timer timer;
    /** Redis failures, logged without a line per failed request. */
    private final FailureLog failures = new FailureLog(LOG, System::nanoTime, Duration.ofMinutes(1));
    /** The latest write of deltas to the global keys (Cluster only), which {@link #totals()} waits for. */
    private volatile CompletableFuture<?> pendingTotals = CompletableFuture.completedFuture(null);

    /** A registry in the Redis of {@code redis}, on {@code ticker}'s time, with snatches kept by {@code ledger}. */
    public RedisSwarmRegistry(RedisSettings redis, RegistrySettings settings, Ticker ticker, SnatchLedger ledger) {
        this.settings = settings;
        this.ticker = ticker;
        this.ledger = ledger;
        this.ttlMillis = settings.peerTtl().toMillis();
        this.timeoutMillis = redis.commandTimeout().toMillis();
        this.touchMillis = Math.min(10_000, settings.swarmIdle().toMillis() / 100);
        this.prefix = redis.keyPrefix();
        this.cluster = redis.isCluster();
        // One hash tag for both, so the script that updates them together runs on a Cluster.
        this.totalsKey = bytes(prefix + "{global}:totals");
        this.swarmsKey = bytes(prefix + "{global}:swarms");
        this.client = LettuceClient.create(redis, null, LettuceClient.WhileDisconnected.FAIL);
        try {
            this.connection = client.connect(ByteArrayCodec.INSTANCE);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        this.redis = connection.commands();
        this.timer = client.timer();
        this.batcher = cluster ? null : new AnnounceBatcher(this::sendBatch, MAX_CALLS_IN_FLIGHT, MAX_BATCH, MAX_QUEUED);
        for (LuaScript s : List.of(ANNOUNCE, STATS, PEERS, RESTORE, DROP, GLOBAL)) {
            // Loaded once; a server that forgets them (restart, failover) gets the source again on NOSCRIPT.
            await(this.redis.scriptLoad(s.source));
        }
        checkLayout();
    }

    /**
     * Refuses to run on keys written in another layout of this registry (nodes of two layouts would
     * corrupt each other's swarms): the prefix's layout key must say {@link #LAYOUT}, and is set to it
     * on a prefix that holds no swarm state yet. The layouts before this key was kept wrote none, but
     * they did write the swarms index.
     */
    private void checkLayout() {
        byte[] key = bytes(prefix + "{global}:layout");
        byte[] layout = await(redis.get(key));
        if (layout == null && await(redis.exists(swarmsKey)) == 0) {
            await(redis.setnx(key, bytes(LAYOUT)));
            layout = await(redis.get(key));
        }
        if (layout == null || !LAYOUT.equals(new String(layout, StandardCharsets.ISO_8859_1))) {
            close();
            throw new IllegalStateException("Redis holds swarm state under the key prefix '"
                    + prefix + "' in " + (layout == null ? "an earlier layout"
                    : "layout " + new String(layout, StandardCharsets.ISO_8859_1))
                    + " of the Redis swarm registry; this node writes layout " + LAYOUT
                    + ": stop the nodes of the other version and delete the prefix's keys, or give this node's"
                    + " karuta.redis.prefix a new value");
        }
    }

    // ---- keys and arguments -------------------------------------------------------------------

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] num(long n) {
        return bytes(Long.toString(n));
    }

    /** The prefix of every key of one swarm, {@code <prefix>{<hex>}:}, which announce.lua is handed. */
    private byte[] baseKey(InfoHash infoHash) {
        return bytes(prefix + "{" + infoHash.toHex() + "}:");
    }

    /** The keys of one swarm's scripts: its own, then the global ones on a standalone server. */
    private byte[][] keys(InfoHash infoHash) {
        String base = prefix + "{" + infoHash.toHex() + "}:";
        String[] names = {"p", "t", "q4", "q6"};
        byte[][] keys = new byte[names.length + (cluster ? 0 : 2)][];
        for (int i = 0; i < names.length; i++) {
            keys[i] = bytes(base + names[i]);
        }
        if (!cluster) {
            keys[names.length] = totalsKey;
            keys[names.length + 1] = swarmsKey;
        }
        return keys;
    }

    private long nowMillis() {
        return ticker.read() / 1_000_000L;
    }

    /** ARGV shared by every swarm script, followed by the operation's own. */
    private byte[][] args(InfoHash infoHash, long now, byte[]... own) {
        byte[][] args = new byte[4 + own.length][];
        args[0] = num(now);
        args[1] = num(ttlMillis);
        args[2] = bytes(infoHash.toHex());
        args[3] = num(PRUNE_LIMIT);
        System.arraycopy(own, 0, args, 4, own.length);
        return args;
    }

    /** The subnet id of {@code address} for the neighbour sets, or empty when subnets are off. */
    private byte[] subnet(PeerAddress address) {
        if (address == null) {
            return EMPTY;
        }
        int bits = address.family() == AddressFamily.V4 ? settings.subnetPrefixV4() : settings.subnetPrefixV6();
        if (bits == 0) {
            return EMPTY;
        }
        byte[] ip = address.ip();
        long value = 0;
        int n = Math.min(ip.length, 8);
        for (int i = 0; i < n; i++) {
            value = (value << 8) | (ip[i] & 0xff);
        }
        int width = n * 8;
        value >>>= width - Math.min(bits, width);
        return bytes((address.family() == AddressFamily.V4 ? "4:" : "6:") + Long.toHexString(value));
    }

    private static byte[] compact(PeerAddress address) {
        if (address == null) {
            return EMPTY;
        }
        byte[] out = new byte[address.family().compactLength()];
        address.writeCompact(out, 0);
        return out;
    }

    private static PeerAddress fromCompact(byte[] compact) {
        if (compact == null || compact.length == 0) {
            return null;
        }
        int n = compact.length - 2;
        byte[] ip = new byte[n];
        System.arraycopy(compact, 0, ip, 0, n);
        return PeerAddress.of(ip, ((compact[n] & 0xff) << 8) | (compact[n + 1] & 0xff));
    }

    private static int eventCode(Event event) {
        return switch (event) {
            case NONE -> 0;
            case COMPLETED -> 1;
            case STARTED -> 2;
            case STOPPED -> 3;
            case PAUSED -> 4;
        };
    }

    // ---- calls --------------------------------------------------------------------------------

    /** Runs {@code script} by its hash, sending its source when the server does not know it. */
    private CompletableFuture<List<Object>> call(LuaScript script, byte[][] keys, byte[][] args) {
        RedisFuture<List<Object>> f = redis.evalsha(script.sha, ScriptOutputType.MULTI, keys, args);
        return f.toCompletableFuture().handle((result, error) -> {
            Throwable cause = error instanceof java.util.concurrent.CompletionException ? error.getCause() : error;
            if (cause instanceof RedisNoScriptException) {
                RedisFuture<List<Object>> again = redis.eval(script.source, ScriptOutputType.MULTI, keys, args);
                return again.toCompletableFuture();
            }
            return error == null ? CompletableFuture.completedFuture(result) : CompletableFuture.<List<Object>>failedFuture(cause);
        }).thenCompose(x -> x);
    }

    /** Waits for {@code future} at most the command timeout; a Redis failure becomes a retry-later answer. */
    private <T> T await(CompletionStage<T> future) {
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

    private TrackerException unavailable(Throwable cause) {
        failures.failed(cause);
        return new TrackerException(TrackerException.Kind.INTERNAL, "tracker storage unavailable, retry later",
                RETRY_MINUTES);
    }

    /** Runs a swarm script and, on a Cluster, sends its global deltas on; returns the script's own result. */
    private List<Object> run(LuaScript script, InfoHash infoHash, long now, byte[]... own) {
        return settle(infoHash, now, await(call(script, keys(infoHash), args(infoHash, now, own))));
    }

    /** The script's own part of {@code result}, after sending its global deltas on (Cluster). */
    private List<Object> settle(InfoHash infoHash, long now, List<Object> result) {
        int n = result.size();
        if (cluster) {
            @SuppressWarnings("unchecked")
            List<Object> deltas = (List<Object>) result.get(n - 2);
            long alive = (Long) result.get(n - 1);
            applyGlobal(infoHash, now, deltas, alive);
        }
        return result.subList(0, n - 2);
    }

    /**
     * Runs the stats script on every held swarm, a page of calls in flight at a time (pipelined on the
     * one connection), handing each known swarm's counts and its expired peers to {@code sink}.
     */
    private void statsOfAll(long now, StatsSink sink) {
        List<InfoHash> all = heldSwarms();
        int page = 256;
        for (int from = 0; from < all.size(); from += page) {
            List<InfoHash> hashes = all.subList(from, Math.min(all.size(), from + page));
            List<CompletableFuture<List<Object>>> calls = new ArrayList<>(hashes.size());
            for (InfoHash h : hashes) {
                calls.add(call(STATS, keys(h), args(h, now)));
            }
            for (int i = 0; i < hashes.size(); i++) {
                List<Object> full = await(calls.get(i));
                @SuppressWarnings("unchecked")
                long expired = (Long) ((List<Object>) full.get(full.size() - 2)).get(6);
                List<Object> r = settle(hashes.get(i), now, full);
                sink.accept(hashes.get(i), (Long) r.get(0) == 1L ? stats(r.get(1)) : null, expired);
            }
        }
    }

    private interface StatsSink {
        void accept(InfoHash infoHash, SwarmStats statsOrNull, long expired);
    }

    private void applyGlobal(InfoHash infoHash, long now, List<Object> deltas, long alive) {
        boolean nothing = alive == -1 && deltas.stream().allMatch(d -> (Long) d == 0L);
        if (nothing) {
            return;
        }
        byte[][] args = new byte[3 + deltas.size()][];
        args[0] = num(now);
        args[1] = bytes(infoHash.toHex());
        args[2] = num(alive);
        for (int i = 0; i < deltas.size(); i++) {
            args[3 + i] = num((Long) deltas.get(i));
        }
        CompletableFuture<List<Object>> f = call(GLOBAL, new byte[][] {totalsKey, swarmsKey}, args);
        f.whenComplete((r, e) -> {
            if (e != null) {
                LOG.log(Level.WARNING, "Redis swarm registry: totals update lost: {0}", e.toString());
            }
        });
        pendingTotals = f;
    }

    private static SwarmStats stats(Object counts) {
        @SuppressWarnings("unchecked")
        List<Object> c = (List<Object>) counts;
        return new SwarmStats(((Long) c.get(0)).intValue(), ((Long) c.get(1)).intValue(), ((Long) c.get(2)).intValue(),
                (Long) c.get(3));
    }

    // ---- the registry -------------------------------------------------------------------------

    @Override
    public AnnounceResult announce(AnnounceRequest request, int numWant, int owner) {
        return Answers.join(announceAsync(request, numWant, owner));
    }

    /**
     * Sends the announce and answers when Redis has: within the command timeout, or with a
     * retry-later {@link TrackerException}. The answer is read and handed on in Lettuce's I/O thread.
     */
    @Override
    public CompletionStage<AnnounceResult> announceAsync(AnnounceRequest request, int numWant, int owner) {
        InfoHash infoHash = request.infoHash();
        PeerAddress v4 = request.ipv4();
        PeerAddress v6 = request.ipv6();
        int want = Math.max(0, numWant);
        long now = nowMillis();
        byte[] self = request.peerId().bytes();
        int want4 = v4 != null ? want : 0;
        int want6 = v6 != null ? want : 0;
        byte[] packed = AnnounceCodec.pack(new AnnounceCodec.Request(self, now,
                eventCode(request.event()), request.left() == 0, request.key(), request.hasKey(), owner,
                request.source().family() == AddressFamily.V4 ? 4 : 6, !request.source().isLoopback(),
                want4, want6, ledger.base(infoHash),
                compact(v4), compact(v6), subnet(v4), subnet(v6)));
        byte[] base = baseKey(infoHash);
        boolean withIds = request.context().peerIds();
        CompletableFuture<byte[]> reply;
        if (batcher != null) {
            reply = batcher.submit(base, packed);
        } else {
            reply = call(ANNOUNCE, new byte[][] {base}, new byte[][] {announceHeader(), packed})
                    .thenApply(replies -> (byte[]) replies.get(0));
        }
        // A caller that stopped waiting is not sent later: the batcher skips a reply already done.
        deadline(reply);
        return reply.handle((raw, error) -> {
            if (error != null) {
                throw unavailable(Answers.cause(error));
            }
            AnnounceCodec.Reply r = read(raw, withIds, self, want4, want6);
            failures.succeeded();
            if (cluster) {
                applyGlobal(infoHash, now, r.deltas(), r.alive());
            }
            return conclude(infoHash, r);
        });
    }

    /** Fails {@code reply} with a timeout when Redis has not answered it within the command timeout. */
    private void deadline(CompletableFuture<byte[]> reply) {
        if (reply.isDone()) {
            return;
        }
        Timeout t = timer.newTimeout(x -> reply.completeExceptionally(
                new TimeoutException("no answer from Redis within " + timeoutMillis + " ms")),
                timeoutMillis + 50, TimeUnit.MILLISECONDS);
        reply.whenComplete((r, e) -> t.cancel());
    }

    /** The registry's answer to an announce whose script answered {@code r}. */
    private AnnounceResult conclude(InfoHash infoHash, AnnounceCodec.Reply r) {
        if (r.status() < 0) {
            throw new TrackerException(TrackerException.Kind.CONFLICT, "peer_id is in use by another address");
        }
        if (r.status() == 0) {
            return new AnnounceResult(SwarmStats.EMPTY, SelectedPeers.NONE);
        }
        if (r.snatchedNow()) {
            ledger.snatched(infoHash);
        }
        return new AnnounceResult(r.stats(), r.picks());
    }

    /** An announce's answer; a failure of its script (answered alone in a batch) becomes a retry-later answer. */
    private AnnounceCodec.Reply read(byte[] raw, boolean withIds, byte[] self, int want4, int want6) {
        try {
            return AnnounceCodec.read(raw, withIds, cluster, self, want4, want6);
        } catch (IllegalStateException e) {
            throw unavailable(e);
        }
    }

    /** One call of announce.lua for a batch (standalone): the swarms' base keys then the global keys. */
    private CompletableFuture<List<Object>> sendBatch(List<AnnounceBatcher.Pending> batch) {
        int n = batch.size();
        byte[][] keys = new byte[n + 2][];
        byte[][] args = new byte[n + 1][];
        args[0] = announceHeader();
        for (int i = 0; i < n; i++) {
            keys[i] = batch.get(i).key;
            args[i + 1] = batch.get(i).packed;
        }
        keys[n] = totalsKey;
        keys[n + 1] = swarmsKey;
        return call(ANNOUNCE, keys, args);
    }

    private byte[] announceHeader() {
        return AnnounceCodec.header(ttlMillis, PRUNE_LIMIT, touchMillis, ThreadLocalRandom.current().nextInt(Integer.MAX_VALUE));
    }

    @Override
    public SwarmStats stats(InfoHash infoHash) {
        List<Object> r = run(STATS, infoHash, nowMillis());
        if ((Long) r.get(0) == 1L) {
            return stats(r.get(1));
        }
        long snatches = ledger.base(infoHash);
        return snatches == 0 ? SwarmStats.EMPTY : new SwarmStats(0, 0, 0, snatches);
    }

    @Override
    public void forEach(BiConsumer<InfoHash, SwarmStats> sink) {
        statsOfAll(nowMillis(), (h, stats, expired) -> {
            if (stats != null) {
                sink.accept(h, stats);
            }
        });
    }

    /** Every info hash in the swarms index, read in pages. */
    private List<InfoHash> heldSwarms() {
        List<InfoHash> out = new ArrayList<>();
        int page = 1000;
        for (long start = 0; ; start += page) {
            List<byte[]> hexes = await(redis.zrange(swarmsKey, start, start + page - 1));
            for (byte[] hex : hexes) {
                out.add(InfoHash.fromHex(new String(hex, StandardCharsets.ISO_8859_1)));
            }
            if (hexes.size() < page) {
                return out;
            }
        }
    }

    @Override
    public void forEachPeer(InfoHash infoHash, Consumer<PeerView> sink) {
        long now = nowMillis();
        List<Object> r = run(PEERS, infoHash, now);
        if ((Long) r.get(0) != 1L) {
            return;
        }
        @SuppressWarnings("unchecked")
        List<Object> flat = (List<Object>) r.get(1);
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            PeerId id = PeerId.of((byte[]) flat.get(i));
            PeerRecord p = PeerRecord.unpack((byte[]) flat.get(i + 1));
            sink.accept(new PeerView(id, fromCompact(p.v4()), fromCompact(p.v6()), p.state(),
                    Duration.ofMillis(Math.max(0, now - p.lastSeen())), p.key(), p.hasKey(), p.snatched()));
        }
    }

    @Override
    public boolean restore(InfoHash infoHash, PeerView peer) {
        long idle = Math.max(0, peer.idle().toMillis());
        if (idle >= ttlMillis || peer.ipv4() == null && peer.ipv6() == null) {
            return false;
        }
        long now = nowMillis();
        List<Object> r = run(RESTORE, infoHash, now,
                peer.peerId().bytes(),
                num(now - idle),
                num(switch (peer.state()) {
                    case DOWNLOADER -> 0;
                    case PARTIAL_SEED -> 1;
                    case SEEDER -> 2;
                }),
                num(peer.key()),
                num(peer.hasKey() ? 1 : 0),
                num(peer.snatched() ? 1 : 0),
                compact(peer.ipv4()), compact(peer.ipv6()), subnet(peer.ipv4()), subnet(peer.ipv6()),
                num(ledger.base(infoHash)));
        return (Long) r.get(0) == 1L;
    }

    @Override
    public long sweep() {
        long now = nowMillis();
        long idleBefore = now - settings.swarmIdle().toMillis();
        long removed = 0;
        // Idle swarms first (their peers are all expired too: idle >= TTL), then expiry everywhere.
        List<byte[]> idle = await(redis.zrangebyscore(swarmsKey,
                io.lettuce.core.Range.create(Double.NEGATIVE_INFINITY, (double) idleBefore)));
        for (byte[] hex : idle) {
            run(DROP, InfoHash.fromHex(new String(hex, StandardCharsets.ISO_8859_1)), now, bytes("idle"), num(idleBefore));
        }
        long[] expired = new long[1];
        // Each call prunes at most PRUNE_LIMIT peers a swarm: passes repeat while some call hit it.
        boolean more = true;
        while (more) {
            long before = expired[0];
            boolean[] full = new boolean[1];
            statsOfAll(now, (h, stats, n) -> {
                expired[0] += n;
                full[0] |= n >= PRUNE_LIMIT;
            });
            more = full[0] && expired[0] > before;
        }
        removed += expired[0];
        // Beyond the most torrents: the least recently announced go.
        long held = await(redis.zcard(swarmsKey));
        if (held > settings.maxTorrents()) {
            for (byte[] hex : await(redis.zrange(swarmsKey, 0, held - settings.maxTorrents() - 1))) {
                run(DROP, InfoHash.fromHex(new String(hex, StandardCharsets.ISO_8859_1)), now, bytes("size"), num(0));
            }
        }
        awaitTotals();
        return removed;
    }

    private void awaitTotals() {
        try {
            await(pendingTotals);
        } catch (TrackerException e) {
            // Logged where it failed; the totals read next says what Redis holds.
        }
    }

    @Override
    public RegistryTotals totals() {
        awaitTotals();
        Map<byte[], byte[]> raw = await(redis.hgetall(totalsKey));
        long[] v = new long[9];
        String[] fields = {"torrents", "s", "d", "ps", "v4", "v6", "expired", "evSize", "evIdle"};
        for (Map.Entry<byte[], byte[]> e : raw.entrySet()) {
            String name = new String(e.getKey(), StandardCharsets.ISO_8859_1);
            for (int i = 0; i < fields.length; i++) {
                if (fields[i].equals(name)) {
                    v[i] = Long.parseLong(new String(e.getValue(), StandardCharsets.ISO_8859_1));
                }
            }
        }
        return RegistryTotals.of(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8]);
    }

    @Override
    public void close() {
        // The totals writes in flight (Cluster) land before the connection goes.
        awaitTotals();
        try {
            connection.close();
            client.close();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "closing the Redis swarm registry", e);
        }
    }
}
