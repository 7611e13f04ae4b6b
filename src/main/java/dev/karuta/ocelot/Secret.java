package dev.karuta.ocelot;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * One of the control API's secrets (Ocelot's {@code site_password} or {@code report_password}): the
 * first segment of {@code /<secret>/update} or {@code /<secret>/report}, compared in constant time. An
 * empty secret turns its API off: nothing matches it.
 */
final class Secret {
    private final byte[] expected;

    Secret(String secret) {
        this.expected = secret.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Whether the API is off (no secret configured). */
    boolean off() {
        return expected.length == 0;
    }

    /** Whether {@code presented} (the raw path segment, null when absent) is the secret. */
    boolean matches(String presented) {
        if (off() || presented == null) {
            return false;
        }
        // Compared as bytes in constant time: the time tells nothing about how much of a guess was right.
        return MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * The secret segment of {@code path} ({@code /<secret>/update}, {@code /<secret>/report}), or null
     * when the path has no second segment.
     */
    static String segment(String path) {
        int slash = path == null || !path.startsWith("/") ? -1 : path.indexOf('/', 1);
        return slash < 0 ? null : path.substring(1, slash);
    }
}
