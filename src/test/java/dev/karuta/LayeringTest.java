package dev.karuta;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package layering that docs/architecture.md draws, checked on the compiled main classes: a layer
 * uses only the layers below it (and its own), so {@code core} uses none of the others.
 */
class LayeringTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.karuta");

    /** The layers, lowest first, as docs/architecture.md lists them. */
    static ArchRule layers() {
        return layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("core").definedBy("dev.karuta.core..")
                .layer("infrastructure").definedBy("dev.karuta.bencode..", "dev.karuta.sql..", "dev.karuta.redis..")
                .layer("swarms").definedBy("dev.karuta.swarm..", "dev.karuta.policy..")
                .layer("stores").definedBy("dev.karuta.store..", "dev.karuta.cluster..")
                .layer("accounts").definedBy("dev.karuta.accounts..")
                .layer("metrics").definedBy("dev.karuta.metrics..")
                .layer("frontends").definedBy("dev.karuta.http..", "dev.karuta.udp..", "dev.karuta.ws..")
                .layer("operators").definedBy("dev.karuta.admin..", "dev.karuta.ocelot..", "dev.karuta.health..")
                .layer("app").definedBy("dev.karuta.app..")
                .whereLayer("app").mayNotBeAccessedByAnyLayer()
                .whereLayer("operators").mayOnlyBeAccessedByLayers("app")
                .whereLayer("frontends").mayOnlyBeAccessedByLayers("operators", "app")
                .whereLayer("metrics").mayOnlyBeAccessedByLayers("frontends", "operators", "app")
                .whereLayer("accounts").mayOnlyBeAccessedByLayers("metrics", "frontends", "operators", "app")
                .whereLayer("stores").mayOnlyBeAccessedByLayers("accounts", "metrics", "frontends", "operators",
                        "app")
                .whereLayer("swarms").mayOnlyBeAccessedByLayers("stores", "accounts", "metrics", "frontends",
                        "operators", "app")
                .whereLayer("infrastructure").mayOnlyBeAccessedByLayers("swarms", "stores", "accounts", "metrics",
                        "frontends", "operators", "app");
    }

    @Test
    void noPackageUsesALayerAboveIt() {
        layers().check(MAIN);
    }

    @Test
    void theRuleCatchesAnUpwardDependency() {
        // core.Probe below reaches up into app: the rule must say so, or it could pass on anything.
        JavaClasses withProbe = new ClassFileImporter().importClasses(UpwardProbe.class,
                dev.karuta.app.KarutaListener.class);
        assertThrows(AssertionError.class, () -> layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("probe").definedBy(UpwardProbe.class.getPackageName())
                .layer("app").definedBy("dev.karuta.app..")
                .whereLayer("app").mayNotBeAccessedByAnyLayer()
                .check(withProbe));
    }

    /** A class that uses the composition root, as no class of a lower layer may. */
    static final class UpwardProbe {
        Object root = new dev.karuta.app.KarutaListener();
    }

    @Test
    void noMainSourceFileIsOver400Lines() throws IOException {
        List<String> large;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            large = files.filter(f -> f.toString().endsWith(".java")).filter(f -> lines(f) > 400)
                    .map(f -> f + ": " + lines(f)).toList();
        }
        assertEquals(List.of(), large, "split these files along a seam that names one thing");
    }

    private static long lines(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
