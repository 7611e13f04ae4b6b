package dev.karuta.admin;

import dev.karuta.admin.ApiBodies.AccessListView;
import dev.karuta.admin.ApiBodies.EntryList;
import dev.karuta.admin.ApiBodies.ListChange;
import dev.karuta.admin.ApiBodies.ModeChange;
import dev.karuta.core.InfoHash;
import dev.karuta.core.TimeSource;
import dev.karuta.http.ClientScheme;
import dev.karuta.policy.ListMode;
import dev.karuta.store.AccessListStore;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The admin JSON API under {@code /admin/api/}: stats, history, the swarm browser, the torrent and
 * client lists, the banned addresses, and the effective configuration. Access is the container's business (role
 * {@code karuta-admin} in web.xml); this servlet adds the CSRF check on changes ({@link CsrfGuard}).
 * Every refusal is a 4xx with {@code {"error": "..."}} and changes nothing.
 */
public final class AdminApiServlet extends JsonApiServlet {
    private static final long serialVersionUID = 1L;
    /** Largest request body: a bulk paste of 100k info_hashes fits. */
    static final int MAX_BODY = 8 << 20;

    private final transient AdminParts admin;
    private final transient Map<String, String> effectiveConfig;
    private final transient TimeSource time;

    /**
     * The admin API over {@code admin}, showing {@code effectiveConfig} (secrets masked), reading
     * {@code time} and finding the client's scheme (for the CSRF check) by {@code scheme}.
     */
    public AdminApiServlet(AdminParts admin, Map<String, String> effectiveConfig, TimeSource time,
                           ClientScheme scheme) {
        super(MAX_BODY, scheme);
        this.admin = admin;
        this.effectiveConfig = effectiveConfig;
        this.time = time;
    }

    @Override
    Object route(String method, List<String> path, HttpServletRequest req) throws IOException {
        String first = path.isEmpty() ? "" : path.get(0);
        switch (first) {
            case "stats" -> {
                only(method, path, 1, "GET");
                return AdminViews.stats(admin, time.epochMillis());
            }
            case "history" -> {
                only(method, path, 1, "GET");
                return new ApiBodies.History(ActivityHistory.PERIOD_SECONDS, admin.history().samples());
            }
            case "config" -> {
                only(method, path, 1, "GET");
                return effectiveConfig;
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
            case "bans" -> {
                return list(admin.lists().editable(AccessListStore.Kind.BANS), method, oneEntry(path), req);
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

    /** {@code bans/10.0.0.0/8}: a CIDR's slash splits the path; its parts are one entry again. */
    private static List<String> oneEntry(List<String> path) {
        return path.size() == 3 && !path.get(1).equals("mode")
                ? List.of(path.get(0), path.get(1) + "/" + path.get(2)) : path;
    }

    private static ListChange change(AccessLists.Editable list, int changed) {
        return new ListChange(list.mode().label(), changed, list.entries().size());
    }

    /** The entries of the list's own field; another list's field is a mistake, not an empty list. */
    private static List<String> entries(AccessLists.Editable list, EntryList body) {
        Map<String, List<String>> fields = new HashMap<>();
        fields.put("infoHashes", body.infoHashes());
        fields.put("prefixes", body.prefixes());
        fields.put("addresses", body.addresses());
        List<String> mine = fields.remove(list.field());
        if (mine == null || fields.values().stream().anyMatch(Objects::nonNull)) {
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
}
