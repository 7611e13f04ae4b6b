package dev.karuta.ws;

import dev.karuta.core.PeerAddress;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;

/**
 * The WebSocket tracker's endpoint, one instance a connection (made by {@link WsConfigurator} with the
 * node's {@link WsHandler}): sets the connection's limits, hands its text messages to the handler, and
 * takes its peers out of the swarms when it closes. Thin: the protocol is the handler's.
 */
public final class WsEndpoint extends Endpoint {
    private final WsHandler handler;
    private JakartaSocket socket;

    WsEndpoint(WsHandler handler) {
        this.handler = handler;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        WsSettings s = handler.settings();
        Object source = session.getUserProperties().get(WsConfigurator.SOURCE);
        Object path = session.getUserProperties().get(WsConfigurator.PATH);
        if (!(source instanceof PeerAddress address)) {
            try {
                session.close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY,
                        "cannot determine client address"));
            } catch (java.io.IOException e) {
                // closing anyway
            }
            return;
        }
        // Up to twice the limit the handler answers with a failure; beyond it the container closes (1009).
        session.setMaxTextMessageBufferSize(2 * s.maxMessageBytes());
        session.setMaxBinaryMessageBufferSize(1024);
        // The container's own idle timeout is a backstop; the sweep closes idle connections on the tracker's clock.
        session.setMaxIdleTimeout(2 * s.idleTimeout().toMillis());
        socket = new JakartaSocket(session, address, path instanceof String p ? p : "", s.maxQueuedBytes());
        if (!handler.opened(socket)) {
            return; // one connection too many: closed (1013)
        }
        JakartaSocket own = socket;
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> handler.message(own, text));
        session.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) bytes ->
                handler.message(own, "binary"));
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        if (socket != null) {
            handler.closed(socket);
        }
    }

    @Override
    public void onError(Session session, Throwable failure) {
        // A broken connection or a message over the container's limit: the container closes it, and
        // onClose takes its peers out.
        System.getLogger(WsEndpoint.class.getName()).log(System.Logger.Level.DEBUG, "WebSocket error: {0}",
                failure.toString());
    }
}
