package dev.karuta.ws;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * Passes a WebSocket upgrade request's remote address to {@link WsConfigurator} on containers that do not
 * expose it to Jakarta WebSocket (Tomcat): a header {@link #HEADER} of {@code <secret> <address>},
 * replacing any header of that name the client sent. Mapped before the container's own WebSocket filter,
 * which reads the headers from the request it is handed. Other requests pass unchanged.
 */
public final class WsClientFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;
    /** The header carrying the secret and the remote address. */
    public static final String HEADER = "X-Karuta-WebSocket-Client";

    private final String secret;

    /** A filter writing {@code secret} (random per start) before the address. */
    public WsClientFilter(String secret) {
        this.secret = secret;
    }

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse resp, FilterChain chain)
            throws IOException, ServletException {
        String upgrade = req.getHeader("Upgrade");
        if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
            chain.doFilter(req, resp);
            return;
        }
        String value = secret + " " + req.getRemoteAddr();
        chain.doFilter(new HttpServletRequestWrapper(req) {
            @Override
            public String getHeader(String name) {
                return HEADER.equalsIgnoreCase(name) ? value : super.getHeader(name);
            }

            @Override
            public Enumeration<String> getHeaders(String name) {
                return HEADER.equalsIgnoreCase(name) ? Collections.enumeration(List.of(value)) : super.getHeaders(name);
            }

            @Override
            public Enumeration<String> getHeaderNames() {
                List<String> names = new ArrayList<>();
                for (Enumeration<String> e = super.getHeaderNames(); e.hasMoreElements(); ) {
                    String n = e.nextElement();
                    if (!HEADER.equalsIgnoreCase(n)) {
                        names.add(n);
                    }
                }
                names.add(HEADER);
                return Collections.enumeration(names);
            }
        }, resp);
    }
}
