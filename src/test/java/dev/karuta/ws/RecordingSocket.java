package dev.karuta.ws;

import dev.karuta.core.PeerAddress;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link WsSocket} without a network, for the handler's tests: what the tracker sends is kept in
 * order; writes complete at once unless {@link #stall()}ed (a client that reads nothing).
 */
final class RecordingSocket extends WsSocket {
    final List<String> sent = new ArrayList<>();
    private final ArrayDeque<String> unread = new ArrayDeque<>();
    boolean stalled;
    int closeCode;

    RecordingSocket(String ip, int maxQueued) {
        super(PeerAddress.of(ipBytes(ip), 0), "/announce", maxQueued);
    }

    RecordingSocket(String ip) {
        this(ip, 1 << 20);
    }

    private static byte[] ipBytes(String ip) {
        try {
            return java.net.InetAddress.getByName(ip).getAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** From now on a write never completes. */
    RecordingSocket stall() {
        stalled = true;
        return this;
    }

    @Override
    protected synchronized void write(String text) {
        sent.add(text);
        unread.add(text);
        if (!stalled) {
            sent(null);
        }
    }

    @Override
    protected synchronized void abort(int code, String reason) {
        closeCode = code;
    }

    /** The next message not read yet, as JSON, or null when there is none. */
    synchronized JsonObject next() {
        String text = unread.poll();
        return text == null ? null : Json.createReader(new StringReader(text)).readObject();
    }

    /** Drops what was not read yet. */
    synchronized void skip() {
        unread.clear();
    }
}
