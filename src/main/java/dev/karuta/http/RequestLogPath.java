package dev.karuta.http;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Gives the container's request log the path and query of every request without its secrets: the
 * request attribute {@value #ATTRIBUTE} holds them as {@link LoggedPath#forRequestLog(String, String)}
 * writes them ({@code /<passkey>/announce?info_hash=...}). Jetty's {@code CustomRequestLog} prints it with
 * {@code %{karuta.logPath}attr} and Tomcat's {@code AccessLogValve} with {@code %{karuta.logPath}r}, in
 * place of the raw {@code %r}, {@code %U} and {@code %q}. Mapped to every path for the request and the
 * error dispatch, first of the webapp's filters: a request the container refuses before the webapp's
 * filters (the admin login's 401) gets its path, without query, when the error page answers it; one
 * that never enters the webapp has none, and the log shows {@code -}. The text is only made when a log
 * asks for it, so the attribute costs a request one small object when no request log is on.
 */
public final class RequestLogPath extends HttpFilter {
    private static final long serialVersionUID = 1L;
    /** The request attribute that a request log prints. */
    public static final String ATTRIBUTE = "karuta.logPath";

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse resp, FilterChain chain)
            throws IOException, ServletException {
        if (req.getAttribute(ATTRIBUTE) == null) {
            if (req.getDispatcherType() == DispatcherType.ERROR) {
                Object uri = req.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
                req.setAttribute(ATTRIBUTE, new Text(uri instanceof String s ? s : null, null));
            } else {
                req.setAttribute(ATTRIBUTE, new Text(req.getRequestURI(), req.getQueryString()));
            }
        }
        chain.doFilter(req, resp);
    }

    /** The raw path and query, redacted when printed. */
    private record Text(String path, String query) {
        @Override
        public String toString() {
            return LoggedPath.forRequestLog(path, query);
        }
    }
}
