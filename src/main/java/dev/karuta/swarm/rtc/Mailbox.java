package dev.karuta.swarm.rtc;

/**
 * Where messages for one WebSocket connection go: the registry hands a peer's mailbox to whoever relays
 * an offer or an answer to it. Implementations never block and never throw.
 */
public interface Mailbox {
    /**
     * Queues {@code text} for sending; false when it was dropped (the connection is closed, or its queue
     * is full and the connection is being closed as a slow consumer).
     */
    boolean post(String text);
}
