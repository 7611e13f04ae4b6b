package dev.karuta.http;

import dev.karuta.core.TrackerException;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The webapp's error page: whatever the container refuses inside the webapp (a bad path, an
 * unmapped route, an exception) is answered like a tracker refusal, HTTP 200 with a bencoded
 * {@code failure reason}, so clients never parse an HTML error page.
 */
public final class ErrorServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Object code = req.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (isAdminPath(req)) {
            // Not a tracker route: keep the status and headers (a 401's WWW-Authenticate above all).
            int status = code instanceof Integer c ? c : HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
            byte[] json = ("{\"error\":\"" + (status == 401 ? "login required" : status == 403 ? "forbidden"
                    : "HTTP " + status) + "\"}").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            resp.setStatus(status);
            resp.setContentType("application/json");
            resp.setContentLength(json.length);
            resp.getOutputStream().write(json);
            return;
        }
        String reason = code instanceof Integer c && c == HttpServletResponse.SC_NOT_FOUND
                ? "unknown tracker route; use /announce or /scrape"
                : "bad request";
        byte[] body = FailureWriter.write(new TrackerException(reason));
        resp.reset();
        resp.setStatus(HttpServletResponse.SC_OK);
        resp.setContentType("text/plain");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }

    /** Whether the failed request was for the admin pages or API, or the metrics. */
    private static boolean isAdminPath(HttpServletRequest req) {
        Object uri = req.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (!(uri instanceof String s) || !s.startsWith(req.getContextPath())) {
            return false;
        }
        String path = s.substring(req.getContextPath().length());
        return path.equals("/admin") || path.startsWith("/admin/") || path.equals("/metrics");
    }
}
