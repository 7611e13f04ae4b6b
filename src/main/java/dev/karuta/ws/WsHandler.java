package dev.karuta.ws;

import dev.karuta.core.AnnounceRequest;
import dev.karuta.core.AnnounceResponse;
import dev.karuta.core.Answers;
import dev.karuta.core.Event;
import dev.karuta.core.InfoHash;
import dev.karuta.core.PeerId;
import dev.karuta.core.ScrapeRequest;
import dev.karuta.core.ScrapeResponse;
import dev.karuta.core.TimeSource;
import dev.karuta.core.Tracker;
import dev.karuta.core.TrackerException;
import dev.karuta.metrics.TrackerMetrics;
import dev.karuta.metrics.TrackerMetrics.Action;
import dev.karuta.metrics.TrackerMetrics.Protocol;
import dev.karuta.metrics.TrackerMetrics.Relay;
import dev.karuta.metrics.TrackerMetrics.Result;
import dev.karuta.swarm.rtc.RtcSwarms;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The WebSocket tracker's protocol logic, apart from any container: each message of a connection is
 * read ({@link WsParser}), an announce goes through the WebRTC {@link Tracker} pipeline (the same
 * admission hooks as HTTP and UDP: lists, bans, private mode) into the {@link RtcSwarms}, is answered
 * ({@link WsWriter}), and its offers are forwarded to other peers of the swarm; an answer is relayed to
 * the peer that made the offer; a scrape reads the WebRTC swarms. A message that cannot be read is
 * answered with a {@code failure reason} and changes nothing; the connection stays open. A connection's
 * messages arrive one at a time (the Jakarta WebSocket contract); different connections run at once.
 */
public final class WsHandler {
    private static final System.Logger LOG = System.getLogger(WsHandler.class.getName());
    /** Close code 1000: the tracker closes a connection silent for longer than the idle timeout. */
    static final int NORMAL = 1000;

    private final Tracker tracker;
    private final RtcSwarms swarms;
    private final WsSettings settings;
    private final TrackerMetrics metrics;
    private final TimeSource time;
    private final WsParser parser;
    private final WsWriter writer = new WsWriter();
    private final Map<Integer, WsSocket> sockets = new ConcurrentHashMap<>();
    private final ConnectionQuota quota;

    /**
     * A handler announcing through {@code tracker} (a pipeline over {@code swarms}), answering scrapes of
     * at most {@code maxScrapeHashes} torrents.
     */
    public WsHandler(Tracker tracker, RtcSwarms swarms, WsSettings settings, int maxScrapeHashes,
                     TrackerMetrics metrics, TimeSource time) {
        this.tracker = tracker;
        this.swarms = swarms;
        this.settings = settings;
        this.metrics = metrics;
        this.time = time;
        this.parser = new WsParser(settings.maxOffers(), maxScrapeHashes);
        this.quota = new ConnectionQuota(settings.maxConnections(), settings.maxConnectionsPerAddress());
    }

    /** The settings, for the endpoint's container limits. */
    public WsSettings settings() {
        return settings;
    }

    /**
     * A connection opened: true when it is served; false when it is one too many (in all, or from its
     * address), and it has been closed (1013) without taking anything.
     */
    public boolean opened(WsSocket socket) {
        String refused = quota.acquire(socket.source());
        if (refused != null) {
            socket.closed();
            socket.abort(WsSocket.TRY_AGAIN_LATER, refused);
            metrics.request(Protocol.WS, Action.CONNECT, Result.RATE_LIMITED, socket.source().family(), 0);
            return false;
        }
        socket.seen(time.nanoTime());
        socket.id(swarms.mailboxes().open(socket));
        sockets.put(socket.id(), socket);
        return true;
    }

    /** A connection closed (by either side, or failed): its peers leave every swarm it announced into. */
    public void closed(WsSocket socket) {
        socket.closed();
        if (sockets.remove(socket.id()) == null) {
            return; // already done
        }
        swarms.mailboxes().close(socket.id());
        quota.release(socket.source());
        socket.joined().forEach((hash, peer) -> swarms.leave(hash, peer, socket.id()));
        socket.joined().clear();
    }

    /** Connections open now. */
    public int open() {
        return sockets.size();
    }

    /** Handles one text message of {@code socket}; never throws. */
    public void message(WsSocket socket, String text) {
        long start = System.nanoTime();
        try {
            handle(socket, text, start);
        } catch (RuntimeException e) {
            // A bug, not the client's input (which is refused above): the connection stays open.
            LOG.log(Level.WARNING, "WebSocket message failed", e);
            socket.post(writer.failure(null, null, "internal tracker error"));
            metrics.request(Protocol.WS, Action.ANNOUNCE, Result.INTERNAL, socket.source().family(),
                    System.nanoTime() - start);
        }
    }

    private void handle(WsSocket socket, String text, long start) {
        socket.seen(time.nanoTime());
        WsMessage message;
        try {
            if (text.length() > settings.maxMessageBytes()) {
                throw new WsRefusal("message too large (at most " + settings.maxMessageBytes() + " bytes)", null,
                        null);
            }
            message = parser.parse(text);
        } catch (WsRefusal r) {
            socket.post(writer.failure(r.action(), r.infoHash(), r.getMessage()));
            metrics.request(Protocol.WS, "scrape".equals(r.action()) ? Action.SCRAPE : Action.ANNOUNCE,
                    Result.BAD_REQUEST, socket.source().family(), System.nanoTime() - start);
            return;
        }
        if (message instanceof WsMessage.Announce a) {
            announce(socket, a, start);
        } else if (message instanceof WsMessage.Answer a) {
            answer(socket, a);
        } else {
            scrape(socket, (WsMessage.Scrape) message, start);
        }
    }

    private void announce(WsSocket socket, WsMessage.Announce a, long start) {
        PeerId before = socket.joined().get(a.infoHash());
        if (before == null && a.event() != Event.STOPPED && socket.joined().size() >= settings.maxSwarms()) {
            fail(socket, a.infoHash(), new TrackerException("too many torrents on one connection (at most "
                    + settings.maxSwarms() + ")"), start);
            return;
        }
        AnnounceRequest request = AnnounceRequest.builder(a.infoHash(), a.peerId(), socket.source())
                .uploaded(a.uploaded()).downloaded(a.downloaded()).left(a.left()).event(a.event())
                .numWant(0).key(socket.id()).urlData(socket.urlData()).peerIds(false).build();
        tracker.announce(request).whenComplete((response, error) -> {
            if (error != null) {
                fail(socket, a.infoHash(), error, start);
            } else {
                announced(socket, a, before, response, start);
            }
        });
    }

    private void announced(WsSocket socket, WsMessage.Announce a, PeerId before, AnnounceResponse response,
                           long start) {
        if (before != null && !before.equals(a.peerId())) {
            swarms.leave(a.infoHash(), before, socket.id()); // the connection announces under another peer_id now
        }
        if (a.event() == Event.STOPPED) {
            socket.joined().remove(a.infoHash());
        } else {
            socket.joined().put(a.infoHash(), a.peerId());
            if (!sockets.containsKey(socket.id())) {
                // Closed while this announce ran: closed() may have missed the peer just added.
                swarms.leave(a.infoHash(), a.peerId(), socket.id());
            }
        }
        socket.post(writer.announced(a.infoHash(), settings.interval(), response.stats()));
        int wanted = a.numWant() >= 0 ? Math.min(a.numWant(), a.offers().size()) : a.offers().size();
        if (wanted > 0) {
            // On this node at once; with a shared membership, when it has answered (a peer on another node
            // is reached through the relay).
            swarms.pick(a.infoHash(), a.peerId(), a.left() == 0, wanted).whenComplete((targets, error) -> {
                if (error != null) {
                    metrics.undeliverable(Relay.OFFER); // the shared membership failed: no offer goes out
                    return;
                }
                int delivered = 0;
                for (int i = 0; i < targets.size(); i++) {
                    if (targets.get(i).post(writer.offer(a.offers().get(i), a.peerId(), a.infoHash()))) {
                        delivered++;
                    }
                }
                metrics.relayed(Relay.OFFER, delivered);
            });
        }
        metrics.request(Protocol.WS, Action.ANNOUNCE, Result.OK, socket.source().family(), System.nanoTime() - start);
    }

    private void answer(WsSocket socket, WsMessage.Answer a) {
        if (!a.peerId().equals(socket.joined().get(a.infoHash()))) {
            // Only a peer admitted into the swarm on this connection may signal its peers.
            socket.post(writer.failure("announce", Latin1.string(a.infoHash().bytes()),
                    "announce this info_hash and peer_id on this connection before answering"));
            metrics.undeliverable(Relay.ANSWER);
            return;
        }
        swarms.touch(a.infoHash(), a.peerId(), socket.id());
        swarms.route(a.infoHash(), a.to()).whenComplete((to, error) -> {
            if (error == null && to != null && to.post(writer.answer(a))) {
                metrics.relayed(Relay.ANSWER, 1);
            } else {
                metrics.undeliverable(Relay.ANSWER); // the peer is gone: dropped, as bittorrent-tracker does
            }
        });
    }

    private void scrape(WsSocket socket, WsMessage.Scrape s, long start) {
        try {
            ScrapeResponse r = tracker.scrape(new ScrapeRequest(s.infoHashes(), socket.urlData(), socket.source()));
            socket.post(writer.scraped(r.files(), r.minRequestInterval()));
            metrics.request(Protocol.WS, Action.SCRAPE, Result.OK, socket.source().family(), System.nanoTime() - start);
        } catch (TrackerException e) {
            socket.post(writer.failure("scrape", null, e.getMessage()));
            metrics.request(Protocol.WS, Action.SCRAPE, Result.of(e), socket.source().family(),
                    System.nanoTime() - start);
        }
    }

    private void fail(WsSocket socket, InfoHash hash, Throwable error, long start) {
        TrackerException refusal = Answers.cause(error) instanceof TrackerException t ? t : null;
        String reason;
        Result result;
        if (refusal != null) {
            reason = refusal.getMessage();
            result = Result.of(refusal);
        } else {
            LOG.log(Level.WARNING, "WebSocket announce failed", Answers.cause(error));
            reason = "internal tracker error";
            result = Result.INTERNAL;
        }
        socket.post(writer.failure("announce", Latin1.string(hash.bytes()), reason));
        metrics.request(Protocol.WS, Action.ANNOUNCE, result, socket.source().family(), System.nanoTime() - start);
    }

    /**
     * Removes the WebRTC peers silent for longer than the peer TTL and closes the connections silent for
     * longer than the idle timeout (the tracker's clock, so that tests move it); returns the peers removed.
     */
    public long sweep() {
        long removed = swarms.sweep();
        long before = time.nanoTime() - settings.idleTimeout().toNanos();
        for (WsSocket s : sockets.values()) {
            if (s.seenNanos() - before < 0) {
                s.abort(NORMAL, "idle");
                closed(s);
            }
        }
        return removed;
    }

    /** Closes every connection (the webapp stops). */
    public void closeAll() {
        for (WsSocket s : sockets.values()) {
            s.abort(1001, "tracker stopping");
            closed(s);
        }
    }
}
