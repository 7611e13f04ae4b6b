package dev.karuta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The protocol core stays free of the servlet API, so every frontend can use it. */
class ArchitectureTest {
    /** Packages that must not see jakarta.*: the core of DESIGN.md and the non-servlet frontends. */
    private static final List<String> CORE_PACKAGES = List.of("core", "swarm", "bencode", "policy", "udp", "metrics");
    private static final Path MAIN = Path.of("src/main/java/dev/karuta");
    /** An import of jakarta.* (static or not), or a fully qualified jakarta.* name in code. */
    private static final Pattern JAKARTA = Pattern.compile("(^|[^\\w.\"])jakarta\\.\\w");

    @Test
    void coreImportsNoJakarta() throws IOException {
        List<String> offenders = new ArrayList<>();
        for (String pkg : CORE_PACKAGES) {
            List<Path> sources = sources(MAIN.resolve(pkg));
            // Without this, a moved directory would make the scan pass on nothing.
            assertTrue(!sources.isEmpty(), "the scan finds the sources of " + pkg);
            for (Path p : sources) {
                offenders.addAll(jakartaReferences(p.toString(), Files.readAllLines(p)));
            }
        }
        assertEquals(List.of(), offenders);
    }

    @Test
    void theScanSeesTheServletPackages() throws IOException {
        // The frontends do use jakarta: if the scan found nothing there, it could find nothing anywhere.
        List<String> found = new ArrayList<>();
        for (Path p : sources(MAIN.resolve("http"))) {
            found.addAll(jakartaReferences(p.toString(), Files.readAllLines(p)));
        }
        assertTrue(!found.isEmpty(), "jakarta imports in http/");
    }

    @Test
    void theDetectorCatchesImportsAndQualifiedNamesButNotComments() {
        assertEquals(1, jakartaReferences("a", List.of("import jakarta.servlet.ServletException;")).size());
        assertEquals(1, jakartaReferences("a", List.of("  import static jakarta.servlet.DispatcherType.REQUEST;")).size());
        assertEquals(1, jakartaReferences("a", List.of("    void f(jakarta.servlet.ServletRequest r) {")).size());
        assertEquals(1, jakartaReferences("a", List.of("jakarta.servlet.Filter f;")).size());
        assertEquals(0, jakartaReferences("a", List.of("import java.util.List;", "String s = \"jakarta.x\";",
                "/** Like jakarta's ... */", " * see {@code jakarta.servlet} docs")).size());
    }

    private static List<Path> sources(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".java")).toList();
        }
    }

    /** Lines of {@code source} that use jakarta.*; comment lines are skipped. */
    private static List<String> jakartaReferences(String name, List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            String t = line.trim();
            if (t.startsWith("*") || t.startsWith("/*") || t.startsWith("//")) {
                continue;
            }
            if (JAKARTA.matcher(line).find()) {
                out.add(name + ": " + t);
            }
        }
        return out;
    }
}
