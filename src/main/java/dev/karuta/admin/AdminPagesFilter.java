package dev.karuta.admin;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The admin pages are read-only files: anything but GET and HEAD on them is a 405 with a JSON error
 * (the container's default would be a bodiless 405, or a 501 for methods it does not know), and
 * every admin answer says not to be cached or sniffed. The APIs under {@code /admin/api/} (the admin API
 * and the private tracker's at {@code /admin/api/private/}) answer for themselves.
 */
public final class AdminPagesFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse resp, FilterChain chain)
            throws IOException, ServletException {
        // The normalized path (dot segments resolved), as the container maps it to a servlet.
        String servletPath = req.getServletPath();
        if (servletPath.equals("/admin/api") || servletPath.startsWith("/admin/api/")) {
            chain.doFilter(req, resp);
            return;
        }
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("X-Frame-Options", "DENY");
        resp.setHeader("Cache-Control", "no-store");
        if (req.getMethod().equals("GET") || req.getMethod().equals("HEAD")) {
            chain.doFilter(req, resp);
            return;
        }
        byte[] body = "{\"error\":\"the admin pages are read-only: use GET\"}".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        RequestBodies.drain(req, resp, AdminApiServlet.MAX_BODY);
        resp.setStatus(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
        resp.setHeader("Allow", "GET, HEAD");
        resp.setContentType("application/json");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }
}
