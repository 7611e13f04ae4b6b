package dev.karuta.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.SSLContext;

/** A client of the admin JSON API with HTTP Basic credentials (or none) and the CSRF header. */
public final class AdminClient {
    /** A status and a JSON body. */
    public record Answer(int status, String body, HttpResponse<String> response) {
    }

    private final HttpClient http;
    private final String base;
    private final String authorization;

    /** A client of {@code base} logging in as {@code user} (null: no credentials). */
    public AdminClient(String base, String user, String password) {
        this(base, user, password, null);
    }

    /** The same over https:// trusting the certificates {@code tls} trusts (null: the JVM's). */
    public AdminClient(String base, String user, String password, SSLContext tls) {
        this.http = Clients.http(tls);
        this.base = base;
        this.authorization = user == null ? null
                : "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The admin of the {@link KarutaServer}'s test realm. */
    public static AdminClient admin(KarutaServer server) {
        return new AdminClient("http://127.0.0.1:" + server.port(), KarutaServer.ADMIN, KarutaServer.ADMIN_PASSWORD);
    }

    public Answer get(String path) throws IOException, InterruptedException {
        return send(request(path).GET().build());
    }

    /** A change with a JSON body and the CSRF header. */
    public Answer send(String method, String path, String json) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json").header("X-Karuta-Admin", "1")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** A request to {@code path} with credentials, to be finished by the caller. */
    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b;
    }

    public Answer send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body(), r);
    }
}
