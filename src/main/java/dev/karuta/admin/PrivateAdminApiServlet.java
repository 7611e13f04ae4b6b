package dev.karuta.admin;

import dev.karuta.accounts.AccountsParts;
import dev.karuta.accounts.Roster;
import dev.karuta.admin.PrivateBodies.Clients;
import dev.karuta.admin.PrivateBodies.ClientsChange;
import dev.karuta.admin.PrivateBodies.Status;
import dev.karuta.http.ClientScheme;
import dev.karuta.swarm.SwarmRegistry;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The private tracker's admin JSON API under {@code /admin/api/private/}: users, torrents, freeleech
 * tokens, the client whitelist and a status, so that a site without Gazelle runs its tracker from the
 * admin pages alone. The conventions are the admin API's ({@link JsonApiServlet}); every change goes
 * through {@link dev.karuta.accounts.Membership}, one at a time, so a store that refuses it (503) leaves
 * everything as it was. On a public tracker every path is a 404 saying private mode is off.
 */
public final class PrivateAdminApiServlet extends JsonApiServlet {
    private static final long serialVersionUID = 1L;
    /** Largest request body: these bodies are one user or torrent, or a few hundred client prefixes. */
    static final int MAX_BODY = 64 << 10;
    private static final Set<String> PREFIXES = Set.of("prefixes");

    private final transient Object changes = new Object();
    private final transient AccountsParts accounts;
    private final transient PrivateUsers users;
    private final transient PrivateTorrents torrents;

    /**
     * The private tracker's admin API over {@code accounts} (null on a public tracker) and {@code registry},
     * finding the client's scheme (for the CSRF check) by {@code scheme}.
     */
    public PrivateAdminApiServlet(AccountsParts accounts, SwarmRegistry registry, ClientScheme scheme) {
        super(MAX_BODY, scheme);
        this.accounts = accounts;
        this.users = accounts == null ? null : new PrivateUsers(accounts.members());
        this.torrents = accounts == null ? null : new PrivateTorrents(accounts.members(), registry);
    }

    @Override
    void checkAvailable() {
        if (accounts == null) {
            throw ApiException.notFound("private mode is off: this tracker is public (karuta.mode=private turns it on)");
        }
    }

    @Override
    Object route(String method, List<String> path, HttpServletRequest req) throws IOException {
        boolean read = method.equals("GET") || method.equals("HEAD");
        if (read) {
            return answer(method, path, req);
        }
        // One change at a time: its checks (the id is free, the token is held) hold when it is made.
        synchronized (changes) {
            return answer(method, path, req);
        }
    }

    private Object answer(String method, List<String> path, HttpServletRequest req) throws IOException {
        String first = path.isEmpty() ? "" : path.get(0);
        String endpoint = method + " " + first + (path.size() > 1 ? "/*" : "") + (path.size() > 2 ? "/*" : "");
        switch (endpoint) {
            case "GET users", "HEAD users" -> {
                return users.page(intParam(req, "offset", 0), intParam(req, "limit", 50), param(req, "q"));
            }
            case "POST users" -> {
                return users.add(json(req, PrivateUsers.NEW_USER));
            }
            case "GET users/*", "HEAD users/*" -> {
                return PrivateBodies.UserView.of(users.existing(PrivateUsers.id(path.get(1))));
            }
            case "PUT users/*", "PATCH users/*" -> {
                return users.update(PrivateUsers.id(path.get(1)), json(req, PrivateUsers.CHANGE));
            }
            case "DELETE users/*" -> {
                return users.remove(PrivateUsers.id(path.get(1)));
            }
            case "POST users/*/*" -> {
                only(path, 3, "passkey");
                return users.newPasskey(PrivateUsers.id(path.get(1)), optionalJson(req, PrivateUsers.NEW_PASSKEY));
            }
            case "GET torrents", "HEAD torrents" -> {
                return torrents.page(intParam(req, "offset", 0), intParam(req, "limit", 50), param(req, "q"));
            }
            case "POST torrents" -> {
                return torrents.add(json(req, PrivateTorrents.NEW_TORRENT));
            }
            case "GET torrents/*", "HEAD torrents/*" -> {
                return torrents.show(hash(path.get(1)));
            }
            case "PUT torrents/*" -> {
                return torrents.setFree(hash(path.get(1)), json(req, PrivateTorrents.CHANGE));
            }
            case "DELETE torrents/*" -> {
                return torrents.delete(hash(path.get(1)), optionalJson(req, PrivateTorrents.DELETION));
            }
            case "GET tokens", "HEAD tokens" -> {
                return torrents.tokens(intParam(req, "offset", 0), intParam(req, "limit", 50), param(req, "q"));
            }
            case "POST tokens" -> {
                return torrents.give(users, json(req, PrivateTorrents.NEW_TOKEN));
            }
            case "DELETE tokens/*/*" -> {
                return torrents.take(PrivateUsers.id(path.get(1)), hash(path.get(2)));
            }
            case "GET clients", "HEAD clients" -> {
                List<String> prefixes = roster().clients().entries();
                return new Clients(prefixes.size(), prefixes);
            }
            case "POST clients" -> {
                int before = roster().clients().entries().size();
                accounts.members().addClients(json(req, PREFIXES).strings("prefixes"));
                int after = roster().clients().entries().size();
                return new ClientsChange(after - before, after);
            }
            case "DELETE clients" -> {
                int removed = accounts.members().removeClients(json(req, PREFIXES).strings("prefixes"));
                return new ClientsChange(removed, roster().clients().entries().size());
            }
            case "DELETE clients/*" -> {
                int removed = accounts.members().removeClients(List.of(path.get(1)));
                return new ClientsChange(removed, roster().clients().entries().size());
            }
            case "GET status", "HEAD status" -> {
                return status();
            }
            default -> throw refusal(method, path);
        }
    }

    /** A 404 for a path no method answers, else a 405. */
    private static ApiException refusal(String method, List<String> path) {
        String first = path.isEmpty() ? "" : path.get(0);
        int depth = path.size();
        boolean known = switch (first) {
            case "users" -> depth <= 2 || depth == 3 && path.get(2).equals("passkey");
            case "torrents", "clients" -> depth <= 2;
            case "tokens" -> depth == 1 || depth == 3;
            case "status" -> depth == 1;
            default -> false;
        };
        return known ? methodNotAllowed(method) : ApiException.notFound("no such API: " + String.join("/", path));
    }

    private static void only(List<String> path, int depth, String last) {
        if (path.size() != depth || !path.get(depth - 1).equals(last)) {
            throw ApiException.notFound("no such API: " + String.join("/", path));
        }
    }

    private Status status() {
        Roster roster = roster();
        return new Status(roster.userCount(), roster.torrentCount(), roster.tokens().size(),
                accounts.mode().transfers().size(), accounts.flusher().waiting(),
                accounts.flusher().written(), accounts.flusher().failures(), accounts.flusher().refused().total(),
                accounts.mode().transfers().refusedUploads() + accounts.mode().transfers().refusedDownloads(),
                accounts.settings().store().name().toLowerCase(Locale.ROOT), accounts.store().editor().isPresent(),
                accounts.flusher().damagedFiles());
    }

    private Roster roster() {
        return accounts.members().roster();
    }

    private JsonRequest json(HttpServletRequest req, Set<String> fields) throws IOException {
        return JsonRequest.parse(body(req), fields);
    }

    /** The body's fields, or none when the request has no body (a bare {@code POST} or {@code DELETE}). */
    private JsonRequest optionalJson(HttpServletRequest req, Set<String> fields) throws IOException {
        if (req.getContentType() == null && req.getContentLengthLong() <= 0) {
            return JsonRequest.empty();
        }
        byte[] body = body(req);
        return body.length == 0 ? JsonRequest.empty() : JsonRequest.parse(body, fields);
    }
}
