package dev.karuta.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.karuta.metrics.MonitoringFiles.Query;
import dev.karuta.testing.Cleanup;
import dev.karuta.testing.KarutaServer;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard and the alerts on a real Prometheus scraping running nodes (public with UDP, private,
 * on Redis) after real traffic: every dashboard query answers with data, and every alert rule
 * evaluates without error and fires on none of these healthy nodes.
 */
class DashboardPrometheusTest {
    private static final long DEADLINE_SECONDS = 60;

    private final Cleanup cleanup = new Cleanup();

    @TempDir
    Path tmp;

    @AfterEach
    void close() throws Exception {
        cleanup.close();
    }

    @Test
    void everyDashboardQueryHasDataAndEveryAlertEvaluatesOnARealPrometheus() throws Exception {
        PrometheusServer.require();
        List<KarutaServer> nodes = List.of(TrafficNodes.redisNode(cleanup), TrafficNodes.publicNode(cleanup),
                TrafficNodes.privateNode(cleanup));
        PrometheusServer prometheus = PrometheusServer.start(tmp,
                nodes.stream().map(n -> "127.0.0.1:" + n.port()).toList(), List.of(MonitoringFiles.ALERTS));
        cleanup.push(prometheus);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);

        // rate() has data from a series' second scrape on: poll until every query has some.
        List<Query> queries = MonitoringFiles.dashboardQueries(MonitoringFiles.dashboard());
        List<String> empty = withoutData(prometheus, queries);
        while (!empty.isEmpty() && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(250);
            empty = withoutData(prometheus, queries);
        }
        assertEquals(List.of(), empty, "dashboard queries without data");

        Map<String, JsonObject> rules = rules(prometheus);
        while (rules.values().stream().anyMatch(r -> !"ok".equals(r.getString("health")))
                && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(250);
            rules = rules(prometheus);
        }
        List<String> alerts = MonitoringFiles.alertNames().stream().sorted().toList();
        assertEquals(alerts, List.copyOf(rules.keySet()), "Prometheus loaded every alert");
        for (Map.Entry<String, JsonObject> rule : rules.entrySet()) {
            JsonObject r = rule.getValue();
            assertEquals("ok", r.getString("health"), rule.getKey() + ": " + r.getString("lastError", ""));
            if (!List.of("KarutaAnnounceLatencyHigh", "KarutaHeapNearLimit").contains(rule.getKey())) {
                // The slowest of a few first requests or this JVM's heap may be pending; nothing else may.
                assertEquals("inactive", r.getString("state"), rule.getKey() + " on healthy nodes");
            }
        }
    }

    /** The queries (Grafana's variables given values) for which Prometheus has no series now. */
    private static List<String> withoutData(PrometheusServer prometheus, List<Query> queries) throws Exception {
        List<String> empty = new ArrayList<>();
        for (Query q : queries) {
            if (prometheus.query(PromQl.withoutGrafanaVariables(q.expr())).getJsonArray("result").isEmpty()) {
                empty.add(q.where() + ": " + q.expr());
            }
        }
        return empty;
    }

    /** Every rule Prometheus evaluates, by name, with its health, last error and state. */
    private static Map<String, JsonObject> rules(PrometheusServer prometheus) throws Exception {
        Map<String, JsonObject> rules = new TreeMap<>();
        for (JsonValue group : prometheus.rules().getJsonArray("groups")) {
            for (JsonValue rule : group.asJsonObject().getJsonArray("rules")) {
                rules.put(rule.asJsonObject().getString("name"), rule.asJsonObject());
            }
        }
        return rules;
    }
}
