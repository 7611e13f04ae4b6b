package dev.karuta.swarm;

import dev.karuta.core.AddressFamily;
import dev.karuta.core.AnnounceRequest;
import dev.karuta.core.AnnounceResult;
import dev.karuta.core.Event;
import dev.karuta.core.InfoHash;
import dev.karuta.core.PeerAddress;
import dev.karuta.core.SelectedPeers;
import dev.karuta.core.SwarmStats;
import dev.karuta.core.TrackerException;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The peers of one torrent with their counts, which every change updates together: the peers' records
 * and each family's pool array (the {@link PeerTable} this extends, so a swarm is one object), worked
 * on by the registry's {@link Pool}s. Times are the ticker's milliseconds as an int
 * ({@link #clock}). All methods are synchronized on the swarm; a swarm evicted from the registry is
 * {@linkplain #retire retired} and refuses further announces so the caller retries on a fresh one.
 */
final class Swarm extends PeerTable {
    /** What {@link #restore} answers when the swarm was retired (the caller retries on a fresh one). */
    static final int RETIRED = -1;

    private final InfoHash infoHash;
    private final SwarmContext context;
    private int seeders;
    private int partialSeeds;
    private long snatches;
    private boolean retired;

    /** An empty swarm of {@code infoHash} whose snatch count continues from the context's ledger. */
    Swarm(InfoHash infoHash, SwarmContext context) {
        this.infoHash = infoHash;
        this.context = context;
        this.snatches = context.ledger.base(infoHash);
        context.totals.torrents.increment();
    }

    /** The ticker's time {@code nanos} as a swarm keeps it: milliseconds, low 32 bits. */
    static int clock(long nanos) {
        return (int) Math.floorDiv(nanos, 1_000_000L);
    }

    /**
     * Applies {@code request} at time {@code now} ({@link #clock}) and picks up to {@code numWant} peers
     * per family the requester has; returns null when this swarm was retired (the caller retries).
     *
     * @throws TrackerException when the peer_id belongs to a peer at another address with another key
     */
    synchronized AnnounceResult announce(AnnounceRequest request, int numWant, int owner, int now, int ttl) {
        if (retired) {
            return null;
        }
        prune(now, ttl, Integer.MAX_VALUE);
        int peer = find(request.peerId());
        if (peer != NONE && !mayActFor(peer, request, owner)) {
            throw new TrackerException(TrackerException.Kind.CONFLICT, "peer_id is in use by another address");
        }
        // A snatch: the client says completed, or a peer we saw downloading now has nothing left (some
        // clients, aria2 with --seed-time=0 for one, go straight to stopped without completed).
        boolean finished = request.left() == 0 && (request.event() == Event.COMPLETED
                || peer != NONE && state(peer) != PeerView.State.SEEDER);
        if (request.event() == Event.STOPPED) {
            if (peer != NONE) {
                countSnatch(peer, finished);
                remove(peer);
            }
            return new AnnounceResult(stats(), SelectedPeers.NONE);
        }
        if (peer == NONE) {
            peer = insert(request, now);
            keepBound(peer);
        } else if (update(peer, request, now)) {
            keepBound(peer);
        }
        setOwner(peer, owner);
        countSnatch(peer, finished);
        return new AnnounceResult(stats(), pick(peer, request, numWant));
    }

    /**
     * Replaces the least recently announced other peers of {@code peer}'s address while that address has
     * more than {@link RegistrySettings#perAddress} peers here (once, but for a swarm restored over the
     * bound), counting each as replaced.
     */
    private void keepBound(int peer) {
        int limit = context.perAddress;
        if (limit <= 0) {
            return;
        }
        for (int p = AddressBudget.over(this, context, peer, limit); p != NONE;
                p = AddressBudget.over(this, context, peer, limit)) {
            remove(p);
            context.totals.peerReplaced();
        }
    }

    /** Counts one snatch for {@code peer} when it {@code finished}, once in its life. */
    private void countSnatch(int peer, boolean finished) {
        if (finished && !snatched(peer)) {
            setSnatched(peer);
            snatches++;
            context.ledger.snatched(infoHash);
        }
    }

    /**
     * Counts after removing peers not seen since {@code now - ttl}; the {@link SwarmStats#EMPTY}
     * instance itself once retired.
     */
    synchronized SwarmStats stats(int now, int ttl) {
        if (retired) {
            return SwarmStats.EMPTY;
        }
        prune(now, ttl, Integer.MAX_VALUE);
        return stats();
    }

    /** Hands a copy of every live peer to {@code sink}, oldest first, under the swarm's lock. */
    synchronized void forEachPeer(int now, int ttl, Consumer<PeerView> sink) {
        if (retired) {
            return;
        }
        prune(now, ttl, Integer.MAX_VALUE);
        for (int p = oldest(); p != NONE; p = newer(p)) {
            sink.accept(new PeerView(id(p), address(context.v4, p), address(context.v6, p), state(p),
                    Duration.ofMillis(now - lastSeen(p)), key(p), hasKey(p), snatched(p)));
        }
    }

    private PeerAddress address(Pool pool, int peer) {
        return pool.hasNoEntry(this, peer) ? null : pool.address(this, peer);
    }

    /**
     * Puts back a peer from a snapshot as last seen at {@code lastSeen}, with its state, key and snatch
     * flag, counting no snatch, after removing the peers expired at {@code now}; returns 1 when added,
     * 0 when its peer_id is already here (the live peer wins), {@link #RETIRED} when this swarm was
     * retired.
     */
    synchronized int restore(PeerView view, int lastSeen, int now, int ttl) {
        if (retired) {
            return RETIRED;
        }
        prune(now, ttl, Integer.MAX_VALUE);
        if (find(view.peerId()) != NONE) {
            return 0;
        }
        int peer = newPeer(view, lastSeen);
        if (view.snatched()) {
            setSnatched(peer);
        }
        linkByAge(peer);
        setSourceV6(peer, view.ipv4() == null);
        addAddresses(peer, view.ipv4(), view.ipv6());
        return 1;
    }

    /**
     * Removes up to {@code max} peers not seen since {@code now - ttl}, oldest first; returns how many.
     * When every peer expired (the newest did), all go at once in O(1), whatever {@code max}. Otherwise
     * the sweep passes a bounded {@code max} and calls again, so a large swarm is pruned in slices with
     * the lock free between them.
     */
    synchronized int prune(int now, int ttl, int max) {
        if (newest() != NONE && now - lastSeen(newest()) >= ttl) {
            return expireAll();
        }
        int removed = 0;
        for (int p = oldest(); p != NONE && removed < max && now - lastSeen(p) >= ttl; p = oldest()) {
            remove(p);
            removed++;
        }
        if (removed > 0) {
            context.totals.peersExpired(removed);
        }
        return removed;
    }

    /** Removes every peer at once, in O(1): all of them expired (the newest did). Returns how many. */
    private int expireAll() {
        int removed = count();
        context.totals.add(-seeders, -downloaders(), -partialSeeds, -context.v4.size(this), -context.v6.size(this));
        context.totals.peersExpired(removed);
        seeders = 0;
        partialSeeds = 0;
        clear();
        return removed;
    }

    /** Whether the swarm is retired, or holds no peer and no snatch; the registry drops it then. */
    synchronized boolean isEmpty() {
        return retired || (count() == 0 && snatches == 0);
    }

    /** Retires the swarm if it holds nothing worth keeping; returns whether it is retired now. */
    synchronized boolean retireIfEmpty() {
        if (isEmpty()) {
            retire();
        }
        return retired;
    }

    /** Whether the swarm left the registry. */
    synchronized boolean retired() {
        return retired;
    }

    /** Takes the swarm out of service (it left the registry): its peers leave the context.totals. */
    synchronized void retire() {
        if (retired) {
            return;
        }
        retired = true;
        context.totals.add(-seeders, -downloaders(), -partialSeeds, -context.v4.size(this), -context.v6.size(this));
        context.totals.torrents.decrement();
    }

    private SwarmStats stats() {
        return new SwarmStats(seeders, downloaders(), partialSeeds, snatches);
    }

    /** Every peer that is neither seeder nor partial seed. */
    private int downloaders() {
        return count() - seeders - partialSeeds;
    }

    /**
     * A request may speak for a known peer_id from the peer's own address, or with the peer's key, and
     * only for its owner's peer (a restored peer, which has no owner, is adopted by the first).
     */
    private boolean mayActFor(int peer, AnnounceRequest request, int owner) {
        int known = owner(peer);
        if (known != owner && known != SwarmRegistry.NO_OWNER) {
            return false;
        }
        Pool pool = pool(request.source().family());
        if (!pool.hasNoEntry(this, peer) && pool.hasIpOf(this, peer, request.source())) {
            return true;
        }
        return hasKey(peer) && request.hasKey() && key(peer) == request.key();
    }

    private int insert(AnnounceRequest request, int now) {
        int peer = allocate(request.peerId());
        setState(peer, stateOf(request));
        if (request.hasKey()) {
            setKey(peer, request.key());
        }
        setLastSeen(peer, now);
        count(state(peer), 1);
        linkNewest(peer);
        setSourceV6(peer, request.source().family() == AddressFamily.V6);
        addAddresses(peer, request.ipv4(), request.ipv6());
        return peer;
    }

    /** A new peer from a snapshot, counted; the caller links it by age and gives it addresses. */
    private int newPeer(PeerView view, int lastSeen) {
        int peer = allocate(view.peerId());
        setState(peer, view.state());
        if (view.hasKey()) {
            setKey(peer, view.key());
        }
        setLastSeen(peer, lastSeen);
        count(view.state(), 1);
        return peer;
    }

    private void addAddresses(int peer, PeerAddress v4, PeerAddress v6) {
        setAddress(peer, v4);
        setAddress(peer, v6);
    }

    /** Applies a known peer's announce; returns whether the address it counts under changed. */
    private boolean update(int peer, AnnounceRequest request, int now) {
        PeerView.State state = stateOf(request);
        PeerView.State was = state(peer);
        if (state != was) {
            count(was, -1);
            count(state, 1);
            setState(peer, state);
            context.v4.setDone(this, peer, done(peer));
            context.v6.setDone(this, peer, done(peer));
        }
        if (request.hasKey()) {
            setKey(peer, request.key());
        }
        setLastSeen(peer, now);
        unlinkAge(peer);
        linkNewest(peer);
        boolean moved = setAddress(peer, request.ipv4());
        return setAddress(peer, request.ipv6()) || moved;
    }

    /**
     * Adds or moves the peer's entry for the address's family; a null address keeps what is known.
     * Returns whether the address the peer counts under ({@link AddressBudget}) was set or changed.
     */
    private boolean setAddress(int peer, PeerAddress address) {
        if (address == null) {
            return false;
        }
        AddressFamily family = address.family();
        Pool pool = pool(family);
        boolean counted = context.perAddress > 0 && (family == AddressFamily.V6) == sourceV6(peer);
        if (pool.hasNoEntry(this, peer)) {
            pool.add(this, peer, address, done(peer));
            context.totals.add(0, 0, 0, family == AddressFamily.V4 ? 1 : 0, family == AddressFamily.V6 ? 1 : 0);
        } else if (!pool.isAt(this, peer, address)) {
            if (!counted || pool.hasIpOf(this, peer, address)) {
                pool.readdress(this, peer, address); // its address key stays
                return false;
            }
            AddressBudget.remove(this, context, peer);
            pool.readdress(this, peer, address);
        } else {
            return false;
        }
        if (counted) {
            AddressBudget.add(this, context, peer);
        }
        return counted;
    }

    private void remove(int peer) {
        AddressBudget.remove(this, context, peer); // while it has its addresses
        unlinkAge(peer);
        count(state(peer), -1);
        if (!context.v4.hasNoEntry(this, peer)) {
            context.v4.remove(this, peer);
            context.totals.add(0, 0, 0, -1, 0);
        }
        if (!context.v6.hasNoEntry(this, peer)) {
            context.v6.remove(this, peer);
            context.totals.add(0, 0, 0, 0, -1);
        }
        release(peer);
    }

    private SelectedPeers pick(int peer, AnnounceRequest request, int numWant) {
        if (numWant <= 0) {
            return SelectedPeers.NONE;
        }
        PeerAddress v4 = request.ipv4();
        PeerAddress v6 = request.ipv6();
        Pool pool4 = context.v4;
        Pool pool6 = context.v6;
        SelectedPeers out = new SelectedPeers(v4 != null ? Math.min(numWant, pool4.size(this)) : 0,
                v6 != null ? Math.min(numWant, pool6.size(this)) : 0, request.context().peerIds());
        boolean done = done(peer);
        int owner = owner(peer);
        if (v4 != null) {
            pool4.pick(this, peer, v4, done, owner, numWant, out);
        }
        if (v6 != null) {
            pool6.pick(this, peer, v6, done, owner, numWant, out);
        }
        return out;
    }

    private static PeerView.State stateOf(AnnounceRequest request) {
        if (request.left() == 0) {
            return PeerView.State.SEEDER;
        }
        return request.event() == Event.PAUSED ? PeerView.State.PARTIAL_SEED : PeerView.State.DOWNLOADER;
    }

    private void count(PeerView.State state, int delta) {
        switch (state) {
            case SEEDER -> {
                seeders += delta;
                context.totals.add(delta, 0, 0, 0, 0);
            }
            case DOWNLOADER -> context.totals.add(0, delta, 0, 0, 0); // counted as count() less the others
            case PARTIAL_SEED -> {
                partialSeeds += delta;
                context.totals.add(0, 0, delta, 0, 0);
            }
        }
    }

    private Pool pool(AddressFamily family) {
        return family == AddressFamily.V4 ? context.v4 : context.v6;
    }
}
