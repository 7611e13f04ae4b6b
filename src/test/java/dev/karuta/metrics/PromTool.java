package dev.karuta.metrics;

import dev.karuta.testing.ExternalTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus's {@code promtool} (Debian package {@code prometheus}), run on the project's rule files.
 * Missing, the test is skipped saying so (a failure with {@code -Dkaruta.it.required=true}).
 */
final class PromTool {
    /** What a run printed (stdout and stderr together) and its exit code. */
    record Run(int exitCode, String output) {
    }

    private PromTool() {
    }

    /** Skips (or fails, when required) unless promtool is on the PATH. */
    static void require() {
        ExternalTools.requireProgram("promtool", "prometheus");
    }

    /** Runs {@code promtool args...} in {@code dir} and waits at most a minute for it. */
    static Run run(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        try {
            // Read to the end before waiting: a full pipe would block promtool.
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("promtool " + args[0] + " did not finish in a minute:\n" + output);
            }
            return new Run(p.exitValue(), output);
        } finally {
            p.destroyForcibly();
        }
    }
}
