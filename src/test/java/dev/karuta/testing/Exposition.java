package dev.karuta.testing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The samples of a Prometheus text exposition (format 0.0.4), keyed by name and labels in name order,
 * so tests read what {@code /metrics} really printed.
 */
public final class Exposition {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})? (\\S+)(?: \\d+)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    private final Map<String, Double> samples;
    /** Sample names, and every label's values, as printed. */
    private final Set<String> names;
    private final Map<String, Set<String>> labelValues;

    private Exposition(Map<String, Double> samples, Set<String> names, Map<String, Set<String>> labelValues) {
        this.samples = samples;
        this.names = names;
        this.labelValues = labelValues;
    }

    /** Parses {@code text}; a line that is neither a comment nor a sample fails the test. */
    public static Exposition parse(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        Set<String> names = new TreeSet<>();
        Map<String, Set<String>> labelValues = new TreeMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches()) {
                throw new AssertionError("not a sample line: " + line);
            }
            TreeMap<String, String> labels = new TreeMap<>();
            if (m.group(2) != null) {
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                    labelValues.computeIfAbsent(l.group(1), k -> new TreeSet<>()).add(l.group(2));
                }
            }
            names.add(m.group(1));
            samples.put(key(m.group(1), labels), Double.valueOf(m.group(3)));
        }
        return new Exposition(samples, names, labelValues);
    }

    private static String key(String name, TreeMap<String, String> labels) {
        return name + labels;
    }

    /**
     * The value of {@code name} with the labels given as {@code "label", "value", ...}, or 0 when the
     * series is absent (a labelled counter appears at its first increment).
     */
    public double value(String name, String... labelsAndValues) {
        Double v = find(name, labelsAndValues);
        return v == null ? 0 : v;
    }

    /** The value, or null when the series is absent. */
    public Double find(String name, String... labelsAndValues) {
        TreeMap<String, String> labels = new TreeMap<>();
        for (int i = 0; i < labelsAndValues.length; i += 2) {
            labels.put(labelsAndValues[i], labelsAndValues[i + 1]);
        }
        return samples.get(key(name, labels));
    }

    /** The names of every sample, as printed ({@code _total}, {@code _bucket}, {@code _sum}, {@code _count} included). */
    public Set<String> names() {
        return Collections.unmodifiableSet(names);
    }

    /** Every label name printed, with the values it had. */
    public Map<String, Set<String>> labelValues() {
        return Collections.unmodifiableMap(labelValues);
    }

    /** Whether any series of {@code name} is present. */
    public boolean has(String name) {
        return samples.keySet().stream().anyMatch(k -> k.equals(name + "{}") || k.startsWith(name + "{"));
    }
}
