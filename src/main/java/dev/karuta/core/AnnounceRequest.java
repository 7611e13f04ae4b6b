package dev.karuta.core;

import java.util.Objects;

/**
 * One announce, as every frontend hands it to the {@link Tracker}.
 *
 * @param infoHash   the torrent
 * @param peerId     the announcing peer
 * @param source     the address the request came from (the connection's address, or a trusted
 *                   override), with the port the peer listens on; its IP is BEP 24's {@code external ip}
 * @param other      the peer's address in the other family (BEP 7 {@code ipv4=}/{@code ipv6=}), or null
 * @param uploaded   bytes uploaded since {@code started}
 * @param downloaded bytes downloaded since {@code started}
 * @param left       bytes still missing; 0 makes a seeder
 * @param event      the event
 * @param numWant    peers wanted; negative means the configured default
 * @param key        the BEP 3 {@code key}, folded to 32 bits, meaningful only when {@code hasKey}
 * @param hasKey     whether the client sent a {@code key}
 * @param urlData    path and query of the tracker URL the client used (BEP 41 URL data over UDP; the
 *                   request path over HTTP), for policies such as passkeys; empty when none
 * @param peerIds    whether the answer will carry the picked peers' peer_ids (HTTP {@code compact=0}
 *                   without {@code no_peer_id}); compact and UDP answers never do, so their picks
 *                   copy addresses only
 * @param userAgent  the client's User-Agent (HTTP), recorded by a private tracker; empty when none
 */
public record AnnounceRequest(InfoHash infoHash, PeerId peerId, PeerAddress source, PeerAddress other,
                              long uploaded, long downloaded, long left, Event event, int numWant,
                              int key, boolean hasKey, String urlData, boolean peerIds, String userAgent) {

    /** A request without a User-Agent. */
    public AnnounceRequest(InfoHash infoHash, PeerId peerId, PeerAddress source, PeerAddress other,
                           long uploaded, long downloaded, long left, Event event, int numWant,
                           int key, boolean hasKey, String urlData, boolean peerIds) {
        this(infoHash, peerId, source, other, uploaded, downloaded, left, event, numWant, key, hasKey, urlData, peerIds,
                "");
    }

    /** A request whose answer carries peer_ids. */
    public AnnounceRequest(InfoHash infoHash, PeerId peerId, PeerAddress source, PeerAddress other,
                           long uploaded, long downloaded, long left, Event event, int numWant,
                           int key, boolean hasKey, String urlData) {
        this(infoHash, peerId, source, other, uploaded, downloaded, left, event, numWant, key, hasKey, urlData, true);
    }

    /** A request without URL data. */
    public AnnounceRequest(InfoHash infoHash, PeerId peerId, PeerAddress source, PeerAddress other,
                           long uploaded, long downloaded, long left, Event event, int numWant,
                           int key, boolean hasKey) {
        this(infoHash, peerId, source, other, uploaded, downloaded, left, event, numWant, key, hasKey, "");
    }

    public AnnounceRequest {
        Objects.requireNonNull(infoHash, "infoHash");
        Objects.requireNonNull(peerId, "peerId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(urlData, "urlData");
        Objects.requireNonNull(userAgent, "userAgent");
        if (other != null && other.family() == source.family()) {
            throw new IllegalArgumentException("other address must be of the other family");
        }
        if (uploaded < 0 || downloaded < 0 || left < 0) {
            throw new IllegalArgumentException("byte counts must not be negative");
        }
    }

    /** The peer's IPv4 address, or null. */
    public PeerAddress ipv4() {
        return source.family() == AddressFamily.V4 ? source : other;
    }

    /** The peer's IPv6 address, or null. */
    public PeerAddress ipv6() {
        return source.family() == AddressFamily.V6 ? source : other;
    }

    /** True when this announce makes the peer a seeder (nothing left to download). */
    public boolean seeding() {
        return left == 0;
    }
}
