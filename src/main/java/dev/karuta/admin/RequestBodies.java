package dev.karuta.admin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;

/** What is left of a request body after an answer that did not need it. */
final class RequestBodies {
    private RequestBodies() {
    }

    /**
     * Reads and drops up to {@code max} bytes of what is left of the body, so the connection stays
     * usable after a refusal; a longer body is left unread and the connection closed.
     */
    static void drain(HttpServletRequest req, HttpServletResponse resp, int max) {
        try {
            InputStream in = req.getInputStream();
            byte[] buf = new byte[8192];
            long left = max;
            int n;
            while (left > 0 && (n = in.read(buf)) > 0) {
                left -= n;
            }
            if (left <= 0) {
                resp.setHeader("Connection", "close");
            }
        } catch (IOException | IllegalStateException e) {
            resp.setHeader("Connection", "close");
        }
    }
}
