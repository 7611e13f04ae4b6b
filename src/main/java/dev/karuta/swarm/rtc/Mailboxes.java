package dev.karuta.swarm.rtc;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The open WebSocket connections of one node by their number, which the frontend hands the registry as
 * the announce's {@code key}: a peer belongs to the connection it announced on, and offers and answers
 * for it go to that connection's {@link Mailbox}.
 */
public final class Mailboxes {
    private final ConcurrentHashMap<Integer, Mailbox> open = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger();

    /** Registers {@code mailbox} and returns its number (never 0, unique among the open ones). */
    public int open(Mailbox mailbox) {
        while (true) {
            int id = next.incrementAndGet();
            if (id != 0 && open.putIfAbsent(id, mailbox) == null) {
                return id;
            }
        }
    }

    /** Forgets connection {@code id}; its peers are removed by the caller. */
    public void close(int id) {
        open.remove(id);
    }

    /** The mailbox of open connection {@code id}, or null when it is closed. */
    public Mailbox get(int id) {
        return open.get(id);
    }

    /** Connections open now. */
    public int size() {
        return open.size();
    }
}
