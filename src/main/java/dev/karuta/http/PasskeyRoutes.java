package dev.karuta.http;

import dev.karuta.accounts.Passkey;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * A private tracker's URLs, which a servlet mapping cannot express: {@code /<32 characters>/announce}
 * and {@code /scrape} go to the announce and scrape servlets (which read the passkey from the path),
 * {@code /update} and {@code /report} to the Ocelot control API; every other path goes on unchanged.
 * Registered in private mode only.
 */
public final class PasskeyRoutes extends HttpFilter {
    private static final long serialVersionUID = 1L;
    /** Named servlet that answers Ocelot's {@code update} and {@code report} requests. */
    public static final String CONTROL_SERVLET = "ocelot";


    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse resp, FilterChain chain)
            throws IOException, ServletException {
        String target = target(req.getRequestURI().substring(req.getContextPath().length()));
        RequestDispatcher dispatcher = target == null ? null : getServletContext().getNamedDispatcher(target);
        if (dispatcher == null) {
            chain.doFilter(req, resp);
        } else {
            dispatcher.forward(req, resp);
        }
    }

    /**
     * The servlet {@code path} goes to, or null: {@code /<key>/announce}, {@code scrape}, {@code update},
     * {@code report}. A key of the wrong shape is routed too, so that it is answered as an unknown key
     * ({@code Passkey not found}, or the control API's {@code Authentication failure}).
     */
    static String target(String path) {
        int slash = path.indexOf('/', 1);
        if (path.isEmpty() || path.charAt(0) != '/' || slash < 2 || slash > Passkey.LENGTH * 4) {
            return null;
        }
        return switch (path.substring(slash + 1)) {
            case "announce" -> "announce";
            case "scrape" -> "scrape";
            case "update", "report" -> CONTROL_SERVLET;
            default -> null;
        };
    }
}
