package dev.karuta.app;

import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Closes what the node started, last started first. A resource added again is closed at its latest
 * place only (the change bus is opened early, for publishing, and closed first, once it listens). A
 * failing close is logged and the others still run. Closing twice closes nothing more.
 */
final class Closer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Closer.class.getName());

    /** One step of the stop: a name for the log and what to close. */
    private record Step(String name, AutoCloseable resource) {
    }

    private final Deque<Step> steps = new ArrayDeque<>();

    /** Adds {@code resource} (named {@code name} in the log) and returns it. */
    synchronized <T extends AutoCloseable> T add(String name, T resource) {
        steps.removeIf(s -> s.resource() == resource);
        steps.push(new Step(name, resource));
        return resource;
    }

    @Override
    public void close() {
        while (true) {
            Step step;
            synchronized (this) {
                step = steps.poll();
            }
            if (step == null) {
                return;
            }
            try {
                step.resource().close();
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                LOG.log(Level.WARNING, "stopping " + step.name() + " failed", e);
            } catch (Error e) {
                LOG.log(Level.ERROR, "stopping " + step.name() + " failed", e);
            }
        }
    }
}
