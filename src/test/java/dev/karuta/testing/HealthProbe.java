package dev.karuta.testing;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * A load balancer's view of {@code /health/live} and {@code /health/ready}: a plain GET without
 * credentials, the status, the headers and the JSON body, and how long the answer took.
 */
public final class HealthProbe {
    private static final Jsonb JSON = JsonbBuilder.create();

    /** One answer. */
    public record Answer(int status, Map<String, Object> json, HttpResponse<String> response, Duration took) {
        /** The state of the part called {@code name} ({@code status} and its details), or null when absent. */
        @SuppressWarnings("unchecked")
        public Map<String, Object> part(String name) {
            return ((Map<String, Map<String, Object>>) json.get("parts")).get(name);
        }

        /** The names of the parts, in order. */
        @SuppressWarnings("unchecked")
        public java.util.Set<String> parts() {
            return ((Map<String, Object>) json.get("parts")).keySet();
        }

        /** The header {@code name}, or null. */
        public String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    /** A probe of the tracker at {@code base} ({@code http://host:port}). */
    public HealthProbe(String base) {
        this.base = base;
    }

    /** A probe of {@code server}. */
    public static HealthProbe of(KarutaServer server) {
        return new HealthProbe("http://127.0.0.1:" + server.port());
    }

    /** GET {@code /health/live}. */
    public Answer live() throws IOException, InterruptedException {
        return get("/health/live");
    }

    /** GET {@code /health/ready}. */
    public Answer ready() throws IOException, InterruptedException {
        return get("/health/ready");
    }

    /** GET {@code path}, expecting a JSON object. */
    @SuppressWarnings("unchecked")
    public Answer get(String path) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        return new Answer(r.statusCode(), JSON.fromJson(r.body(), Map.class), r, took);
    }
}
