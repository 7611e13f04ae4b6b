package dev.karuta.http;

import dev.karuta.core.TrackerException;
import dev.karuta.web.Components;
import jakarta.servlet.ServletException;
import jakarta.servlet.UnavailableException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Collections;
import java.util.List;

/**
 * Base of the tracker's HTTP routes: every method and every outcome is answered with HTTP 200 and
 * bencode. A {@link TrackerException} becomes its {@code failure reason}; anything else is logged
 * and answered with a generic failure, never a stack trace or an error page.
 */
abstract class TrackerServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(TrackerServlet.class.getName());
    private static final TrackerException INTERNAL = new TrackerException(TrackerException.Kind.INTERNAL, "internal tracker error", 5);

    private transient Components components;
    private transient ClientAddress clientAddress;

    @Override
    public void init() throws ServletException {
        components = (Components) getServletContext().getAttribute(Components.ATTRIBUTE);
        if (components == null) {
            throw new UnavailableException("Karuta components missing: is KarutaListener registered?");
        }
        clientAddress = new ClientAddress(components.config().http().trustedProxies());
    }

    /** What the composition root built. */
    protected final Components components() {
        return components;
    }

    /** The client's address bytes (4 or 16), after trusted-proxy headers. */
    protected final byte[] clientAddress(HttpServletRequest req) {
        if (!clientAddress.readsHeaders()) {
            return clientAddress.resolve(req.getRemoteAddr(), List.of(), List.of());
        }
        return clientAddress.resolve(req.getRemoteAddr(), headers(req, "Forwarded"), headers(req, "X-Forwarded-For"));
    }

    private static List<String> headers(HttpServletRequest req, String name) {
        var values = req.getHeaders(name);
        return values == null || !values.hasMoreElements() ? List.of() : Collections.list(values);
    }

    /**
     * Handles the request: returns the body to send, or null when the response was already written.
     *
     * @throws TrackerException to refuse the request
     */
    protected abstract byte[] handle(HttpServletRequest req, HttpServletResponse resp) throws IOException;

    @Override
    protected final void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        byte[] body;
        try {
            body = handle(req, resp);
            if (body == null) {
                return;
            }
        } catch (TrackerException e) {
            body = FailureWriter.write(e);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "request failed: " + req.getRequestURI(), e);
            body = FailureWriter.write(INTERNAL);
        }
        send(resp, body);
    }

    /** Sends a complete bencoded body with HTTP 200. */
    protected static void send(HttpServletResponse resp, byte[] body) throws IOException {
        prepare(resp);
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }

    /** Sets the status and headers every tracker answer has. */
    protected static void prepare(HttpServletResponse resp) {
        resp.setStatus(HttpServletResponse.SC_OK);
        resp.setContentType("text/plain");
        resp.setHeader("Cache-Control", "no-store");
    }
}
