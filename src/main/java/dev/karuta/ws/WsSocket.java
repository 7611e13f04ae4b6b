package dev.karuta.ws;

import dev.karuta.core.InfoHash;
import dev.karuta.core.PeerAddress;
import dev.karuta.core.PeerId;
import dev.karuta.swarm.rtc.Mailbox;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One WebSocket connection as the tracker sees it: where it comes from, the torrents it announced into
 * (with the peer_id it used in each), when it last spoke, and its outgoing messages. At most one send is
 * in flight (Tomcat refuses a second asynchronous send before the first completes); the rest wait in a
 * queue bounded in characters, and a connection whose queue would overflow is closed as a slow consumer
 * rather than let the queue grow. The transport ({@link #write}, {@link #abort}) is the subclass's.
 */
public abstract class WsSocket implements Mailbox {
    /** Close code 1008 (policy violation). */
    protected static final int POLICY = 1008;
    /** Close code 1013 (try again later): the tracker closes a slow consumer or an idle connection. */
    protected static final int TRY_AGAIN_LATER = 1013;

    private final PeerAddress source;
    private final String urlData;
    private final int maxQueued;
    private final Map<InfoHash, PeerId> joined = new ConcurrentHashMap<>();
    private volatile long seenNanos;
    private int id;

    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private int queuedChars;
    private boolean sending;
    private boolean closed;

    /**
     * A connection from {@code source} (port 0: WebRTC peers have no listening port) that opened the URL
     * path {@code urlData} (private mode's passkey), queueing at most {@code maxQueued} characters.
     */
    protected WsSocket(PeerAddress source, String urlData, int maxQueued) {
        this.source = source;
        this.urlData = urlData;
        this.maxQueued = maxQueued;
    }

    /** Sends {@code text} now, and calls {@link #sent} once when it is written or has failed. */
    protected abstract void write(String text);

    /** Closes the connection with {@code code} and {@code reason}; never throws. */
    protected abstract void abort(int code, String reason);

    @Override
    public final boolean post(String text) {
        synchronized (this) {
            if (closed) {
                return false;
            }
            if (sending) {
                if (queuedChars + text.length() > maxQueued) {
                    closed = true;
                    queue.clear();
                } else {
                    queue.add(text);
                    queuedChars += text.length();
                    return true;
                }
            } else {
                sending = true;
            }
        }
        if (closed) {
            abort(TRY_AGAIN_LATER, "too slow: messages not taken");
            return false;
        }
        write(text);
        return true;
    }

    /** The transport finished a {@link #write}: sends the next queued message, or closes after a failure. */
    protected final void sent(Throwable failure) {
        String next;
        synchronized (this) {
            if (failure != null) {
                closed = true;
                queue.clear();
                queuedChars = 0;
                sending = false;
                next = null;
            } else {
                next = queue.poll();
                if (next == null) {
                    sending = false;
                } else {
                    queuedChars -= next.length();
                }
            }
        }
        if (failure != null) {
            abort(TRY_AGAIN_LATER, "send failed");
        } else if (next != null) {
            write(next);
        }
    }

    /** Marks the connection closed: nothing more is sent. */
    final void closed() {
        synchronized (this) {
            closed = true;
            queue.clear();
            queuedChars = 0;
        }
    }

    /** The client's address (port 0). */
    public final PeerAddress source() {
        return source;
    }

    /** The URL path the connection opened, for private mode's passkey. */
    final String urlData() {
        return urlData;
    }

    /** The torrents this connection announced into, each with the peer_id it announced as. */
    final Map<InfoHash, PeerId> joined() {
        return joined;
    }

    final long seenNanos() {
        return seenNanos;
    }

    final void seen(long nanos) {
        seenNanos = nanos;
    }

    /** The connection's number in the registry's {@link dev.karuta.swarm.rtc.Mailboxes}. */
    final int id() {
        return id;
    }

    final void id(int value) {
        id = value;
    }
}
