package dev.karuta.health;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@value #LIVE} and {@value #READY}, for load balancers and orchestrators: live answers 200 whenever
 * the webapp answers at all; ready answers 200 when every part of the node is up and 503 otherwise,
 * with every part's state as JSON ({@link Report#json()}). No login (they are outside {@code /admin}),
 * never cached ({@code Cache-Control: no-store}), cheap: no database round trip, at most one shared
 * Redis PING a second. Statuses are set, not sent as errors, so the webapp's bencode error page leaves
 * them alone.
 */
public final class HealthServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(HealthServlet.class.getName());
    /** The liveness path. */
    public static final String LIVE = "/health/live";
    /** The readiness path. */
    public static final String READY = "/health/ready";

    private final transient Readiness readiness;
    private transient Jsonb jsonb;

    /** The endpoints over {@code readiness}. */
    public HealthServlet(Readiness readiness) {
        this.readiness = readiness;
    }

    @Override
    public void init() {
        jsonb = JsonbBuilder.create();
    }

    @Override
    public void destroy() {
        try {
            jsonb.close();
        } catch (Exception e) {
            LOG.log(Level.DEBUG, "closing Jsonb", e);
        }
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Map<String, Object> body;
        int status;
        if (READY.equals(req.getServletPath())) {
            Report report = readiness.check();
            body = report.json();
            status = report.ready() ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE;
        } else {
            body = Map.of("status", "up");
            status = HttpServletResponse.SC_OK;
        }
        byte[] json = jsonb.toJson(body).getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.setContentLength(json.length);
        resp.getOutputStream().write(json);
    }
}
