package dev.karuta.swarm;

import dev.karuta.core.AddressFamily;
import dev.karuta.core.AnnounceRequest;
import dev.karuta.core.Event;
import dev.karuta.core.InfoHash;
import dev.karuta.core.PeerAddress;
import dev.karuta.core.PeerId;
import dev.karuta.core.SelectedPeers;
import dev.karuta.core.SwarmStats;
import dev.karuta.core.TrackerException;
import java.time.Duration;
import java.util.HashMap;
import java.util.function.Consumer;

/**
 * The peers of one torrent with their counts, which every change updates together. All methods are
 * synchronized on the swarm; a swarm evicted from the registry is {@linkplain #retire retired} and
 * refuses further announces so the caller retries on a fresh one.
 */
final class Swarm {
    /** What {@link #restore} answers when the swarm was retired (the caller retries on a fresh one). */
    static final int RETIRED = -1;

    private final InfoHash infoHash;
    private final SnatchLedger ledger;
    private final HashMap<PeerId, Peer> peers = new HashMap<>();
    private final Pool pool4;
    private final Pool pool6;
    private final RegistryTotals totals;
    private Peer oldest;
    private Peer newest;
    private int seeders;
    private int downloaders;
    private int partialSeeds;
    private long snatches;
    private boolean retired;

    /** An empty swarm of {@code infoHash} whose snatch count continues from {@code ledger}'s. */
    Swarm(InfoHash infoHash, RegistrySettings settings, RegistryTotals totals, SnatchLedger ledger) {
        this.infoHash = infoHash;
        this.ledger = ledger;
        this.snatches = ledger.base(infoHash);
        this.pool4 = new Pool(AddressFamily.V4, settings.subnetPrefixV4());
        this.pool6 = new Pool(AddressFamily.V6, settings.subnetPrefixV6());
        this.totals = totals;
        totals.torrents.increment();
    }

    /**
     * Applies {@code request} at time {@code now} and picks up to {@code numWant} peers per family the
     * requester has; returns null when this swarm was retired (the caller retries).
     *
     * @throws TrackerException when the peer_id belongs to a peer at another address with another key
     */
    synchronized AnnounceResult announce(AnnounceRequest request, int numWant, int owner, long now, long ttl) {
        if (retired) {
            return null;
        }
        prune(now, ttl);
        Peer peer = peers.get(request.peerId());
        if (peer != null && !mayActFor(peer, request, owner)) {
            throw new TrackerException(TrackerException.Kind.CONFLICT, "peer_id is in use by another address");
        }
        // A snatch: the client says completed, or a peer we saw downloading now has nothing left (some
        // clients, aria2 with --seed-time=0 for one, go straight to stopped without completed).
        boolean finished = request.left() == 0 && (request.event() == Event.COMPLETED
                || peer != null && peer.state != PeerView.State.SEEDER);
        if (request.event() == Event.STOPPED) {
            if (peer != null) {
                countSnatch(peer, finished);
                remove(peer);
            }
            return new AnnounceResult(stats(), SelectedPeers.NONE);
        }
        if (peer == null) {
            peer = insert(request, now);
            peer.owner = owner;
        } else {
            update(peer, request, now);
            peer.owner = owner;
        }
        countSnatch(peer, finished);
        return new AnnounceResult(stats(), pick(peer, request, numWant));
    }

    /** Counts one snatch for {@code peer} when it {@code finished}, once in its life. */
    private void countSnatch(Peer peer, boolean finished) {
        if (finished && !peer.snatched) {
            peer.snatched = true;
            snatches++;
            ledger.snatched(infoHash);
        }
    }

    /**
     * Counts after removing peers not seen since {@code now - ttl}; the {@link SwarmStats#EMPTY}
     * instance itself once retired.
     */
    synchronized SwarmStats stats(long now, long ttl) {
        if (retired) {
            return SwarmStats.EMPTY;
        }
        prune(now, ttl);
        return stats();
    }

    /** Hands a copy of every live peer to {@code sink}, oldest first, under the swarm's lock. */
    synchronized void forEachPeer(long now, long ttl, Consumer<PeerView> sink) {
        if (retired) {
            return;
        }
        prune(now, ttl);
        for (Peer p = oldest; p != null; p = p.newer) {
            sink.accept(new PeerView(p.id, p.v4 == null ? null : p.v4.address, p.v6 == null ? null : p.v6.address,
                    p.state, Duration.ofNanos(now - p.lastSeen), p.key, p.hasKey, p.snatched));
        }
    }

    /**
     * Puts back a peer from a snapshot as last seen at {@code lastSeen}, with its state, key and snatch
     * flag, counting no snatch; returns 1 when added, 0 when its peer_id is already here (the live peer
     * wins), {@link #RETIRED} when this swarm was retired.
     */
    synchronized int restore(PeerView view, long lastSeen) {
        if (retired) {
            return RETIRED;
        }
        if (peers.containsKey(view.peerId())) {
            return 0;
        }
        Peer peer = newPeer(view.peerId(), view.state(), view.key(), view.hasKey(), lastSeen);
        peer.snatched = view.snatched();
        linkByAge(peer);
        addAddresses(peer, view.ipv4(), view.ipv6());
        return 1;
    }

    /** Removes peers not seen since {@code now - ttl}; returns how many. */
    synchronized int prune(long now, long ttl) {
        int removed = 0;
        while (oldest != null && now - oldest.lastSeen >= ttl) {
            remove(oldest);
            removed++;
        }
        if (removed > 0) {
            totals.peersExpired(removed);
        }
        return removed;
    }

    /** Whether the swarm is retired, or holds no peer and no snatch; the registry drops it then. */
    synchronized boolean isEmpty() {
        return retired || (peers.isEmpty() && snatches == 0);
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

    /** Takes the swarm out of service (it left the registry): its peers leave the totals. */
    synchronized void retire() {
        if (retired) {
            return;
        }
        retired = true;
        totals.add(-seeders, -downloaders, -partialSeeds, -pool4.size(), -pool6.size());
        totals.torrents.decrement();
    }

    private SwarmStats stats() {
        return new SwarmStats(seeders, downloaders, partialSeeds, snatches);
    }

    /**
     * A request may speak for a known peer_id from the peer's own address, or with the peer's key, and
     * only for its owner's peer (a restored peer, which has no owner, is adopted by the first).
     */
    private static boolean mayActFor(Peer peer, AnnounceRequest request, int owner) {
        if (peer.owner != owner && peer.owner != SwarmRegistry.NO_OWNER) {
            return false;
        }
        Slot known = peer.slot(request.source().family());
        if (known != null && known.address.sameIp(request.source())) {
            return true;
        }
        return peer.hasKey && request.hasKey() && peer.key == request.key();
    }

    private Peer insert(AnnounceRequest request, long now) {
        Peer peer = newPeer(request.peerId(), stateOf(request), request.key(), request.hasKey(), now);
        linkNewest(peer);
        addAddresses(peer, request.ipv4(), request.ipv6());
        return peer;
    }

    /** A new peer in the map and the counts; the caller links it by age and gives it addresses. */
    private Peer newPeer(PeerId id, PeerView.State state, int key, boolean hasKey, long lastSeen) {
        Peer peer = new Peer(id);
        peer.state = state;
        peer.key = key;
        peer.hasKey = hasKey;
        peer.lastSeen = lastSeen;
        peers.put(id, peer);
        count(state, 1);
        return peer;
    }

    private void addAddresses(Peer peer, PeerAddress v4, PeerAddress v6) {
        setAddress(peer, v4);
        setAddress(peer, v6);
    }

    private void update(Peer peer, AnnounceRequest request, long now) {
        PeerView.State state = stateOf(request);
        if (state != peer.state) {
            count(peer.state, -1);
            count(state, 1);
            peer.state = state;
            for (Slot slot : new Slot[] {peer.v4, peer.v6}) {
                if (slot != null) {
                    pool(slot.address.family()).setDone(slot, peer.done());
                }
            }
        }
        if (request.hasKey()) {
            peer.key = request.key();
            peer.hasKey = true;
        }
        peer.lastSeen = now;
        unlinkAge(peer);
        linkNewest(peer);
        setAddress(peer, request.ipv4());
        setAddress(peer, request.ipv6());
    }

    /** Adds or moves the peer's slot for the address's family; a null address keeps what is known. */
    private void setAddress(Peer peer, PeerAddress address) {
        if (address == null) {
            return;
        }
        AddressFamily family = address.family();
        Slot slot = peer.slot(family);
        if (slot == null) {
            slot = new Slot(peer, address);
            peer.setSlot(family, slot);
            pool(family).add(slot, peer.done());
            totals.add(0, 0, 0, family == AddressFamily.V4 ? 1 : 0, family == AddressFamily.V6 ? 1 : 0);
        } else if (!slot.address.equals(address)) {
            pool(family).readdress(slot, address);
        }
    }

    private void remove(Peer peer) {
        peers.remove(peer.id);
        unlinkAge(peer);
        count(peer.state, -1);
        if (peer.v4 != null) {
            pool4.remove(peer.v4);
            totals.add(0, 0, 0, -1, 0);
        }
        if (peer.v6 != null) {
            pool6.remove(peer.v6);
            totals.add(0, 0, 0, 0, -1);
        }
    }

    private SelectedPeers pick(Peer peer, AnnounceRequest request, int numWant) {
        if (numWant <= 0) {
            return SelectedPeers.NONE;
        }
        PeerAddress v4 = request.ipv4();
        PeerAddress v6 = request.ipv6();
        SelectedPeers out = new SelectedPeers(v4 != null ? Math.min(numWant, pool4.size()) : 0,
                v6 != null ? Math.min(numWant, pool6.size()) : 0, request.peerIds());
        if (v4 != null) {
            pool4.pick(peer.v4, v4, peer.done(), owner(peer), numWant, out);
        }
        if (v6 != null) {
            pool6.pick(peer.v6, v6, peer.done(), owner(peer), numWant, out);
        }
        return out;
    }

    /** The owner whose peers {@code peer} must not be handed: its own, or none. */
    private static int owner(Peer peer) {
        return peer.owner;
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
                totals.add(delta, 0, 0, 0, 0);
            }
            case DOWNLOADER -> {
                downloaders += delta;
                totals.add(0, delta, 0, 0, 0);
            }
            case PARTIAL_SEED -> {
                partialSeeds += delta;
                totals.add(0, 0, delta, 0, 0);
            }
        }
    }

    private Pool pool(AddressFamily family) {
        return family == AddressFamily.V4 ? pool4 : pool6;
    }

    private void linkNewest(Peer peer) {
        peer.older = newest;
        peer.newer = null;
        if (newest != null) {
            newest.newer = peer;
        } else {
            oldest = peer;
        }
        newest = peer;
    }

    /** Links {@code peer} where its {@link Peer#lastSeen} belongs: O(1) when peers come oldest first. */
    private void linkByAge(Peer peer) {
        Peer before = newest;
        while (before != null && before.lastSeen > peer.lastSeen) {
            before = before.older;
        }
        if (before == newest) {
            linkNewest(peer);
            return;
        }
        Peer after = before == null ? oldest : before.newer;
        peer.older = before;
        peer.newer = after;
        after.older = peer;
        if (before == null) {
            oldest = peer;
        } else {
            before.newer = peer;
        }
    }

    private void unlinkAge(Peer peer) {
        if (peer.older != null) {
            peer.older.newer = peer.newer;
        } else {
            oldest = peer.newer;
        }
        if (peer.newer != null) {
            peer.newer.older = peer.older;
        } else {
            newest = peer.older;
        }
        peer.older = null;
        peer.newer = null;
    }
}
