package dev.karuta.swarm;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.karuta.core.AnnounceRequest;
import dev.karuta.core.AnnounceResult;
import dev.karuta.core.Event;
import dev.karuta.core.InfoHash;
import dev.karuta.core.SelectedPeers;
import dev.karuta.core.SwarmStats;
import dev.karuta.core.TimeSource;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The in-memory registry: swarms in a Caffeine cache bounded in count and dropped when idle, peers
 * expiring by TTL on the injected time source. Cache maintenance runs on the calling threads, so the
 * registry owns no thread; {@link #sweep()} is called periodically by its owner.
 */
public final class CaffeineSwarmRegistry implements SwarmRegistry {
    /** Most peers the sweep removes from one swarm under one hold of its lock. */
    static final int SWEEP_SLICE = 1024;
    private final Ticker ticker;
    private final SnatchLedger ledger;
    private final long ttlNanos;
    /** The TTL in the swarms' unit, milliseconds. */
    private final int ttl;
    private final RegistryTotals totals = new RegistryTotals();
    private final Cache<InfoHash, Swarm> swarms;
    /** Made once: a capturing lambda per announce would be an allocation on the hot path. */
    private final java.util.function.Function<InfoHash, Swarm> newSwarm;

    /** A registry on {@code time}'s monotonic clock; no ledger. */
    public CaffeineSwarmRegistry(RegistrySettings settings, TimeSource time) {
        this(settings, time, SnatchLedger.NONE);
    }

    /** A registry on {@code time}'s monotonic clock whose snatch counts continue from, and go to, {@code ledger}. */
    public CaffeineSwarmRegistry(RegistrySettings settings, TimeSource time, SnatchLedger ledger) {
        this.ticker = time::nanoTime;
        this.ledger = ledger;
        this.ttlNanos = settings.peerTtl().toNanos();
        this.ttl = (int) settings.peerTtl().toMillis();
        SwarmContext context = new SwarmContext(settings, totals, ledger);
        this.newSwarm = key -> new Swarm(key, context);
        this.swarms = Caffeine.newBuilder()
                .ticker(ticker)
                .executor(Runnable::run)
                .maximumSize(settings.maxTorrents())
                .expireAfterAccess(settings.swarmIdle())
                // Runs inside the atomic removal, so no announce can reach an evicted swarm unnoticed.
                .evictionListener((InfoHash key, Swarm swarm, com.github.benmanes.caffeine.cache.RemovalCause cause) -> {
                    if (swarm != null) {
                        swarm.retire();
                    }
                    // Only evictions reach this listener (size or idle expiry), never the sweep's removals.
                    totals.swarmEvicted(cause == com.github.benmanes.caffeine.cache.RemovalCause.EXPIRED);
                })
                .build();
    }

    /** Answered at once, in the caller's thread: the swarms are in this JVM. */
    @Override
    public CompletionStage<AnnounceResult> announce(AnnounceRequest request, int numWant, int owner) {
        try {
            return CompletableFuture.completedFuture(announceNow(request, numWant, owner));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private AnnounceResult announceNow(AnnounceRequest request, int numWant, int owner) {
        InfoHash infoHash = request.infoHash();
        while (true) {
            Swarm swarm = request.event() == Event.STOPPED
                    ? swarms.getIfPresent(infoHash)
                    : swarms.get(infoHash, newSwarm);
            if (swarm == null) {
                return new AnnounceResult(SwarmStats.EMPTY, SelectedPeers.NONE);
            }
            AnnounceResult result = swarm.announce(request, numWant, owner, now(), ttl);
            if (result != null) {
                return result;
            }
            // The swarm was retired between the lookup and the lock: the next lookup finds its successor.
        }
    }

    @Override
    public SwarmStats stats(InfoHash infoHash) {
        Swarm swarm = swarms.policy().getIfPresentQuietly(infoHash);
        if (swarm != null) {
            SwarmStats stats = swarm.stats(now(), ttl);
            if (stats != SwarmStats.EMPTY) {
                // The EMPTY instance itself comes only from a retired swarm.
                return stats;
            }
        }
        // Unknown (or just retired): only what the ledger remembers, creating nothing.
        long snatches = ledger.base(infoHash);
        return snatches == 0 ? SwarmStats.EMPTY : new SwarmStats(0, 0, 0, snatches);
    }

    @Override
    public void forEach(BiConsumer<InfoHash, SwarmStats> sink) {
        int now = now();
        for (Map.Entry<InfoHash, Swarm> e : swarms.asMap().entrySet()) {
            SwarmStats stats = e.getValue().stats(now, ttl);
            if (!e.getValue().retired()) {
                sink.accept(e.getKey(), stats);
            }
        }
    }

    @Override
    public void forEachPeer(InfoHash infoHash, Consumer<PeerView> sink) {
        Swarm swarm = swarms.policy().getIfPresentQuietly(infoHash);
        if (swarm != null) {
            swarm.forEachPeer(now(), ttl, sink);
        }
    }

    @Override
    public boolean restore(InfoHash infoHash, PeerView peer) {
        long idle = Math.max(0, peer.idle().toNanos());
        if (idle >= ttlNanos || peer.ipv4() == null && peer.ipv6() == null) {
            return false;
        }
        while (true) {
            int outcome = swarms.get(infoHash, newSwarm).restore(peer, Swarm.clock(ticker.read() - idle), now(), ttl);
            if (outcome != Swarm.RETIRED) {
                return outcome == 1;
            }
            // Retired between the lookup and the lock, as in announce: the next lookup finds its successor.
        }
    }

    @Override
    public long sweep() {
        long removed = 0;
        Map<InfoHash, Swarm> map = swarms.asMap();
        for (Map.Entry<InfoHash, Swarm> e : map.entrySet()) {
            Swarm swarm = e.getValue();
            // In slices, the swarm's lock free between them: announces to a large swarm whose peers all
            // expired at once wait for one slice, not for the whole swarm.
            int slice;
            do {
                slice = swarm.prune(now(), ttl, SWEEP_SLICE);
                removed += slice;
            } while (slice == SWEEP_SLICE);
            if (swarm.isEmpty()) {
                // Decided under the map's lock and the swarm's, so a concurrent announce either keeps
                // the swarm alive or finds it retired and retries.
                map.computeIfPresent(e.getKey(), (k, current) -> current == swarm && swarm.retireIfEmpty() ? null : current);
            }
        }
        swarms.cleanUp();
        return removed;
    }

    private int now() {
        return Swarm.clock(ticker.read());
    }

    @Override
    public RegistryTotals totals() {
        return totals;
    }

    @Override
    public void close() {
        swarms.invalidateAll();
    }
}
