package dev.karuta.app.config;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/configuration.md} lists every key of {@link ConfigKeys}, and no other, in the table
 * rendered from it. After adding or changing a key, regenerate the table with
 * {@value #REGENERATE_COMMAND}.
 */
class ConfigurationDocTest {
    static final Path DOC = Path.of("docs", "configuration.md");
    static final String BEGIN =
            "<!-- generated from ConfigKeys by ConfigurationDocTest: edit the keys, not this table -->";
    static final String END = "<!-- end of the generated table -->";
    static final String REGENERATE_COMMAND =
            "mvn -B -o test -Dtest=ConfigurationDocTest -Dkaruta.docs.regenerate=true";

    @Test
    void everyKeyIsDocumentedAndEveryDocumentedKeyExists() throws Exception {
        assumeFalse(regenerating(), "the other test rewrites the table");
        Set<String> documented = new LinkedHashSet<>();
        Matcher row = Pattern.compile("(?m)^\\| `(karuta\\.[^`]+)` \\|").matcher(read());
        while (row.find()) {
            documented.add(row.group(1));
        }
        Set<String> missing = new LinkedHashSet<>(ConfigKeys.defaults().keySet());
        missing.removeAll(documented);
        Set<String> unknown = new LinkedHashSet<>(documented);
        unknown.removeAll(ConfigKeys.defaults().keySet());
        assertAll(
                () -> assertEquals(Set.of(), missing, "keys missing from " + DOC + "; regenerate it: "
                        + REGENERATE_COMMAND),
                () -> assertEquals(Set.of(), unknown, "keys in " + DOC + " that ConfigKeys does not declare;"
                        + " regenerate it: " + REGENERATE_COMMAND));
    }

    @Test
    void theTableIsTheOneRenderedFromTheKeys() throws Exception {
        String doc = read();
        int begin = doc.indexOf(BEGIN);
        int end = doc.indexOf(END);
        assertTrue(begin >= 0 && end > begin, DOC + " has lost its markers: " + BEGIN + " ... " + END);
        String current = doc.substring(begin + BEGIN.length(), end);
        String rendered = "\n" + table(ConfigKeys.ALL);
        if (regenerating() && !current.equals(rendered)) {
            Files.writeString(DOC, doc.substring(0, begin + BEGIN.length()) + rendered + doc.substring(end),
                    StandardCharsets.UTF_8);
            return;
        }
        assertEquals(rendered, current, DOC + " is out of step with ConfigKeys; regenerate it: " + REGENERATE_COMMAND);
    }

    /** The Markdown table of {@code keys}: key, default, meaning, one row each. */
    static String table(List<Key<?>> keys) {
        StringBuilder out = new StringBuilder("| key | default | meaning |\n|---|---|---|\n");
        for (Key<?> key : keys) {
            out.append("| `").append(key.name()).append("` | ").append(key.defaultDoc()).append(" | ")
                    .append(key.doc()).append(" |\n");
        }
        return out.toString();
    }

    private static boolean regenerating() {
        return Boolean.getBoolean("karuta.docs.regenerate");
    }

    private static String read() throws Exception {
        return Files.readString(DOC, StandardCharsets.UTF_8);
    }
}
