package dev.karuta.app;

import dev.karuta.ws.WsClientFilter;
import dev.karuta.ws.WsConfigurator;
import dev.karuta.ws.WsEndpoint;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Registers the WebSocket tracker's endpoint on the container's Jakarta WebSocket {@link ServerContainer}
 * (Jetty's {@code ee10-websocket-jakarta}, Tomcat's own), on the announce paths: {@code /announce}, and in
 * private mode {@code /<passkey>/announce}. The container's WebSocket filter takes the upgrade requests on
 * these paths before any servlet; a plain {@code GET /announce} still reaches the HTTP tracker.
 */
final class WebSocketRoutes {
    private static final System.Logger LOG = System.getLogger(WebSocketRoutes.class.getName());

    private WebSocketRoutes() {
    }

    /** Registers the endpoint when the node has a WebSocket tracker; logs why not when the container has no WebSocket. */
    static void register(ServletContext context, Components c, boolean privateMode) {
        if (c.ws() == null) {
            return;
        }
        if (!(context.getAttribute(ServerContainer.class.getName()) instanceof ServerContainer container)) {
            LOG.log(Level.WARNING, "the servlet container has no Jakarta WebSocket: ws://HOST/announce is not"
                    + " served (on jetty-home, enable the ee10-websocket-jakarta module)");
            return;
        }
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        String secret = HexFormat.of().formatHex(random);
        // Jetty hands the endpoint the remote address itself; elsewhere (Tomcat) the filter passes it, before
        // the container's own WebSocket filter (not "match after"), which reads the headers it is handed;
        // only on the endpoint's paths (a passkey path cannot be told from a servlet pattern: all of them).
        // Not on Jetty: a filter on /announce is work on every HTTP announce too.
        if (!handsRemoteAddress(context)) {
            FilterRegistration.Dynamic f = context.addFilter("websocket-client", new WsClientFilter(secret));
            f.setAsyncSupported(true);
            f.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, privateMode ? "/*" : "/announce");
        }
        WsConfigurator configurator = new WsConfigurator(c.ws().handler(), c.config().http().clientAddress(), secret);
        try {
            container.addEndpoint(config("/announce", configurator));
            if (privateMode) {
                container.addEndpoint(config("/{passkey}/announce", configurator));
            }
        } catch (DeploymentException e) {
            throw new IllegalStateException("cannot register the WebSocket tracker: " + e.getMessage(), e);
        }
    }

    /** Whether the container gives an endpoint the connection's remote address (Jetty's user property). */
    static boolean handsRemoteAddress(ServletContext context) {
        String server = context.getServerInfo();
        return server != null && server.toLowerCase(Locale.ROOT).startsWith("jetty/");
    }

    private static ServerEndpointConfig config(String path, WsConfigurator configurator) {
        return ServerEndpointConfig.Builder.create(WsEndpoint.class, path).configurator(configurator).build();
    }
}
