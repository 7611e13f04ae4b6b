package dev.karuta.admin;

import dev.karuta.admin.ApiBodies.ApiError;
import dev.karuta.app.Components;
import dev.karuta.core.InfoHash;
import dev.karuta.http.ClientScheme;
import dev.karuta.http.LoggedPath;
import dev.karuta.sql.StoreException;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The conventions every admin JSON API servlet shares: one Jsonb per servlet, the CSRF check on
 * changes ({@link CsrfGuard}, with the client's scheme as {@link ClientScheme} finds it), bodies of
 * JSON only and of bounded size, every refusal a 4xx with {@code {"error": "..."}} that changes
 * nothing, a store that refuses a change a 503, and what is left of a body drained so the connection
 * stays usable. A subclass routes the path's segments to an answer.
 */
abstract class JsonApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(JsonApiServlet.class.getName());

    private final int maxBody;
    private final transient ClientScheme scheme;
    transient Jsonb jsonb;

    /** A servlet that reads bodies of at most {@code maxBody} bytes and finds the client's scheme by {@code scheme}. */
    JsonApiServlet(int maxBody, ClientScheme scheme) {
        this.maxBody = maxBody;
        this.scheme = scheme;
    }

    @Override
    public void init() throws ServletException {
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

    /** Refuses every request before anything else when this API is not available; by default it is. */
    void checkAvailable() {
    }

    /** The answer (serialized with JSON-B) to {@code method} on the path's {@code segments}. */
    abstract Object route(String method, List<String> segments, HttpServletRequest req) throws IOException;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        Object answer;
        int status = 200;
        try {
            checkAvailable();
            String method = req.getMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                CsrfGuard.check(req, scheme.of(req));
            }
            answer = route(method, segments(req.getPathInfo()), req);
        } catch (ApiException e) {
            status = e.status();
            answer = new ApiError(e.getMessage());
        } catch (IllegalArgumentException e) {
            status = 400;
            answer = new ApiError(e.getMessage());
        } catch (StoreException e) {
            LOG.log(Level.ERROR, "admin change not saved", e);
            status = 503;
            answer = new ApiError("the change could not be saved; nothing was changed");
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "admin API request failed: " + LoggedPath.redact(req.getRequestURI()), e);
            status = 500;
            answer = new ApiError("internal error");
        }
        byte[] body = jsonb.toJson(answer).getBytes(StandardCharsets.UTF_8);
        RequestBodies.drain(req, resp, maxBody);
        resp.setStatus(status);
        resp.setContentType("application/json;charset=utf-8");
        resp.setContentLength(body.length);
        if (!req.getMethod().equals("HEAD")) {
            resp.getOutputStream().write(body);
        }
    }

    /** The body bound to {@code type} by the servlet's Jsonb (lenient with types: see {@link JsonRequest}). */
    final <T> T read(HttpServletRequest req, Class<T> type) throws IOException {
        T value;
        try {
            value = jsonb.fromJson(new String(body(req), StandardCharsets.UTF_8), type);
        } catch (JsonbException e) {
            throw ApiException.badRequest("malformed JSON body");
        }
        if (value == null) {
            throw ApiException.badRequest("empty JSON body");
        }
        return value;
    }

    /** The raw body: JSON only ({@code 415} otherwise), at most the servlet's limit ({@code 413}). */
    final byte[] body(HttpServletRequest req) throws IOException {
        String contentType = req.getContentType();
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new ApiException(415, "send the body as application/json");
        }
        if (req.getContentLengthLong() > maxBody) {
            throw new ApiException(413, "body larger than " + maxBody + " bytes");
        }
        InputStream in = req.getInputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) > 0) {
            if (out.size() + n > maxBody) {
                throw new ApiException(413, "body larger than " + maxBody + " bytes");
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /** Refuses a path of another length (404) or another method (405; HEAD counts as GET). */
    static void only(String method, List<String> path, int length, String allowed) {
        if (path.size() != length) {
            throw ApiException.notFound("no such API: " + String.join("/", path));
        }
        if (!method.equals(allowed) && !(allowed.equals("GET") && method.equals("HEAD"))) {
            throw methodNotAllowed(method);
        }
    }

    /** The info_hash of 40 hex digits (either case); anything else is a 400. */
    static InfoHash hash(String hex) {
        try {
            return InfoHash.fromHex(hex);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("not an info_hash (40 hex digits)");
        }
    }

    static ApiException methodNotAllowed(String method) {
        return new ApiException(405, "method " + method + " is not allowed here");
    }

    static int intParam(HttpServletRequest req, String name, int fallback) {
        String raw = param(req, name);
        if (raw == null || raw.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be a whole number");
        }
    }

    /** A query parameter; a query the container cannot decode (bad UTF-8, bad escapes) is a 400. */
    static String param(HttpServletRequest req, String name) {
        try {
            return req.getParameter(name);
        } catch (RuntimeException e) {
            throw ApiException.badRequest("malformed query string");
        }
    }

    private static List<String> segments(String pathInfo) {
        if (pathInfo == null) {
            return List.of();
        }
        return java.util.Arrays.stream(pathInfo.split("/")).filter(s -> !s.isEmpty()).toList();
    }
}
