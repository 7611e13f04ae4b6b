package dev.karuta.metrics;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The monitoring files the project ships, read for their queries: the Grafana dashboard
 * ({@code docs/grafana/karuta.json}) and the Prometheus alert rules ({@code docs/prometheus/alerts.yml}).
 */
final class MonitoringFiles {
    static final Path DASHBOARD = Path.of("docs/grafana/karuta.json");
    static final Path ALERTS_DIR = Path.of("docs/prometheus");
    static final Path ALERTS = ALERTS_DIR.resolve("alerts.yml");
    static final Path ALERT_TESTS = ALERTS_DIR.resolve("alerts.test.yml");

    /** A query and where it is: a panel's title and target, a variable's name, an alert's name. */
    record Query(String where, String expr) {
    }

    private static final Pattern ALERT = Pattern.compile("^\\s*- alert:\\s*(\\S+)\\s*$");
    private static final Pattern EXPR = Pattern.compile("^(\\s*)expr:\\s*(.*)$");

    private MonitoringFiles() {
    }

    /** The dashboard as JSON. */
    static JsonObject dashboard() throws IOException {
        try (JsonReader r = Json.createReader(new StringReader(Files.readString(DASHBOARD)))) {
            return r.readObject();
        }
    }

    /** Every panel of {@code dashboard}, those inside rows included, rows themselves too. */
    static List<JsonObject> panels(JsonObject dashboard) {
        List<JsonObject> all = new ArrayList<>();
        for (JsonValue v : dashboard.getJsonArray("panels")) {
            JsonObject panel = v.asJsonObject();
            all.add(panel);
            if (panel.containsKey("panels")) {
                panel.getJsonArray("panels").forEach(p -> all.add(p.asJsonObject()));
            }
        }
        return all;
    }

    /** Every query of the dashboard: panels' targets and the query variables' selectors. */
    static List<Query> dashboardQueries(JsonObject dashboard) {
        List<Query> queries = new ArrayList<>();
        for (JsonObject panel : panels(dashboard)) {
            if (!panel.containsKey("targets")) {
                continue;
            }
            for (JsonValue t : panel.getJsonArray("targets")) {
                JsonObject target = t.asJsonObject();
                queries.add(new Query("panel \"" + panel.getString("title") + "\" " + target.getString("refId"),
                        target.getString("expr")));
            }
        }
        for (JsonValue v : dashboard.getJsonObject("templating").getJsonArray("list")) {
            JsonObject variable = v.asJsonObject();
            if ("query".equals(variable.getString("type"))) {
                queries.add(new Query("variable $" + variable.getString("name"),
                        PromQl.variableSelector(variable.getJsonObject("query").getString("query"))));
            }
        }
        return queries;
    }

    /** The names of the alerts in {@code alerts.yml}, in file order. */
    static List<String> alertNames() throws IOException {
        return alertQueries().stream().map(q -> q.where().substring("alert ".length())).toList();
    }

    /**
     * Every alert's expression in {@code alerts.yml}: a plain scalar after {@code expr:}, or a block
     * scalar ({@code expr: |}) whose lines are indented deeper than {@code expr:}. Fails on an alert
     * without an expression.
     */
    static List<Query> alertQueries() throws IOException {
        List<String> lines = Files.readAllLines(ALERTS);
        List<Query> queries = new ArrayList<>();
        String alert = null;
        for (int i = 0; i < lines.size(); i++) {
            Matcher a = ALERT.matcher(lines.get(i));
            if (a.matches()) {
                alert = a.group(1);
                continue;
            }
            Matcher e = EXPR.matcher(lines.get(i));
            if (!e.matches() || alert == null) {
                continue;
            }
            String value = e.group(2).strip();
            if (value.startsWith("|") || value.startsWith(">")) {
                int indent = e.group(1).length();
                StringBuilder block = new StringBuilder();
                while (i + 1 < lines.size() && (lines.get(i + 1).isBlank()
                        || lines.get(i + 1).length() - lines.get(i + 1).stripLeading().length() > indent)) {
                    block.append(lines.get(++i).strip()).append('\n');
                }
                value = block.toString().strip();
            }
            queries.add(new Query("alert " + alert, value));
            alert = null;
        }
        long alerts = lines.stream().filter(l -> ALERT.matcher(l).matches()).count();
        if (alerts != queries.size()) {
            throw new AssertionError(alerts + " alerts but " + queries.size() + " expressions read in " + ALERTS);
        }
        return queries;
    }
}
