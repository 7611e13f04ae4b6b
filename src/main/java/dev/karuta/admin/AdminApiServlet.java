package dev.karuta.admin;

import dev.karuta.admin.ApiBodies.AccessListView;
import dev.karuta.admin.ApiBodies.ApiError;
import dev.karuta.admin.ApiBodies.EntryList;
import dev.karuta.admin.ApiBodies.ListChange;
import dev.karuta.admin.ApiBodies.ModeChange;
import dev.karuta.core.InfoHash;
import dev.karuta.policy.ListMode;
import dev.karuta.store.AccessListStore;
import dev.karuta.store.StoreException;
import dev.karuta.web.Components;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;
import jakarta.servlet.ServletException;
import jakarta.servlet.UnavailableException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The admin JSON API under {@code /admin/api/}: stats, history, the swarm browser, the torrent and
 * client lists, and the effective configuration. Access is the container's business (role
 * {@code karuta-admin} in web.xml); this servlet adds the CSRF check on changes ({@link CsrfGuard}).
 * Every refusal is a 4xx with {@code {"error": "..."}} and changes nothing.
 */
public final class AdminApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(AdminApiServlet.class.getName());
    /** Largest request body: a bulk paste of 100k info_hashes fits. */
    static final int MAX_BODY = 8 << 20;

    private transient Jsonb jsonb;
    private transient Components components;
    private transient AdminParts admin;

    @Override
    public void init() throws ServletException {
        components = (Components) getServletContext().getAttribute(Components.ATTRIBUTE);
        if (components == null) {
            throw new UnavailableException("Karuta components missing: is KarutaListener registered?");
        }
        admin = components.admin();
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
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        Object answer;
        int status = 200;
        try {
            String method = req.getMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                CsrfGuard.check(req);
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
            LOG.log(Level.ERROR, "admin API request failed: " + req.getRequestURI(), e);
            status = 500;
            answer = new ApiError("internal error");
        }
        byte[] body = jsonb.toJson(answer).getBytes(StandardCharsets.UTF_8);
        RequestBodies.drain(req, resp, MAX_BODY);
        resp.setStatus(status);
        resp.setContentType("application/json;charset=utf-8");
        resp.setContentLength(body.length);
        if (!req.getMethod().equals("HEAD")) {
            resp.getOutputStream().write(body);
        }
    }

    private Object route(String method, List<String> path, HttpServletRequest req) throws IOException {
        String first = path.isEmpty() ? "" : path.get(0);
        switch (first) {
            case "stats" -> {
                only(method, path, 1, "GET");
                return AdminViews.stats(admin, System.currentTimeMillis());
            }
            case "history" -> {
                only(method, path, 1, "GET");
                return new ApiBodies.History(ActivityHistory.PERIOD_SECONDS, admin.history().samples());
            }
            case "config" -> {
                only(method, path, 1, "GET");
                return components.config().effective();
            }
            case "swarms" -> {
                return swarms(method, path, req);
            }
            case "torrents" -> {
                return list(admin.lists().editable(AccessListStore.Kind.TORRENTS), method, path, req);
            }
            case "clients" -> {
                return list(admin.lists().editable(AccessListStore.Kind.CLIENTS), method, path, req);
            }
            default -> throw ApiException.notFound("no such API: " + String.join("/", path));
        }
    }

    private Object swarms(String method, List<String> path, HttpServletRequest req) {
        if (path.size() == 1) {
            only(method, path, 1, "GET");
            return admin.browser().page(intParam(req, "offset", 0), intParam(req, "limit", 50), param(req, "q"));
        }
        only(method, path, 2, "GET");
        InfoHash hash = hash(path.get(1));
        SwarmBrowser.SwarmDetail detail = admin.browser().detail(hash);
        if (detail == null) {
            throw ApiException.notFound("no swarm for " + hash.toHex());
        }
        return detail;
    }

    /**
     * {@code GET}, {@code POST} (add) and {@code DELETE} (remove) on the list, {@code PUT .../mode},
     * and {@code DELETE .../{entry}} for one entry.
     */
    private Object list(AccessLists.Editable list, String method, List<String> path, HttpServletRequest req)
            throws IOException {
        if (path.size() == 2 && path.get(1).equals("mode")) {
            only(method, path, 2, "PUT");
            list.setMode(mode(read(req, ModeChange.class)));
            return change(list, 0);
        }
        if (path.size() == 2) {
            only(method, path, 2, "DELETE");
            return change(list, list.remove(List.of(path.get(1))));
        }
        if (path.size() != 1) {
            throw ApiException.notFound("no such API: " + String.join("/", path));
        }
        switch (method) {
            case "GET", "HEAD" -> {
                List<String> entries = list.entries();
                return new AccessListView(list.mode().label(), entries.size(), entries);
            }
            case "POST" -> {
                return change(list, list.add(entries(list, read(req, EntryList.class))));
            }
            case "DELETE" -> {
                return change(list, list.remove(entries(list, read(req, EntryList.class))));
            }
            default -> throw methodNotAllowed(method);
        }
    }

    private static ListChange change(AccessLists.Editable list, int changed) {
        return new ListChange(list.mode().label(), changed, list.entries().size());
    }

    /** The entries of the list's own field; the other field is a mistake, not an empty list. */
    private static List<String> entries(AccessLists.Editable list, EntryList body) {
        boolean hashes = list.field().equals("infoHashes");
        List<String> mine = hashes ? body.infoHashes() : body.prefixes();
        List<String> other = hashes ? body.prefixes() : body.infoHashes();
        if (mine == null || other != null) {
            throw ApiException.badRequest("expected {\"" + list.field() + "\": [...]}");
        }
        return mine;
    }

    private static ListMode mode(ModeChange body) {
        if (body.mode() == null) {
            throw ApiException.badRequest("expected {\"mode\": \"off\" | \"allow\" | \"deny\"}");
        }
        return ListMode.parse(body.mode());
    }

    private static InfoHash hash(String hex) {
        try {
            return InfoHash.fromHex(hex);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("not an info_hash (40 hex digits)");
        }
    }

    private static void only(String method, List<String> path, int length, String allowed) {
        if (path.size() != length) {
            throw ApiException.notFound("no such API: " + String.join("/", path));
        }
        if (!method.equals(allowed) && !(allowed.equals("GET") && method.equals("HEAD"))) {
            throw methodNotAllowed(method);
        }
    }

    private static ApiException methodNotAllowed(String method) {
        return new ApiException(405, "method " + method + " is not allowed here");
    }

    private static int intParam(HttpServletRequest req, String name, int fallback) {
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
    private static String param(HttpServletRequest req, String name) {
        try {
            return req.getParameter(name);
        } catch (RuntimeException e) {
            throw ApiException.badRequest("malformed query string");
        }
    }

    private <T> T read(HttpServletRequest req, Class<T> type) throws IOException {
        String contentType = req.getContentType();
        if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new ApiException(415, "send the body as application/json");
        }
        if (req.getContentLengthLong() > MAX_BODY) {
            throw new ApiException(413, "body larger than " + MAX_BODY + " bytes");
        }
        byte[] body = readAtMost(req.getInputStream(), MAX_BODY);
        T value;
        try {
            value = jsonb.fromJson(new String(body, StandardCharsets.UTF_8), type);
        } catch (JsonbException e) {
            throw ApiException.badRequest("malformed JSON body");
        }
        if (value == null) {
            throw ApiException.badRequest("empty JSON body");
        }
        return value;
    }

    private static byte[] readAtMost(InputStream in, int max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) > 0) {
            if (out.size() + n > max) {
                throw new ApiException(413, "body larger than " + max + " bytes");
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private static List<String> segments(String pathInfo) {
        if (pathInfo == null) {
            return List.of();
        }
        return java.util.Arrays.stream(pathInfo.split("/")).filter(s -> !s.isEmpty()).toList();
    }
}
