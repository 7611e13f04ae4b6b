package dev.karuta.ws;

import dev.karuta.core.PeerAddress;
import dev.karuta.core.TrackerException;
import dev.karuta.http.ClientAddress;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Hands the container one {@link WsEndpoint} a connection, holding the node's {@link WsHandler}, and
 * notes at the handshake where the connection comes from and which path it opened. Jakarta WebSocket 2.1
 * has no portable way to the client's address: Jetty puts it in the user properties
 * ({@code jakarta.websocket.endpoint.remoteAddress}); on other containers {@link WsClientFilter} passes it
 * in a header carrying this node's secret, so that no client can forge it. A trusted proxy's forwarding
 * header is then read as over HTTP ({@link ClientAddress}).
 */
public final class WsConfigurator extends ServerEndpointConfig.Configurator {
    /** User property: the client's {@link PeerAddress} (port 0), absent when it cannot be determined. */
    static final String SOURCE = "dev.karuta.ws.source";
    /** User property: the path the connection opened (private mode's passkey). */
    static final String PATH = "dev.karuta.ws.path";
    /** Jetty's user property holding the connection's remote {@link InetSocketAddress}. */
    static final String JETTY_REMOTE = "jakarta.websocket.endpoint.remoteAddress";

    private final WsHandler handler;
    private final ClientAddress clientAddress;
    private final String secret;

    /**
     * A configurator for {@code handler}'s endpoints, resolving addresses with {@code clientAddress} and
     * believing {@link WsClientFilter#HEADER} only with {@code secret}.
     */
    public WsConfigurator(WsHandler handler, ClientAddress clientAddress, String secret) {
        this.handler = handler;
        this.clientAddress = clientAddress;
        this.secret = secret;
    }

    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) throws InstantiationException {
        if (endpointClass != WsEndpoint.class) {
            throw new InstantiationException("not a Karuta endpoint: " + endpointClass.getName());
        }
        return endpointClass.cast(new WsEndpoint(handler));
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
        Map<String, Object> props = sec.getUserProperties();
        props.put(PATH, request.getRequestURI().getRawPath());
        String remote = remote(props, request.getHeaders());
        if (remote == null) {
            return;
        }
        try {
            List<String> forwarded = clientAddress.readsHeaders()
                    ? header(request.getHeaders(), clientAddress.header().headerName()) : List.of();
            props.put(SOURCE, PeerAddress.of(clientAddress.resolve(remote, forwarded), 0));
        } catch (TrackerException e) {
            // No address: the endpoint closes the connection (policy violation).
        }
    }

    /** The connection's remote address as text: from the filter's header (with the secret), else Jetty's property. */
    private String remote(Map<String, Object> props, Map<String, List<String>> headers) {
        for (String value : header(headers, WsClientFilter.HEADER)) {
            int space = value.indexOf(' ');
            if (space > 0 && value.substring(0, space).equals(secret)) {
                return value.substring(space + 1);
            }
        }
        if (props.get(JETTY_REMOTE) instanceof InetSocketAddress a && a.getAddress() != null) {
            return a.getAddress().getHostAddress();
        }
        return null;
    }

    /** Every value of header {@code name} (case-insensitive). */
    private static List<String> header(Map<String, List<String>> headers, String name) {
        List<String> out = new ArrayList<>();
        headers.forEach((k, v) -> {
            if (k != null && k.equalsIgnoreCase(name) && v != null) {
                out.addAll(v);
            }
        });
        return out;
    }
}
