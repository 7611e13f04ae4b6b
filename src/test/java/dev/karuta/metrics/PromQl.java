package dev.karuta.metrics;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a PromQL expression (of a Grafana panel or an alert rule) refers to, read well enough to check
 * it against a real {@code /metrics}: the metric names it selects, the label names it groups or
 * matches by, and the literal label matchers. It is no parser: it removes what cannot be a metric name
 * (strings, {@code {...}} matchers, {@code by (...)} clauses, ranges, Grafana variables, numbers and
 * durations), and what is left that is not a function (a name before {@code (}) or a keyword is a
 * metric name.
 */
final class PromQl {
    private static final Pattern MATCHERS = Pattern.compile("\\{([^}]*)}");
    private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.:$])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without",
            "on", "ignoring", "group_left", "group_right", "inf", "nan", "Inf", "NaN", "atan2");
    /** Grafana's {@code label_values(selector, label)}, a variable's query. */
    private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\((.*),\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*\\)\\s*$");

    /** One label matcher with a literal value: {@code result="internal"}. */
    record LabelMatch(String label, String op, String value) {
    }

    private PromQl() {
    }

    /** The query of a Grafana variable's {@code label_values(selector, label)}: its selector; else the query itself. */
    static String variableSelector(String query) {
        Matcher m = LABEL_VALUES.matcher(query);
        return m.matches() ? m.group(1) : query;
    }

    /** The label a Grafana variable's {@code label_values(selector, label)} lists, or null. */
    static String variableLabel(String query) {
        Matcher m = LABEL_VALUES.matcher(query);
        return m.matches() ? m.group(2) : null;
    }

    /** The metric names {@code expr} selects, in order of appearance. */
    static Set<String> metricNames(String expr) {
        String s = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"");
        s = MATCHERS.matcher(s).replaceAll(" ");
        s = GROUPING.matcher(s).replaceAll(" ");
        s = s.replaceAll("\\[[^]]*]", " ");
        s = s.replaceAll("\\$\\{?\\w+}?", " ");
        Set<String> names = new LinkedHashSet<>();
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            String name = m.group(1);
            if (m.group(2) == null && !KEYWORDS.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }

    /** The label names {@code expr} groups by ({@code by}, {@code without}, {@code on}...) or matches on. */
    static Set<String> labelNames(String expr) {
        Set<String> labels = new LinkedHashSet<>();
        Matcher g = GROUPING.matcher(expr);
        while (g.find()) {
            for (String label : g.group(2).split(",")) {
                if (!label.isBlank()) {
                    labels.add(label.strip());
                }
            }
        }
        for (LabelMatch match : matchers(expr)) {
            labels.add(match.label());
        }
        return labels;
    }

    /** Every label matcher of {@code expr}'s selectors. */
    static List<LabelMatch> matchers(String expr) {
        List<LabelMatch> found = new java.util.ArrayList<>();
        Matcher block = MATCHERS.matcher(expr);
        while (block.find()) {
            Matcher m = MATCHER.matcher(block.group(1));
            while (m.find()) {
                found.add(new LabelMatch(m.group(1), m.group(2), m.group(3)));
            }
        }
        return found;
    }

    /** {@code expr} with Grafana's variables replaced by what Prometheus accepts, to check its syntax. */
    static String withoutGrafanaVariables(String expr) {
        return expr.replace("$__rate_interval", "5m").replace("$__interval", "1m").replace("$__range", "1h")
                .replaceAll("\\$\\{?\\w+}?", ".*");
    }
}
