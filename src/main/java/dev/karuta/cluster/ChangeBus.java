package dev.karuta.cluster;

import java.util.function.Consumer;

/**
 * Tells the other nodes sharing this tracker's state about a change this node stored, and hands this
 * node the changes the others made. A node never receives its own changes. Delivery is at most once
 * and may be late; after a node was cut off, its handler receives {@link Change.Kind#EVERYTHING}.
 */
public interface ChangeBus extends AutoCloseable {
    /** The bus of a tracker alone: publishes nowhere, receives nothing. */
    ChangeBus NONE = new ChangeBus() {
        @Override
        public void publish(Change change) {
        }

        @Override
        public void listen(Consumer<Change> handler) {
        }

        @Override
        public void close() {
        }
    };

    /**
     * Tells the other nodes; never blocks the caller long and never throws: a change that cannot be
     * sent is logged (the others see it at their next full reload).
     */
    void publish(Change change);

    /** Hands every change another node publishes from now on to {@code handler} (on a bus thread). */
    void listen(Consumer<Change> handler);

    /** Stops receiving and releases the connections. */
    @Override
    void close();
}
