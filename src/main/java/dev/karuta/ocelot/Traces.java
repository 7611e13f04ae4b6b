package dev.karuta.ocelot;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The users the site asked to trace ({@code trace_user}), by user id, so that a passkey change keeps
 * the flag. Only remembered and reported ({@code traced} in the user report): Karuta logs nothing more
 * for a traced user, and the flags live in memory until the webapp stops.
 */
final class Traces {
    private final Set<Integer> traced = ConcurrentHashMap.newKeySet();

    /** Sets whether {@code userId} is traced. */
    void set(int userId, boolean on) {
        if (on) {
            traced.add(userId);
        } else {
            traced.remove(userId);
        }
    }

    /** Whether {@code userId} is traced. */
    boolean traced(int userId) {
        return traced.contains(userId);
    }
}
