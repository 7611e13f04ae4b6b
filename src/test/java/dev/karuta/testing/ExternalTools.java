package dev.karuta.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Outside programs an integration test needs. Missing ones skip the test with a message naming them,
 * unless {@code -Dkaruta.it.required=true} (CI), which turns the skip into a failure.
 */
public final class ExternalTools {
    /** Debian's python, which has the {@code python3-libtorrent} bindings (not a pyenv one on PATH). */
    public static final String SYSTEM_PYTHON = "/usr/bin/python3";

    private ExternalTools() {
    }

    /** Skips (or fails, when required) unless every named program is on the PATH. */
    public static void requirePrograms(String... programs) {
        List<String> missing = new ArrayList<>();
        for (String p : programs) {
            if (which(p) == null) {
                missing.add(p);
            }
        }
        demand(missing.isEmpty(), "missing programs: " + missing);
    }

    /**
     * Skips (or fails, when required) unless {@code program} is on the PATH; {@code debianPackage} is the
     * package that installs it. Returns its path.
     */
    public static Path requireProgram(String program, String debianPackage) {
        Path path = which(program);
        demand(path != null, "missing program " + program, debianPackage);
        return path;
    }

    /** Skips (or fails, when required) unless {@code /usr/bin/python3} can import libtorrent. */
    public static void requireLibtorrent() {
        boolean ok;
        try {
            Process p = new ProcessBuilder(SYSTEM_PYTHON, "-c", "import libtorrent").redirectErrorStream(true).start();
            ok = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
            p.destroyForcibly();
        } catch (IOException e) {
            ok = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ok = false;
        }
        demand(ok, "missing python3-libtorrent (" + SYSTEM_PYTHON + " cannot import libtorrent)");
    }

    /** Debian's Chromium and its ChromeDriver. */
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    /** Skips (or fails, when required) unless Debian's chromium and chromium-driver are installed. */
    public static void requireChromium() {
        demand(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "missing " + CHROMIUM + " or " + CHROMEDRIVER, "chromium, chromium-driver");
    }

    /** Skips (or fails, when required) unless {@code present}; {@code what} says what is missing. */
    public static void requireThat(boolean present, String what) {
        if (!present) {
            skipOrFail("missing " + what);
        }
    }

    /** Skips (or fails, when required) unless {@code file} exists; {@code what} says what it is and how to get it. */
    public static void requireFile(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            skipOrFail("missing " + file + ": " + what);
        }
    }

    /**
     * The JDK's own {@code tool} (e.g. {@code keytool}) beside the {@code java} that runs the tests; skips
     * (or fails, when required) when it is missing, as in a bare JRE.
     */
    public static Path requireJdkTool(String tool) {
        Path path = Path.of(System.getProperty("java.home"), "bin", tool);
        if (!Files.isExecutable(path)) {
            skipOrFail("missing " + path + " (run the tests on a full JDK, which has " + tool + ")");
        }
        return path;
    }

    /** Skips (or fails, when required) unless {@code file} exists; {@code debianPackage} installs it. */
    public static void requirePackagedFile(Path file, String debianPackage) {
        demand(Files.exists(file), "missing " + file, debianPackage);
    }

    /**
     * Skips (or fails, when required) unless the tests run as root, which {@code why} needs (e.g. to
     * start a program as another user).
     */
    public static void requireRoot(String why) {
        if (!"root".equals(System.getProperty("user.name"))) {
            skipOrFail("not running as root, which " + why + " needs (CI runs .ci/run as root)");
        }
    }

    private static void demand(boolean present, String what) {
        demand(present, what, "aria2, transmission-cli, python3-libtorrent");
    }

    private static void demand(boolean present, String what, String packages) {
        if (!present) {
            skipOrFail(what + " (Debian packages " + packages + "; .ci/run installs them)");
        }
    }

    private static void skipOrFail(String message) {
        if (Boolean.getBoolean("karuta.it.required")) {
            throw new AssertionError("required for this integration test: " + message);
        }
        Assumptions.abort("skipped: " + message);
    }

    /** The program's path on the PATH, or null. */
    public static Path which(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
