package dev.karuta.http;

import java.util.Locale;

/**
 * The one forwarding header Karuta reads from a trusted proxy ({@code karuta.proxy.header}). The
 * others are ignored: a proxy sets or replaces only the header it is configured for, so any other
 * arrives as the client wrote it.
 */
public enum ProxyHeader {
    /** {@code X-Forwarded-For}: a comma-separated list of addresses, each proxy appending its peer. */
    X_FORWARDED_FOR("X-Forwarded-For"),
    /** {@code Forwarded} (RFC 7239): the {@code for=} parameters of its elements. */
    FORWARDED("Forwarded"),
    /** {@code X-Real-IP}: one address, set (replaced) by the proxy. */
    X_REAL_IP("X-Real-IP");

    private final String headerName;

    ProxyHeader(String headerName) {
        this.headerName = headerName;
    }

    /** The header's name as sent on the wire. */
    public String headerName() {
        return headerName;
    }

    /**
     * The header named {@code name} (in any case).
     *
     * @throws IllegalArgumentException when it is none of the three
     */
    public static ProxyHeader named(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (ProxyHeader h : values()) {
            if (h.headerName.toLowerCase(Locale.ROOT).equals(lower)) {
                return h;
            }
        }
        throw new IllegalArgumentException("must be X-Forwarded-For, Forwarded or X-Real-IP");
    }

    @Override
    public String toString() {
        return headerName;
    }
}
