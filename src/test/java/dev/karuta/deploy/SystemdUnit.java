package dev.karuta.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code docs/deploy/karuta.service} read as systemd reads its {@code [Service]} section: each
 * {@code Key=value} line (comments and blank lines skipped), the values of a repeated key in order.
 * Enough for the project's own unit, which uses no line continuations and quotes only its
 * {@code Environment=}.
 */
record SystemdUnit(String text, Map<String, List<String>> service) {
    static final Path FILE = Path.of("docs/deploy/karuta.service");
    /** The JVM the unit runs. */
    static final String JAVA = "/usr/bin/java";

    static SystemdUnit read() throws Exception {
        return read(FILE);
    }

    /** The unit, or drop-in, {@code file}. */
    static SystemdUnit read(Path file) throws Exception {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        return new SystemdUnit(text, section(text, "Service"));
    }

    /** Every variable the {@code Environment=} lines set, in order (a later line wins). */
    Map<String, String> environment() {
        Map<String, String> variables = new LinkedHashMap<>();
        for (String line : service.getOrDefault("Environment", List.of())) {
            boolean quoted = line.length() > 1 && line.startsWith("\"") && line.endsWith("\"");
            String unquoted = quoted ? line.substring(1, line.length() - 1) : line;
            int eq = unquoted.indexOf('=');
            variables.put(unquoted.substring(0, eq), unquoted.substring(eq + 1));
        }
        return variables;
    }

    /** The one value of {@code key}; fails when it is missing or repeated. */
    String value(String key) {
        List<String> values = service.get(key);
        assertNotNull(values, key + " is set");
        assertEquals(1, values.size(), key + " is set once");
        return values.get(0);
    }

    /** The ExecStart command line, split at white space as systemd splits it (the unit quotes nothing there). */
    List<String> execStart() {
        return words(value("ExecStart"));
    }

    /** The value of the variable {@code name} that an {@code Environment="NAME=value"} line sets. */
    String environment(String name) {
        for (String line : service.getOrDefault("Environment", List.of())) {
            boolean quoted = line.length() > 1 && line.startsWith("\"") && line.endsWith("\"");
            String unquoted = quoted ? line.substring(1, line.length() - 1) : line;
            if (unquoted.startsWith(name + "=")) {
                return unquoted.substring(name.length() + 1);
            }
        }
        throw new AssertionError("no Environment=" + name + "=... in " + FILE);
    }

    /**
     * The ExecStart command with {@code $NAME} replaced by the words of {@code NAME}'s value from
     * {@code Environment=}, as systemd expands an unquoted variable standing as a word of its own.
     */
    List<String> expandedExecStart() {
        List<String> command = new ArrayList<>();
        for (String word : execStart()) {
            if (word.startsWith("$")) {
                command.addAll(words(environment(word.substring(1))));
            } else {
                assertTrue(!word.contains("$"), "a variable inside a word: " + word);
                command.add(word);
            }
        }
        return command;
    }

    static List<String> words(String text) {
        return Arrays.stream(text.strip().split("\\s+")).toList();
    }

    private static Map<String, List<String>> section(String unit, String name) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        String current = null;
        for (String line : unit.lines().map(String::strip).toList()) {
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[")) {
                current = line;
                continue;
            }
            if (("[" + name + "]").equals(current)) {
                int eq = line.indexOf('=');
                values.computeIfAbsent(line.substring(0, eq).strip(), k -> new ArrayList<>())
                        .add(line.substring(eq + 1).strip());
            }
        }
        return values;
    }
}
