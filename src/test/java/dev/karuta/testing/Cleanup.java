package dev.karuta.testing;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a test opened, closed last first when the test ends: every close runs, the first failure is
 * thrown with the later ones suppressed on it.
 */
public final class Cleanup implements AutoCloseable {
    private final Deque<AutoCloseable> opened = new ArrayDeque<>();

    /** Closes {@code resource} at the end, before everything pushed earlier. */
    public void push(AutoCloseable resource) {
        opened.push(resource);
    }

    @Override
    public void close() throws Exception {
        Exception first = null;
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
