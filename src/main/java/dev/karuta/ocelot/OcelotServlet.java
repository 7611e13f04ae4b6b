package dev.karuta.ocelot;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Ocelot's control API over the webapp's HTTP, so that a Gazelle site drives Karuta as it drives Ocelot:
 * {@code /<karuta.ocelot.site.secret>/update?action=...} and
 * {@code /<karuta.ocelot.report.secret>/report?get=...} ({@link OcelotControl}). Registered as {@code ocelot}
 * without a mapping: only {@link dev.karuta.http.PasskeyRoutes} reaches it, in private
 * mode. Every answer is HTTP 200 {@code text/plain}: a body, or a bencoded {@code failure reason}
 * ({@code Authentication failure} for a wrong secret, as Ocelot answers).
 */
public final class OcelotServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient OcelotControl control;

    /** The servlet of {@code control}. */
    public OcelotServlet(OcelotControl control) {
        this.control = control;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        byte[] body = control.respond(req.getRequestURI().substring(req.getContextPath().length()),
                req.getQueryString());
        resp.setStatus(HttpServletResponse.SC_OK);
        resp.setContentType("text/plain");
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }
}
