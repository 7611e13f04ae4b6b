package dev.karuta.core;

/** The {@code event} of an announce (BEP 3, BEP 21 {@code paused}; BEP 15 numbers for UDP). */
public enum Event {
    /** Regular announce (absent or empty {@code event}; UDP 0). */
    NONE(""),
    /** The download finished (UDP 1). */
    COMPLETED("completed"),
    /** The peer joined the swarm (UDP 2). */
    STARTED("started"),
    /** The peer leaves the swarm (UDP 3). */
    STOPPED("stopped"),
    /** BEP 21: the peer stays but downloads nothing more (a partial seed). */
    PAUSED("paused");

    private final String wireName;

    Event(String wireName) {
        this.wireName = wireName;
    }

    /** The value of the HTTP {@code event} parameter. */
    public String wireName() {
        return wireName;
    }

    /** The event named by an HTTP {@code event} value, or null when the value is unknown. */
    public static Event fromWireName(String value) {
        for (Event e : values()) {
            if (e.wireName.equals(value)) {
                return e;
            }
        }
        return null;
    }

    /** The event numbered {@code code} in a BEP 15 announce (0..3), or null when unknown. */
    public static Event fromUdpCode(int code) {
        return switch (code) {
            case 0 -> NONE;
            case 1 -> COMPLETED;
            case 2 -> STARTED;
            case 3 -> STOPPED;
            default -> null;
        };
    }
}
