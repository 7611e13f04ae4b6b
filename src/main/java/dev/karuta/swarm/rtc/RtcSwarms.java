package dev.karuta.swarm.rtc;

import dev.karuta.core.AnnounceRequest;
import dev.karuta.core.AnnounceResult;
import dev.karuta.core.Event;
import dev.karuta.core.InfoHash;
import dev.karuta.core.PeerId;
import dev.karuta.core.SelectedPeers;
import dev.karuta.core.SwarmStats;
import dev.karuta.core.Swarms;
import dev.karuta.core.TimeSource;
import dev.karuta.core.TrackerException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;

/**
 * The WebRTC swarms of one node (WebTorrent peers announcing over WebSocket): a pool of their own per
 * info_hash, apart from the HTTP/UDP swarms, since a browser cannot reach a TCP or UDP peer. As the
 * {@link Swarms} of a second {@link dev.karuta.core.TrackerPipeline} it gets the same admission hooks as
 * every other announce. The frontend hands an announce's connection number ({@link Mailboxes}) as its
 * {@code key}: a peer belongs to the connection it announced on, another open connection may not take
 * its peer_id over, and offers and answers for it go to that connection's {@link Mailbox}. The registry
 * never picks peers for the answer (WebRTC peers are not handed out by address); the frontend asks
 * {@link #pick} for the mailboxes to forward offers to. Exact counts on every removal path.
 * <p>
 * With a {@link SharedSwarms} membership ({@code karuta.registry=redis}) the peers of this node's
 * connections are kept here as on one node, and also in the shared membership, which answers the counts
 * and the offer targets over every node; a target held by another node is a mailbox that posts through
 * the {@link Relay}, and what other nodes relay here arrives through {@link #deliver}.
 */
public final class RtcSwarms implements Swarms {
    private final ConcurrentHashMap<InfoHash, RtcSwarm> swarms = new ConcurrentHashMap<>();
    private final Mailboxes mailboxes;
    private final TimeSource time;
    private final long ttlNanos;
    private final int maxTorrents;
    /** The membership shared with other nodes, or null: this node alone. */
    private final SharedSwarms shared;
    private final Relay relay;

    /** Swarms whose peers last {@code peerTtl} after their last announce, at most {@code maxTorrents} of them. */
    public RtcSwarms(Mailboxes mailboxes, TimeSource time, Duration peerTtl, int maxTorrents) {
        this(mailboxes, time, peerTtl, maxTorrents, null, null);
    }

    /**
     * The same, with the membership {@code shared} with other nodes (null: none) and the {@code relay} to
     * them: counts are the shared ones, offer targets are picked among every node's peers, and what goes to
     * a peer held by another node goes through the relay. The peers whose connections this node holds stay
     * here too, for delivery and for the rules of one connection.
     */
    public RtcSwarms(Mailboxes mailboxes, TimeSource time, Duration peerTtl, int maxTorrents, SharedSwarms shared,
                     Relay relay) {
        this.mailboxes = mailboxes;
        this.time = time;
        this.ttlNanos = peerTtl.toNanos();
        this.maxTorrents = maxTorrents;
        this.shared = shared;
        this.relay = relay;
        if ((shared == null) != (relay == null)) {
            throw new IllegalArgumentException("a shared membership needs a relay, and the other way round");
        }
    }

    /** Whether the membership is shared with other nodes. */
    public boolean isShared() {
        return shared != null;
    }

    /** The open connections whose numbers announces carry as their key. */
    public Mailboxes mailboxes() {
        return mailboxes;
    }

    @Override
    public CompletionStage<AnnounceResult> announce(AnnounceRequest request, int numWant, int owner) {
        AnnounceResult local;
        try {
            local = apply(request, owner);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (shared == null) {
            return CompletableFuture.completedFuture(local);
        }
        // Admitted here (the connection's rules); the shared membership answers the counts over every node.
        return shared.announce(request.infoHash(), request.peerId(), request.seeding(),
                request.event() == Event.COMPLETED, request.event() == Event.STOPPED, owner)
                .thenApply(stats -> new AnnounceResult(stats, SelectedPeers.NONE));
    }

    private AnnounceResult apply(AnnounceRequest request, int owner) {
        int connection = request.key();
        Mailbox mailbox = mailboxes.get(connection);
        if (!request.hasKey() || mailbox == null) {
            throw new TrackerException("the connection is closed");
        }
        long now = time.nanoTime();
        while (true) {
            RtcSwarm swarm = request.event() == Event.STOPPED ? swarms.get(request.infoHash())
                    : swarmFor(request.infoHash());
            if (swarm == null) {
                return new AnnounceResult(SwarmStats.EMPTY, SelectedPeers.NONE);
            }
            synchronized (swarm) {
                if (swarm.dropped) {
                    continue; // emptied and dropped meanwhile: look it up (or make it) again
                }
                RtcSwarm.Peer held = swarm.get(request.peerId());
                if (held != null && held.connection != connection && mailboxes.get(held.connection) != null) {
                    throw new TrackerException(TrackerException.Kind.CONFLICT,
                            "peer_id is in use on another connection");
                }
                if (request.event() == Event.STOPPED) {
                    swarm.remove(request.peerId(), 0);
                    dropIfEmpty(request.infoHash(), swarm);
                } else {
                    swarm.put(request.peerId(), connection, mailbox, request.seeding(),
                            request.event() == Event.COMPLETED, owner, now);
                }
                return new AnnounceResult(swarm.stats(), SelectedPeers.NONE);
            }
        }
    }

    private RtcSwarm swarmFor(InfoHash hash) {
        RtcSwarm swarm = swarms.get(hash);
        if (swarm != null) {
            return swarm;
        }
        if (swarms.size() >= maxTorrents) {
            throw new TrackerException(TrackerException.Kind.RATE_LIMITED, "too many torrents on this tracker", 5);
        }
        return swarms.computeIfAbsent(hash, h -> new RtcSwarm());
    }

    /** Drops {@code swarm} when it has no peer left; the caller holds its lock. */
    private void dropIfEmpty(InfoHash hash, RtcSwarm swarm) {
        if (swarm.size() == 0) {
            swarm.dropped = true;
            swarms.remove(hash, swarm);
        }
    }

    /**
     * Up to {@code max} mailboxes of other peers of {@code hash} to forward {@code from}'s offers to, at
     * random: never its own, no seeder when it seeds, no other peer of its owner (a private tracker's user).
     * Answered at once on a node alone; with a shared membership once it has answered (failed when it
     * could not), among every node's peers.
     */
    public CompletionStage<List<Mailbox>> pick(InfoHash hash, PeerId from, boolean seeder, int max) {
        RtcSwarm swarm = swarms.get(hash);
        if (shared == null) {
            return CompletableFuture.completedFuture(swarm == null ? List.of()
                    : swarm.pick(from, seeder, max, ThreadLocalRandom.current()));
        }
        int owner = swarm == null ? 0 : swarm.ownerOf(from);
        return shared.pick(hash, from, seeder, owner, max).thenApply(members -> {
            List<Mailbox> out = new ArrayList<>(members.size());
            for (SharedSwarms.Member m : members) {
                Mailbox box = m.node().equals(shared.node()) ? mailbox(hash, m.peer())
                        : new RemoteMailbox(relay, m.node(), hash, m.peer());
                if (box != null) {
                    out.add(box);
                }
            }
            return out;
        });
    }

    /** The mailbox of peer {@code to} of {@code hash} on this node, or null when it is not here (gone, expired). */
    public Mailbox mailbox(InfoHash hash, PeerId to) {
        RtcSwarm swarm = swarms.get(hash);
        RtcSwarm.Peer p = swarm == null ? null : swarm.get(to);
        return p == null ? null : p.mailbox;
    }

    /**
     * Where a message for peer {@code to} of {@code hash} goes: its mailbox on this node, else (shared
     * membership) a mailbox that relays to the node holding it; null when no node holds it.
     */
    public CompletionStage<Mailbox> route(InfoHash hash, PeerId to) {
        Mailbox here = mailbox(hash, to);
        if (here != null || shared == null) {
            return CompletableFuture.completedFuture(here);
        }
        return shared.holder(hash, to).thenApply(node -> node == null || node.equals(shared.node()) ? null
                : new RemoteMailbox(relay, node, hash, to));
    }

    /**
     * Hands {@code text}, relayed by another node, to peer {@code to} of {@code hash} on this node; false
     * (dropped) when its connection is gone.
     */
    public boolean deliver(InfoHash hash, PeerId to, String text) {
        Mailbox box = mailbox(hash, to);
        return box != null && box.post(text);
    }

    /** Marks {@code peer} of {@code hash}, announced on {@code connection}, as alive; false when it is not there. */
    public boolean touch(InfoHash hash, PeerId peer, int connection) {
        RtcSwarm swarm = swarms.get(hash);
        return swarm != null && swarm.touch(peer, connection, time.nanoTime());
    }

    /** Removes {@code peer} of {@code hash} if it still belongs to {@code connection} (a closed connection). */
    public boolean leave(InfoHash hash, PeerId peer, int connection) {
        RtcSwarm swarm = swarms.get(hash);
        if (swarm == null) {
            return false;
        }
        boolean removed;
        synchronized (swarm) {
            removed = swarm.remove(peer, connection);
            dropIfEmpty(hash, swarm);
        }
        if (removed && shared != null) {
            shared.leave(hash, peer);
        }
        return removed;
    }

    /** Removes every peer silent for longer than the peer TTL and the swarms left empty; returns the peers removed. */
    public long sweep() {
        long before = time.nanoTime() - ttlNanos;
        long removed = 0;
        for (var e : swarms.entrySet()) {
            RtcSwarm swarm = e.getValue();
            synchronized (swarm) {
                removed += swarm.expire(before);
                dropIfEmpty(e.getKey(), swarm);
            }
        }
        return removed;
    }

    @Override
    public SwarmStats stats(InfoHash infoHash) {
        if (shared != null) {
            return shared.stats(infoHash);
        }
        RtcSwarm swarm = swarms.get(infoHash);
        return swarm == null ? SwarmStats.EMPTY : swarm.stats();
    }

    /** Hands every swarm this node holds peers of to {@code sink}, with its counts on this node alone. */
    @Override
    public void forEach(BiConsumer<InfoHash, SwarmStats> sink) {
        swarms.forEach((hash, swarm) -> sink.accept(hash, swarm.stats()));
    }

    /**
     * Counts over every swarm of this node: torrents, seeders, leechers, open connections (weakly
     * consistent). With a shared membership, the peers whose connections this node holds: the sum over
     * the nodes is the whole.
     */
    public RtcTotals totals() {
        long seeders = 0;
        long leechers = 0;
        long torrents = 0;
        for (RtcSwarm swarm : swarms.values()) {
            SwarmStats s = swarm.stats();
            seeders += s.seeders();
            leechers += s.downloaders();
            torrents++;
        }
        return new RtcTotals(torrents, seeders, leechers, mailboxes.size());
    }
}
