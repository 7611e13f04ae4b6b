package dev.karuta.http;

import dev.karuta.core.PeerAddress;
import dev.karuta.core.TrackerException;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.servlet.jakarta.exporter.MetricsServlet;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code /metrics}: the Prometheus exposition of the webapp's own registry (simpleclient's
 * {@link MetricsServlet}) for clients whose address, resolved as the tracker routes resolve it, is in
 * {@code karuta.metrics.allowFrom}; anyone else gets 403, and every request gets 404 when metrics are
 * disabled. Those statuses are set, not sent as errors, so the webapp's bencode error page leaves
 * them alone. The composition root builds it and registers it with {@code ServletContext.addServlet}.
 */
public final class MetricsEndpoint extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** The exporter, or null when metrics are disabled. */
    private final transient MetricsServlet exporter;
    private final transient TrustedProxies allowFrom;
    private final transient ClientAddress clientAddress;

    private MetricsEndpoint(MetricsServlet exporter, TrustedProxies allowFrom, ClientAddress clientAddress) {
        this.exporter = exporter;
        this.allowFrom = allowFrom;
        this.clientAddress = clientAddress;
    }

    /**
     * The endpoint serving {@code registry} to the clients {@code settings} allow, their address
     * resolved as the tracker routes resolve it ({@code http}'s trusted proxies and proxy header).
     */
    public static MetricsEndpoint serving(CollectorRegistry registry, MetricsSettings settings, HttpSettings http) {
        return new MetricsEndpoint(new MetricsServlet(registry), settings.allowFrom(), http.clientAddress());
    }

    /** The endpoint that answers 404 to everything: metrics are disabled. */
    public static MetricsEndpoint disabled() {
        return new MetricsEndpoint(null, TrustedProxies.none(),
                new ClientAddress(TrustedProxies.none(), ProxyHeader.X_FORWARDED_FOR));
    }

    @Override
    public void init(ServletConfig config) throws ServletException {
        super.init(config);
        if (exporter != null) {
            exporter.init(config);
        }
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        if (exporter == null) {
            plain(resp, HttpServletResponse.SC_NOT_FOUND, "metrics are disabled\n");
        } else if (!allowed(req)) {
            plain(resp, HttpServletResponse.SC_FORBIDDEN, "forbidden\n");
        } else {
            exporter.service(req, resp);
        }
    }

    private boolean allowed(HttpServletRequest req) {
        if (allowFrom.isEmpty()) {
            return true;
        }
        try {
            byte[] client = TrackerServlet.clientAddress(clientAddress, req);
            return allowFrom.contains(PeerAddress.of(client, 0).inetAddress());
        } catch (TrackerException e) {
            return false; // an address that cannot be read is not on the list
        }
    }

    private static void plain(HttpServletResponse resp, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.US_ASCII);
        resp.setStatus(status);
        resp.setContentType("text/plain");
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }

    @Override
    public void destroy() {
        if (exporter != null) {
            exporter.destroy();
        }
    }
}
