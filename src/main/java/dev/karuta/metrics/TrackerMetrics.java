package dev.karuta.metrics;

import dev.karuta.core.AddressFamily;
import dev.karuta.core.TrackerException;
import java.util.Locale;

/**
 * Where frontends report what they did. Every method has a no-op default, so the core and frontends
 * call it without checking for null, and the core does not depend on any metrics library.
 * Implementations run on the request path: they must be cheap (no lock, no allocation) and never throw.
 * Every argument is from a small fixed set, so labels stay bounded.
 */
public interface TrackerMetrics {
    /** Metrics that record nothing. */
    TrackerMetrics NOOP = new TrackerMetrics() {
    };

    /** Transport of a request. */
    enum Protocol {
        HTTP, UDP, WS;

        private final String label = name().toLowerCase(Locale.ROOT);

        /** The lower-case name used as a metric label. */
        public String label() {
            return label;
        }
    }

    /** What a request asked for; a full scrape (every torrent) is its own action, being far costlier. */
    enum Action {
        CONNECT, ANNOUNCE, SCRAPE, FULL_SCRAPE;

        private final String label = name().toLowerCase(Locale.ROOT);

        /** The lower-case name used as a metric label. */
        public String label() {
            return label;
        }
    }

    /** How a request ended: answered, or the class of its failure (never the message). */
    enum Result {
        OK, BAD_REQUEST, REFUSED, CONFLICT, RATE_LIMITED, BAD_CONNECTION_ID, INTERNAL;

        private static final Result[] BY_KIND = new Result[TrackerException.Kind.values().length];

        static {
            for (TrackerException.Kind kind : TrackerException.Kind.values()) {
                BY_KIND[kind.ordinal()] = switch (kind) {
                    case BAD_REQUEST -> BAD_REQUEST;
                    case REFUSED -> REFUSED;
                    case CONFLICT -> CONFLICT;
                    case RATE_LIMITED -> RATE_LIMITED;
                    case INTERNAL -> INTERNAL;
                };
            }
        }

        private final String label = name().toLowerCase(Locale.ROOT);

        /** The result class of a refusal. */
        public static Result of(TrackerException e) {
            return BY_KIND[e.kind().ordinal()];
        }

        /** The lower-case name used as a metric label. */
        public String label() {
            return label;
        }
    }

    /**
     * A request was answered with {@code result}, taking {@code nanos}; {@code family} is that of the
     * client's address.
     */
    default void request(Protocol protocol, Action action, Result result, AddressFamily family, long nanos) {
    }

    /** A UDP request carried a connection ID that is forged, expired or for another address. */
    default void badConnectionId() {
    }

    /** A UDP packet was dropped without an answer (malformed, or an answer would amplify). */
    default void dropped() {
    }

    /** What the WebSocket tracker relays between WebRTC peers. */
    enum Relay {
        OFFER, ANSWER;

        private final String label = name().toLowerCase(Locale.ROOT);

        /** The lower-case name used as a metric label. */
        public String label() {
            return label;
        }
    }

    /** The WebSocket tracker delivered {@code count} messages of {@code kind} to other peers' connections. */
    default void relayed(Relay kind, int count) {
    }

    /**
     * The WebSocket tracker could not deliver one message of {@code kind}: its peer is gone, or the sender
     * is not in the swarm.
     */
    default void undeliverable(Relay kind) {
    }

    /** A full scrape was refused: its address (IPv6: its /64) had one within the interval, or too many were running. */
    default void fullScrapeLimited() {
    }
}
