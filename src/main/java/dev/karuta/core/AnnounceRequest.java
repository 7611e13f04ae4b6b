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
 * @param context    what the frontend or mode carries beside the protocol fields
 */
public record AnnounceRequest(InfoHash infoHash, PeerId peerId, PeerAddress source, PeerAddress other,
                              long uploaded, long downloaded, long left, Event event, int numWant,
                              int key, boolean hasKey, RequestContext context) {

    public AnnounceRequest {
        Objects.requireNonNull(infoHash, "infoHash");
        Objects.requireNonNull(peerId, "peerId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(context, "context");
        if (other != null && other.family() == source.family()) {
            throw new IllegalArgumentException("other address must be of the other family");
        }
        if (uploaded < 0 || downloaded < 0 || left < 0) {
            throw new IllegalArgumentException("byte counts must not be negative");
        }
    }

    /** A builder for an announce of {@code peerId} to {@code infoHash} from {@code source}; see {@link Builder}. */
    public static Builder builder(InfoHash infoHash, PeerId peerId, PeerAddress source) {
        return new Builder(infoHash, peerId, source);
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

    /**
     * Builds an {@link AnnounceRequest} by name. Defaults: no other address, nothing transferred or
     * left (a seeder), {@link Event#NONE}, the configured numwant, no key, {@link RequestContext#NONE}.
     */
    public static final class Builder {
        private final InfoHash infoHash;
        private final PeerId peerId;
        private final PeerAddress source;
        private PeerAddress other;
        private long uploaded;
        private long downloaded;
        private long left;
        private Event event = Event.NONE;
        private int numWant = -1;
        private int key;
        private boolean hasKey;
        private String urlData = "";
        private String userAgent = "";
        private boolean peerIds = true;

        private Builder(InfoHash infoHash, PeerId peerId, PeerAddress source) {
            this.infoHash = infoHash;
            this.peerId = peerId;
            this.source = source;
        }

        /** The peer's address in the other family (null: none). */
        public Builder other(PeerAddress address) {
            this.other = address;
            return this;
        }

        public Builder uploaded(long bytes) {
            this.uploaded = bytes;
            return this;
        }

        public Builder downloaded(long bytes) {
            this.downloaded = bytes;
            return this;
        }

        public Builder left(long bytes) {
            this.left = bytes;
            return this;
        }

        public Builder event(Event e) {
            this.event = e;
            return this;
        }

        public Builder numWant(int n) {
            this.numWant = n;
            return this;
        }

        /** The client's {@code key}. */
        public Builder key(int k) {
            this.key = k;
            this.hasKey = true;
            return this;
        }

        /** The client's {@code key} when {@code sent}, else none. */
        public Builder key(int k, boolean sent) {
            this.key = k;
            this.hasKey = sent;
            return this;
        }

        public Builder urlData(String data) {
            this.urlData = data;
            return this;
        }

        public Builder userAgent(String agent) {
            this.userAgent = agent;
            return this;
        }

        /** Whether the answer carries peer_ids (false: a compact or UDP answer). */
        public Builder peerIds(boolean wanted) {
            this.peerIds = wanted;
            return this;
        }

        public AnnounceRequest build() {
            RequestContext context = RequestContext.of(urlData, userAgent, peerIds);
            return new AnnounceRequest(infoHash, peerId, source, other, uploaded, downloaded, left, event, numWant,
                    key, hasKey, context);
        }
    }
}
