package dev.karuta.core;

/**
 * A failure whose message is safe to send to the client as a {@code failure reason}, optionally with
 * a BEP 31 {@code retry in} (minutes).
 */
public class TrackerException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** {@link #retryInMinutes()} value that means "do not send {@code retry in}". */
    public static final int NO_RETRY = -1;

    private final int retryInMinutes;

    /** A failure without {@code retry in}. */
    public TrackerException(String message) {
        this(message, NO_RETRY);
    }

    /** A failure advising the client to retry after {@code retryInMinutes} minutes. */
    public TrackerException(String message, int retryInMinutes) {
        super(message, null, false, false);
        this.retryInMinutes = retryInMinutes;
    }

    /** BEP 31 {@code retry in} minutes, or {@link #NO_RETRY}. */
    public int retryInMinutes() {
        return retryInMinutes;
    }
}
