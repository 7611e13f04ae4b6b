package dev.karuta.swarm.redis;

import static dev.karuta.swarm.redis.AddressCodec.compact;

import dev.karuta.core.AddressFamily;
import dev.karuta.core.AnnounceRequest;
import dev.karuta.core.AnnounceResult;
import dev.karuta.core.Answers;
import dev.karuta.core.Event;
import dev.karuta.core.InfoHash;
import dev.karuta.core.PeerAddress;
import dev.karuta.core.SelectedPeers;
import dev.karuta.core.SwarmStats;
import dev.karuta.core.TrackerException;
import dev.karuta.swarm.RegistrySettings;
import dev.karuta.swarm.SnatchLedger;
import io.lettuce.core.cluster.SlotHash;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The announce path, the registry's hot one: one announce is one packed argument of announce.lua
 * ({@link AnnounceCodec}). Announces that arrive while calls are in flight go together in the next call
 * ({@link AnnounceBatcher}), so under load the per-call costs are shared: on a standalone server (or
 * Sentinel) any announces, on a Cluster those of one hash slot (a call touches one slot), whose global
 * deltas follow through {@link GlobalKeys}. The wait is bounded by the command timeout, and the answer is read and
 * handed on in Lettuce's I/O thread.
 */
final class RedisAnnouncer {
    /** Announce calls in flight at once on a standalone server; more announces wait and go in one call. */
    private static final int MAX_CALLS_IN_FLIGHT = 2;
    /** Most announces in one call. */
    private static final int MAX_BATCH = 64;
    /** Most announces waiting for a call; more fail at once (retry later) instead of piling up. */
    private static final int MAX_QUEUED = 4096;

    private final RedisCalls calls;
    private final KeyLayout keys;
    private final GlobalKeys global;
    private final AddressCodec addresses;
    private final SnatchLedger ledger;
    private final boolean cluster;
    private final long ttlMillis;
    /**
     * Least time between two recorded touches of a swarm (for idle expiry and the torrent bound): a
     * hundredth of the idle time, at most 10 s, so re-announces of a busy swarm write nothing global and
     * a swarm may be judged idle up to that much early.
     */
    private final long touchMillis;
    /** {@link RegistrySettings#perAddress}. */
    private final int perAddress;
    /** Groups announces into script calls under load: standalone, all of them; on a Cluster, per slot. */
    private final AnnounceBatcher batcher;
    /** On a Cluster, a batcher per hash slot that has had an announce (at most 16384). */
    private final ConcurrentHashMap<Integer, AnnounceBatcher> slotBatchers = new ConcurrentHashMap<>();

    RedisAnnouncer(RedisCalls calls, KeyLayout keys, GlobalKeys global, RegistrySettings settings,
                   SnatchLedger ledger, boolean cluster) {
        this.calls = calls;
        this.keys = keys;
        this.global = global;
        this.addresses = new AddressCodec(settings);
        this.ledger = ledger;
        this.cluster = cluster;
        this.ttlMillis = settings.peerTtl().toMillis();
        this.touchMillis = Math.min(10_000, settings.swarmIdle().toMillis() / 100);
        this.perAddress = settings.perAddress();
        this.batcher = cluster ? null
                : new AnnounceBatcher(batch -> sendBatch(batch, true), MAX_CALLS_IN_FLIGHT, MAX_BATCH, MAX_QUEUED);
    }

    /**
     * Sends the announce made at {@code now} (ms, the nodes' shared clock) and answers when Redis has:
     * within the command timeout, or with a retry-later {@link TrackerException}.
     */
    CompletableFuture<AnnounceResult> announce(AnnounceRequest request, int numWant, int owner, long now) {
        InfoHash infoHash = request.infoHash();
        PeerAddress v4 = request.ipv4();
        PeerAddress v6 = request.ipv6();
        int want = Math.max(0, numWant);
        int want4 = v4 != null ? want : 0;
        int want6 = v6 != null ? want : 0;
        byte[] packed = AnnounceCodec.pack(new AnnounceCodec.Request(request.peerId().bytes(), now,
                eventCode(request.event()), request.left() == 0, request.key(), request.hasKey(), owner,
                request.source().family() == AddressFamily.V4 ? 4 : 6, !request.source().isLoopback(),
                want4, want6, ledger.base(infoHash),
                compact(v4), compact(v6), addresses.subnet(v4), addresses.subnet(v6)));
        byte[] base = keys.base(infoHash);
        boolean withIds = request.context().peerIds();
        CompletableFuture<byte[]> reply = batcherFor(base).submit(base, packed);
        // A caller that stopped waiting is not sent later: the batcher skips a reply already done.
        calls.deadline(reply);
        return reply.handle((raw, error) -> {
            if (error != null) {
                throw calls.unavailable(Answers.cause(error));
            }
            AnnounceCodec.Reply r = read(raw, withIds, want4, want6);
            calls.succeeded();
            if (cluster) {
                global.apply(infoHash, now, r.deltas(), r.alive());
            }
            return conclude(infoHash, r);
        });
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
    private AnnounceCodec.Reply read(byte[] raw, boolean withIds, int want4, int want6) {
        try {
            return AnnounceCodec.read(raw, withIds, cluster, want4, want6);
        } catch (IllegalStateException e) {
            throw calls.unavailable(e);
        }
    }

    /**
     * The batcher of the swarm at {@code base}: on a Cluster, the one of its hash slot, since a call may
     * touch one slot only. Swarms of one slot share a master and a call: a hot swarm's announces,
     * which come together, then share the per-call costs on the master that carries them.
     */
    private AnnounceBatcher batcherFor(byte[] base) {
        if (batcher != null) {
            return batcher;
        }
        return slotBatchers.computeIfAbsent(SlotHash.getSlot(base),
                slot -> new AnnounceBatcher(batch -> sendBatch(batch, false), MAX_CALLS_IN_FLIGHT, MAX_BATCH, MAX_QUEUED));
    }

    /**
     * One call of announce.lua for a batch: the swarms' base keys, then on a standalone server the
     * global keys (on a Cluster each announce's global deltas come back with its answer).
     */
    private CompletableFuture<List<Object>> sendBatch(List<AnnounceBatcher.Pending> batch, boolean withGlobal) {
        int n = batch.size();
        byte[][] keyArgs = new byte[withGlobal ? n + 2 : n][];
        byte[][] args = new byte[n + 1][];
        args[0] = header();
        for (int i = 0; i < n; i++) {
            keyArgs[i] = batch.get(i).key;
            args[i + 1] = batch.get(i).packed;
        }
        if (withGlobal) {
            keyArgs[n] = keys.totals();
            keyArgs[n + 1] = keys.swarms();
        }
        return calls.call(LuaScript.ANNOUNCE, keyArgs, args);
    }

    private byte[] header() {
        return AnnounceCodec.header(ttlMillis, SwarmCalls.PRUNE_LIMIT, touchMillis,
                ThreadLocalRandom.current().nextInt(Integer.MAX_VALUE), perAddress);
    }
}
