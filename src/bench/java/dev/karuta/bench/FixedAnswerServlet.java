package dev.karuta.bench;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The HTTP floor of {@code bench/compare.sh}: the only class of a WAR of its own (packaged by the
 * script with a metadata-complete web.xml, deployed on the same jetty-home and jetty-base settings as
 * Karuta's WAR), answering every request with a fixed body, given as the init-parameter
 * {@code body} (ISO-8859-1), with a tracker answer's headers (200, text/plain, no-store, content
 * length), doing nothing else. Mapped once at {@code /announce} and once at {@code /scrape}, each
 * with its own body. It uses nothing but the Servlet API.
 */
public final class FixedAnswerServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private byte[] body;

    @Override
    public void init() throws ServletException {
        String text = getInitParameter("body");
        if (text == null) {
            throw new ServletException("init-parameter body is missing");
        }
        body = text.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setStatus(HttpServletResponse.SC_OK);
        resp.setContentType("text/plain");
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }
}
