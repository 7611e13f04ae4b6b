package dev.karuta.health;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One part's state in a readiness answer: up or down, and the figures that show why, in the order
 * they are to be shown (JSON-ready values: strings, numbers, booleans).
 *
 * @param isUp    whether this part lets the node serve
 * @param details what the part knows of itself, in order
 */
public record Status(boolean isUp, Map<String, Object> details) {
    public Status {
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** An up part with {@code details}, given as name, value, name, value... */
    public static Status up(Object... details) {
        return new Status(true, ordered(details));
    }

    /** A down part with {@code details}, given as name, value, name, value... */
    public static Status down(Object... details) {
        return new Status(false, ordered(details));
    }

    /** This part as its JSON object: {@code "status"} ({@code up} or {@code down}) first, then the details. */
    public Map<String, Object> json() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", isUp ? "up" : "down");
        out.putAll(details);
        return out;
    }

    private static Map<String, Object> ordered(Object... pairs) {
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException("details come as name, value pairs");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put((String) pairs[i], pairs[i + 1]);
        }
        return out;
    }
}
