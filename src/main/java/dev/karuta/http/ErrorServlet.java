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
}
