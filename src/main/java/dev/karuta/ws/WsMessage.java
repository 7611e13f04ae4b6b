package dev.karuta.ws;

import dev.karuta.core.Event;
import dev.karuta.core.InfoHash;
import dev.karuta.core.PeerId;
import java.util.List;

/** One message of a WebTorrent client, as {@link WsParser} reads it. */
sealed interface WsMessage {

    /**
     * An announce: the peer's state in the swarm, with WebRTC offers to forward to other peers.
     *
     * @param numWant peers wanted, -1 when not said (then as many as there are offers)
     * @param left    bytes still missing; {@link Long#MAX_VALUE} when unknown (JSON {@code null}, as
     *                bittorrent-tracker sends before it has the torrent's metadata)
     */
    record Announce(InfoHash infoHash, PeerId peerId, int numWant, long uploaded, long downloaded, long left,
                    Event event, List<Offer> offers) implements WsMessage {
    }

    /** A WebRTC offer: its id (20 one-byte characters, relayed as given) and its SDP. */
    record Offer(String offerId, Sdp offer) {
    }

    /**
     * The session description of an offer or answer, as the client wrote it: the JSON text of an object
     * with a string {@code sdp} (and, if any, a string {@code type}), relayed without being decoded and
     * encoded again (most of a message's bytes).
     */
    record Sdp(String json) {
    }

    /** An answer to an offer, to relay to the peer {@code to} that made the offer {@code offerId}. */
    record Answer(InfoHash infoHash, PeerId peerId, PeerId to, String offerId, Sdp answer) implements WsMessage {
    }

    /** A scrape of one or more torrents. */
    record Scrape(List<InfoHash> infoHashes) implements WsMessage {
    }
}
