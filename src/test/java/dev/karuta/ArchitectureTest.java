package dev.karuta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The protocol core stays free of the servlet API, so every frontend can use it. */
class ArchitectureTest {
    private static final List<String> CORE_PACKAGES = List.of("core", "swarm", "bencode", "policy", "udp", "metrics");

    @Test
    void coreImportsNoJakarta() throws IOException {
        List<String> offenders = new ArrayList<>();
        int files = 0;
        for (String pkg : CORE_PACKAGES) {
            Path dir = Path.of("src/main/java/dev/karuta", pkg);
            try (Stream<Path> sources = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) sources.filter(f -> f.toString().endsWith(".java"))::iterator) {
                    files++;
                    for (String line : Files.readAllLines(p)) {
                        if (line.matches("\\s*import\\s+(static\\s+)?jakarta\\..*")) {
                            offenders.add(p + ": " + line.trim());
                        }
                    }
                }
            }
        }
        assertTrue(files > 20, "the scan found the sources (" + files + ")");
        assertEquals(List.of(), offenders);
    }
}
