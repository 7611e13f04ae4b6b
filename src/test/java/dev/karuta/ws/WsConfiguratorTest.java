package dev.karuta.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.karuta.core.PeerAddress;
import dev.karuta.http.ClientAddress;
import dev.karuta.http.ProxyHeader;
import dev.karuta.http.TrustedProxies;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.Principal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Where {@link WsConfigurator} takes the client's address from at the handshake: the filter's header
 * only with this node's secret (a client cannot forge it), else Jetty's user property; a trusted
 * proxy's forwarding header as over HTTP.
 */
class WsConfiguratorTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    private static Map<String, Object> handshake(ClientAddress resolver, Map<String, List<String>> headers,
                                                 InetSocketAddress jettyRemote) {
        WsConfigurator c = new WsConfigurator(null, resolver, SECRET);
        ServerEndpointConfig sec = ServerEndpointConfig.Builder.create(WsEndpoint.class, "/announce").build();
        if (jettyRemote != null) {
            sec.getUserProperties().put(WsConfigurator.JETTY_REMOTE, jettyRemote);
        }
        c.modifyHandshake(sec, new Request(headers), new HandshakeResponse() {
            @Override
            public Map<String, List<String>> getHeaders() {
                return new HashMap<>();
            }
        });
        return sec.getUserProperties();
    }

    private static final ClientAddress DIRECT = new ClientAddress(TrustedProxies.none(), ProxyHeader.X_FORWARDED_FOR);

    @Test
    void theFiltersHeaderIsBelievedOnlyWithTheSecret() throws Exception {
        InetSocketAddress jetty = new InetSocketAddress("10.0.0.7", 40000);
        Map<String, Object> forged = handshake(DIRECT,
                Map.of("x-karuta-websocket-client", List.of("guess 10.9.9.9")), jetty);
        assertEquals(PeerAddress.of(new byte[] {10, 0, 0, 7}, 0), forged.get(WsConfigurator.SOURCE),
                "a header without the secret is ignored: the connection's address");
        Map<String, Object> filtered = handshake(DIRECT,
                Map.of("X-Karuta-WebSocket-Client", List.of(SECRET + " 192.0.2.5")), null);
        assertEquals(PeerAddress.of(new byte[] {(byte) 192, 0, 2, 5}, 0), filtered.get(WsConfigurator.SOURCE));
        assertEquals("/announce", filtered.get(WsConfigurator.PATH));
        Map<String, Object> none = handshake(DIRECT, Map.of("X-Karuta-WebSocket-Client", List.of("guess 10.9.9.9")),
                null);
        assertNull(none.get(WsConfigurator.SOURCE), "no address: the endpoint closes the connection");
    }

    @Test
    void aTrustedProxysForwardingHeaderIsRead() throws Exception {
        ClientAddress behindProxy = new ClientAddress(TrustedProxies.parse("127.0.0.1"), ProxyHeader.X_FORWARDED_FOR);
        Map<String, Object> p = handshake(behindProxy, Map.of("X-Forwarded-For", List.of("203.0.113.9")),
                new InetSocketAddress("127.0.0.1", 5000));
        assertEquals(PeerAddress.of(new byte[] {(byte) 203, 0, 113, 9}, 0), p.get(WsConfigurator.SOURCE));
        Map<String, Object> direct = handshake(DIRECT, Map.of("X-Forwarded-For", List.of("203.0.113.9")),
                new InetSocketAddress("127.0.0.1", 5000));
        assertEquals(PeerAddress.of(new byte[] {127, 0, 0, 1}, 0), direct.get(WsConfigurator.SOURCE),
                "from an untrusted address the header is the client's claim");
    }

    /** A handshake request with these headers on {@code /announce}. */
    private record Request(Map<String, List<String>> headers) implements HandshakeRequest {
        @Override
        public Map<String, List<String>> getHeaders() {
            return headers;
        }

        @Override
        public Principal getUserPrincipal() {
            return null;
        }

        @Override
        public URI getRequestURI() {
            return URI.create("ws://127.0.0.1/announce");
        }

        @Override
        public boolean isUserInRole(String role) {
            return false;
        }

        @Override
        public Object getHttpSession() {
            return null;
        }

        @Override
        public Map<String, List<String>> getParameterMap() {
            return Map.of();
        }

        @Override
        public String getQueryString() {
            return null;
        }
    }
}
