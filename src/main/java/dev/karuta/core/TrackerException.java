package dev.karuta.core;

/**
 * A failure whose message is safe to send to the client as a {@code failure reason}, optionally with
 * a BEP 31 {@code retry in} (minutes), and of a {@link Kind} that says why (for metrics: never the
 * message). The plain constructors make a {@link Kind#BAD_REQUEST}; a policy refusal is made with
 * {@link #refused(String)}.
 */
public class TrackerException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** {@link #retryInMinutes()} value that means "do not send {@code retry in}". */
    public static final int NO_RETRY = -1;

    /** Why a request failed: a small fixed set, so it can label metrics. */
    public enum Kind {
        /** The request is malformed or out of range (a missing field, a bad length, a bad encoding). */
        BAD_REQUEST,
        /** A well-formed request the tracker declines: an access list, a disabled feature, a banned client. */
        REFUSED,
        /** The request clashes with state: its peer_id belongs to another peer. */
        CONFLICT,
        /** The client asks too often (full scrape interval). */
        RATE_LIMITED,
        /** The tracker failed; the client is not at fault. */
        INTERNAL
    }

    private final Kind kind;
    private final int retryInMinutes;

    /** A {@link Kind#BAD_REQUEST} without {@code retry in}. */
    public TrackerException(String message) {
        this(Kind.BAD_REQUEST, message, NO_RETRY);
    }

    /** A {@link Kind#BAD_REQUEST} advising the client to retry after {@code retryInMinutes} minutes. */
    public TrackerException(String message, int retryInMinutes) {
        this(Kind.BAD_REQUEST, message, retryInMinutes);
    }

    /** A failure of {@code kind} without {@code retry in}. */
    public TrackerException(Kind kind, String message) {
        this(kind, message, NO_RETRY);
    }

    /** A failure of {@code kind} advising the client to retry after {@code retryInMinutes} minutes. */
    public TrackerException(Kind kind, String message, int retryInMinutes) {
        super(message, null, false, false);
        this.kind = java.util.Objects.requireNonNull(kind, "kind");
        this.retryInMinutes = retryInMinutes;
    }

    /** A policy refusal ({@link Kind#REFUSED}): the request is valid but this tracker declines it. */
    public static TrackerException refused(String message) {
        return new TrackerException(Kind.REFUSED, message, NO_RETRY);
    }

    /** Why the request failed. */
    public Kind kind() {
        return kind;
    }

    /** BEP 31 {@code retry in} minutes, or {@link #NO_RETRY}. */
    public int retryInMinutes() {
        return retryInMinutes;
    }
}
