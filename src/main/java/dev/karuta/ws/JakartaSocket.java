package dev.karuta.ws;

import dev.karuta.core.PeerAddress;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;

/** A {@link WsSocket} over a Jakarta WebSocket {@link Session}: asynchronous sends, one at a time. */
final class JakartaSocket extends WsSocket {
    private final Session session;

    JakartaSocket(Session session, PeerAddress source, String urlData, int maxQueued) {
        super(source, urlData, maxQueued);
        this.session = session;
    }

    @Override
    protected void write(String text) {
        try {
            session.getAsyncRemote().sendText(text, result -> sent(result.isOK() ? null : result.getException()));
        } catch (RuntimeException e) {
            // Closed meanwhile (IllegalStateException): the send failed, and so does the connection.
            sent(e);
        }
    }

    @Override
    protected void abort(int code, String reason) {
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
        } catch (java.io.IOException | RuntimeException e) {
            // Already closed or broken: nothing more to do.
        }
    }
}
