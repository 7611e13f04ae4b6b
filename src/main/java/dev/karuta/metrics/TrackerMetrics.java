package dev.karuta.metrics;

/**
 * Where frontends report what they did; the Prometheus implementation comes with the admin issue.
 * Every method has a no-op default, so the core and frontends call it without checking for null.
 */
public interface TrackerMetrics {
    /** Metrics that record nothing. */
    TrackerMetrics NOOP = new TrackerMetrics() {
    };

    /** Transport of a request. */
    enum Protocol { HTTP, UDP }

    /** What a request asked for. */
    enum Action { CONNECT, ANNOUNCE, SCRAPE }

    /** A request was answered ({@code ok} false: with a failure/error), taking {@code nanos}. */
    default void request(Protocol protocol, Action action, boolean ok, long nanos) {
    }

    /** A UDP request carried a connection ID that is forged, expired or for another address. */
    default void badConnectionId() {
    }

    /** A UDP packet was dropped without an answer (malformed, or an answer would amplify). */
    default void dropped() {
    }
}
