package dev.karuta.metrics;

import dev.karuta.testing.ChildProcess;
import dev.karuta.testing.ExternalTools;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real Prometheus server (Debian package {@code prometheus}) scraping Karuta nodes every second under
 * the job {@code karuta}, with rule files loaded, in a directory of the test's; killed on close. Tests
 * ask it what the dashboard and the alerts would see, through its HTTP API.
 */
final class PrometheusServer implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final ChildProcess process;
    private final URI base;

    private PrometheusServer(ChildProcess process, URI base) {
        this.process = process;
        this.base = base;
    }

    /** Skips (or fails, when required) unless the {@code prometheus} program is on the PATH. */
    static void require() {
        ExternalTools.requireProgram("prometheus", "prometheus");
    }

    /**
     * Starts Prometheus in {@code dir} scraping {@code targets} ({@code host:port}) at {@code /metrics}
     * every second and evaluating {@code ruleFiles} every second; returns once it is ready.
     */
    static PrometheusServer start(Path dir, List<String> targets, List<Path> ruleFiles) throws Exception {
        String config = "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
                + "rule_files:\n" + ruleFiles.stream().map(f -> "  - " + Json.createValue(f.toAbsolutePath().toString())
                        + "\n").collect(Collectors.joining())
                + "scrape_configs:\n  - job_name: karuta\n    metrics_path: /metrics\n    static_configs:\n"
                + "      - targets: [" + targets.stream().map(t -> "'" + t + "'").collect(Collectors.joining(", "))
                + "]\n";
        Files.writeString(dir.resolve("prometheus.yml"), config);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ChildProcess process = ChildProcess.start("prometheus", List.of("prometheus",
                "--config.file=" + dir.resolve("prometheus.yml").toAbsolutePath(),
                "--storage.tsdb.path=" + dir.resolve("data").toAbsolutePath(),
                "--web.listen-address=127.0.0.1:" + port), dir, dir.resolve("prometheus.log"));
        PrometheusServer server = new PrometheusServer(process, URI.create("http://127.0.0.1:" + port));
        try {
            server.awaitReady(Duration.ofSeconds(60));
        } catch (Exception | AssertionError e) {
            process.close();
            throw e;
        }
        return server;
    }

    private void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("prometheus exited:\n" + process.log());
            }
            try {
                if (HTTP.send(HttpRequest.newBuilder(base.resolve("/-/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new AssertionError("prometheus not ready within " + timeout + ":\n" + process.log());
    }

    /** The {@code data} of an instant query of {@code promql} now; fails on an error answer. */
    JsonObject query(String promql) throws IOException, InterruptedException {
        return get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8), promql);
    }

    /** The {@code data} of {@code /api/v1/rules}: the rule groups with each rule's health and state. */
    JsonObject rules() throws IOException, InterruptedException {
        return get("/api/v1/rules", "rules");
    }

    private JsonObject get(String pathAndQuery, String what) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(base.resolve(pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonObject answer;
        try (JsonReader reader = Json.createReader(new StringReader(r.body()))) {
            answer = reader.readObject();
        }
        if (r.statusCode() != 200 || !"success".equals(answer.getString("status"))) {
            throw new AssertionError("prometheus refused " + what + ": " + r.body());
        }
        return answer.getJsonObject("data");
    }

    @Override
    public void close() {
        process.close();
    }
}
