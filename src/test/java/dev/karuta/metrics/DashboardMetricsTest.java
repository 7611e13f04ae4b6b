package dev.karuta.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.metrics.MonitoringFiles.Query;
import dev.karuta.testing.Cleanup;
import dev.karuta.testing.Exposition;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard ({@code docs/grafana/karuta.json}) and the Prometheus alerts
 * ({@code docs/prometheus/alerts.yml}) against the real things: promtool accepts the rules and their
 * unit tests pass, every dashboard query is PromQL promtool accepts, and every metric, label and label
 * value they name is on the {@code /metrics} of a running Karuta after real HTTP and UDP traffic (in
 * public mode, private mode and on a Redis registry), so a renamed metric breaks the build.
 */
class DashboardMetricsTest {
    /** Series Prometheus makes itself for every target, never on {@code /metrics}. */
    private static final Set<String> PROMETHEUS_OWN = Set.of("up");
    /** Labels Prometheus adds to every series it scrapes. */
    private static final Set<String> TARGET_LABELS = Set.of("job", "instance");
    /** The metrics only a Redis swarm registry exports. */
    private static final String REDIS_ONLY = "karuta_redis_";
    private static final Pattern LEGEND_LABEL = Pattern.compile("\\{\\{\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*}}");

    private final Cleanup cleanup = new Cleanup();

    @TempDir
    Path tmp;

    @AfterEach
    void close() throws Exception {
        cleanup.close();
    }

    @Test
    void theAlertRulesPassPromtoolAndTheirUnitTests() throws Exception {
        PromTool.require();
        PromTool.Run check = PromTool.run(MonitoringFiles.ALERTS_DIR, "check", "rules", "alerts.yml");
        assertEquals(0, check.exitCode(), check.output());
        assertTrue(check.output().contains("SUCCESS: " + MonitoringFiles.alertQueries().size() + " rules found"),
                check.output());
        PromTool.Run tests = PromTool.run(MonitoringFiles.ALERTS_DIR, "test", "rules", "alerts.test.yml");
        assertEquals(0, tests.exitCode(), tests.output());
        assertTrue(tests.output().contains("SUCCESS"), tests.output());
        String unitTests = Files.readString(MonitoringFiles.ALERT_TESTS);
        for (String name : MonitoringFiles.alertNames()) {
            assertTrue(Pattern.compile("alertname: " + name + "\\n\\s+exp_alerts:\\n\\s+- exp_labels").matcher(unitTests)
                    .find(), name + " is shown to fire in " + MonitoringFiles.ALERT_TESTS);
        }
    }

    @Test
    void promtoolFailsAnAlertUnitTestThatExpectsTheWrongThing() throws Exception {
        PromTool.require();
        Files.copy(MonitoringFiles.ALERTS, tmp.resolve("alerts.yml"));
        String wrong = Files.readString(MonitoringFiles.ALERT_TESTS)
                .replace("fails 5% of its requests", "fails 50% of its requests");
        Files.writeString(tmp.resolve("alerts.test.yml"), wrong);
        PromTool.Run run = PromTool.run(tmp, "test", "rules", "alerts.test.yml");
        assertTrue(run.exitCode() != 0, "a wrong expectation must fail: " + run.output());
        assertTrue(run.output().contains("KarutaInternalErrors"), run.output());
    }

    @Test
    void everyDashboardQueryIsPromQlThatPromtoolAccepts() throws Exception {
        PromTool.require();
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        List<Query> queries = MonitoringFiles.dashboardQueries(MonitoringFiles.dashboard());
        for (int i = 0; i < queries.size(); i++) {
            // A JSON string is a YAML double-quoted scalar.
            rules.append("      - record: dashboard_query_").append(i).append("\n        expr: ")
                    .append(Json.createValue(PromQl.withoutGrafanaVariables(queries.get(i).expr())).toString())
                    .append('\n');
        }
        Files.writeString(tmp.resolve("dashboard.yml"), rules);
        PromTool.Run check = PromTool.run(tmp, "check", "rules", "dashboard.yml");
        assertEquals(0, check.exitCode(), check.output() + "\n" + rules);
        assertTrue(check.output().contains("SUCCESS: " + queries.size() + " rules found"), check.output());
    }

    @Test
    void theDashboardImportsAnywhere() throws Exception {
        JsonObject dashboard = MonitoringFiles.dashboard();
        assertTrue(dashboard.getInt("schemaVersion") >= 36, "a dashboard of Grafana 9 or later");
        assertEquals(JsonValue.NULL, dashboard.get("id"), "no database id: it imports as a new dashboard");
        Map<String, JsonObject> variables = new HashMap<>();
        dashboard.getJsonObject("templating").getJsonArray("list")
                .forEach(v -> variables.put(v.asJsonObject().getString("name"), v.asJsonObject()));
        assertEquals("datasource", variables.get("DS_PROMETHEUS").getString("type"));
        assertEquals("prometheus", variables.get("DS_PROMETHEUS").getString("query"));
        for (String label : List.of("job", "instance")) {
            JsonObject v = variables.get(label);
            assertEquals(label, PromQl.variableLabel(v.getJsonObject("query").getString("query")));
            assertEquals("${DS_PROMETHEUS}", v.getJsonObject("datasource").getString("uid"));
        }
        Set<Integer> ids = new HashSet<>();
        int queries = 0;
        for (JsonObject panel : MonitoringFiles.panels(dashboard)) {
            String title = panel.getString("title");
            assertTrue(ids.add(panel.getInt("id")), "panel ids are unique: " + title);
            if ("row".equals(panel.getString("type"))) {
                continue;
            }
            assertEquals("${DS_PROMETHEUS}", panel.getJsonObject("datasource").getString("uid"), title);
            assertFalse(panel.getString("description", "").isBlank(), "every panel says what it shows: " + title);
            assertFalse(panel.getJsonArray("targets").isEmpty(), title);
            for (JsonValue t : panel.getJsonArray("targets")) {
                String expr = t.asJsonObject().getString("expr");
                assertEquals("${DS_PROMETHEUS}", t.asJsonObject().getJsonObject("datasource").getString("uid"), title);
                // Every selector follows the dashboard's job and instance choice.
                Matcher selectors = Pattern.compile("[a-z_:]+\\{([^}]*)}").matcher(expr);
                assertTrue(selectors.find(), title + ": " + expr);
                do {
                    assertTrue(selectors.group(1).startsWith("job=~\"$job\", instance=~\"$instance\""),
                            title + ": " + selectors.group());
                } while (selectors.find());
                queries++;
            }
        }
        assertTrue(queries >= 30, "the dashboard has its panels: " + queries + " queries");
    }

    @Test
    void everyNameOfTheDashboardAndAlertsIsOnTheMetricsOfARunningTracker() throws Exception {
        List<Query> queries = allQueries().stream().filter(q -> !namesRedisMetric(q)).toList();
        List<Exposition> scraped = List.of(TrafficNodes.metrics(TrafficNodes.publicNode(cleanup)),
                TrafficNodes.metrics(TrafficNodes.privateNode(cleanup)));
        List<String> problems = problems(queries, scraped);
        assertEquals(List.of(), problems, "named by the dashboard or the alerts, missing from /metrics");

        // The check would catch a misspelt or renamed metric, label or label value.
        List<Query> misspelt = new ArrayList<>(queries);
        misspelt.add(new Query("misspelt", "sum by (protocl) (rate(karuta_request_total{job=~\"$job\"}[5m]))"
                + " / karuta_requests_total{result=\"interal\"}"));
        assertEquals(List.of("misspelt: metric karuta_request_total", "misspelt: label protocl",
                "misspelt: result=\"interal\""), problems(misspelt, scraped));
    }

    @Test
    void theRedisMetricsOfTheDashboardAndAlertsAreOnARedisNode() throws Exception {
        Exposition scraped = TrafficNodes.metrics(TrafficNodes.redisNode(cleanup));
        assertEquals(1, scraped.value("karuta_redis_up"));
        assertEquals(0, scraped.value("karuta_redis_failures_total"));
        List<Query> queries = allQueries().stream().filter(DashboardMetricsTest::namesRedisMetric).toList();
        assertTrue(queries.size() >= 3, "the dashboard and the alerts use the Redis metrics: " + queries);
        assertEquals(List.of(), problems(queries, List.of(scraped)));
    }

    /** Whether {@code q} names a metric only a Redis registry exports. */
    private static boolean namesRedisMetric(Query q) {
        return PromQl.metricNames(q.expr()).stream().anyMatch(name -> name.startsWith(REDIS_ONLY));
    }

    private static List<Query> allQueries() throws Exception {
        List<Query> queries = new ArrayList<>(MonitoringFiles.dashboardQueries(MonitoringFiles.dashboard()));
        queries.addAll(MonitoringFiles.alertQueries());
        JsonObject dashboard = MonitoringFiles.dashboard();
        for (JsonObject panel : MonitoringFiles.panels(dashboard)) {
            if (panel.containsKey("targets")) {
                // Legends name labels too: {{protocol}} must be a label the query keeps.
                for (JsonValue t : panel.getJsonArray("targets")) {
                    Matcher m = LEGEND_LABEL.matcher(t.asJsonObject().getString("legendFormat", ""));
                    while (m.find()) {
                        queries.add(new Query("legend of \"" + panel.getString("title") + "\"",
                                "legend{" + m.group(1) + "=~\".*\"}"));
                    }
                }
            }
        }
        return queries;
    }

    /**
     * What {@code queries} name that none of {@code scrapes} has: metrics, label names, and literal
     * label values ({@code result="internal"} may be a value no request has had yet: any
     * {@link TrackerMetrics.Result} is one).
     */
    private static List<String> problems(List<Query> queries, List<Exposition> scrapes) {
        Set<String> names = new HashSet<>();
        Map<String, Set<String>> labelValues = new HashMap<>();
        for (Exposition e : scrapes) {
            names.addAll(e.names());
            e.labelValues().forEach((label, values) -> labelValues.computeIfAbsent(label, k -> new HashSet<>())
                    .addAll(values));
        }
        Set<String> results = new TreeSet<>(labelValues.getOrDefault("result", Set.of()));
        for (TrackerMetrics.Result r : TrackerMetrics.Result.values()) {
            results.add(r.label());
        }
        List<String> problems = new ArrayList<>();
        for (Query q : queries) {
            for (String name : PromQl.metricNames(q.expr())) {
                if (!name.equals("legend") && !PROMETHEUS_OWN.contains(name)
                        && !names.contains(name)) {
                    problems.add(q.where() + ": metric " + name);
                }
            }
            for (String label : PromQl.labelNames(q.expr())) {
                if (!TARGET_LABELS.contains(label) && !labelValues.containsKey(label)) {
                    problems.add(q.where() + ": label " + label);
                }
            }
            for (PromQl.LabelMatch m : PromQl.matchers(q.expr())) {
                if (TARGET_LABELS.contains(m.label()) || m.op().contains("~")) {
                    continue;
                }
                Set<String> values = m.label().equals("result") ? results
                        : labelValues.getOrDefault(m.label(), Set.of());
                if (!values.contains(m.value())) {
                    problems.add(q.where() + ": " + m.label() + "=\"" + m.value() + "\"");
                }
            }
        }
        return problems;
    }
}
