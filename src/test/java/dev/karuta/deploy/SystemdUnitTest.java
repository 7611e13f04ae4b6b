package dev.karuta.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.app.config.ConfigKeys;
import dev.karuta.app.config.Key;
import dev.karuta.app.config.PrivateKeys;
import dev.karuta.app.config.StoreKeys;
import dev.karuta.testing.ChildProcess;
import dev.karuta.testing.ExternalTools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docs/deploy/karuta.service}, the systemd unit docs/operations.md installs: systemd's own checker
 * ({@code systemd-analyze verify}) accepts it and rejects a mistake in it; it runs as its own user in a
 * sandbox with the state directory as its data directory; its JVM flags are those
 * docs/deployment.md recommends; it waits long enough at stop for the final flush; and the example
 * {@code /etc/default/karuta} names only real keys.
 */
class SystemdUnitTest {
    private static final Path ENVIRONMENT = Path.of("docs/deploy/karuta.default");
    private static final Path DEPLOYMENT = Path.of("docs/deployment.md");
    private static final Path TOMCAT_DROP_IN = Path.of("docs/deploy/tomcat10-karuta.conf");
    /** deployment.md's command with JVM flags: {@code java -XX:... -Xmx1g -jar $JETTY_HOME/start.jar}. */
    private static final Pattern RECOMMENDED =
            Pattern.compile("`java((?:\\s+-[^\\s`]+)+)\\s+-jar\\s+\\$JETTY_HOME/start\\.jar");
    /** What AccountsFlusher.close waits for a write in progress before its final retries. */
    private static final int WRITE_IN_PROGRESS_SECONDS = 60;
    /** systemd-analyze security's threshold, on its scale of 0 to 100 (the exposure it prints times ten). */
    private static final int MAX_EXPOSURE = 30;

    @TempDir
    Path tmp;

    @Test
    void systemdAcceptsTheUnit() throws Exception {
        assertEquals(List.of(), verify(SystemdUnit.read().text()));
    }

    /** The check above can fail: systemd only warns about these, and the test counts a warning. */
    @Test
    void systemdsCheckCatchesAMistake() throws Exception {
        String unit = SystemdUnit.read().text();
        String typo = unit.replace("\nProtectSystem=strict\n", "\nProtectSytem=strict\n");
        String badValue = unit.replaceFirst("(?m)^TimeoutStopSec=.*$", "TimeoutStopSec=2 minutez");
        assertFalse(typo.equals(unit) || badValue.equals(unit), "the unit has the lines this test alters");
        assertFalse(verify(typo).isEmpty(), "a misspelt directive is reported");
        assertFalse(verify(badValue).isEmpty(), "an invalid value is reported");
        assertFalse(verify(unit.replace("\nUser=karuta\n", "\nUser=karuta\n[Servise]\n")).isEmpty(),
                "an unknown section is reported");
    }

    @Test
    void runsAsItsOwnUserInASandbox() throws Exception {
        SystemdUnit unit = SystemdUnit.read();
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("User", "karuta");
        expected.put("Group", "karuta");
        expected.put("NoNewPrivileges", "yes");
        expected.put("CapabilityBoundingSet", "");
        expected.put("AmbientCapabilities", "");
        expected.put("ProtectSystem", "strict");
        expected.put("ProtectHome", "yes");
        expected.put("PrivateTmp", "yes");
        expected.put("PrivateDevices", "yes");
        expected.put("ProtectKernelTunables", "yes");
        expected.put("ProtectKernelModules", "yes");
        expected.put("ProtectControlGroups", "yes");
        expected.put("RestrictAddressFamilies", "AF_INET AF_INET6 AF_UNIX");
        expected.put("LockPersonality", "yes");
        expected.put("StateDirectory", "karuta");
        expected.put("LogsDirectory", "karuta");
        expected.put("EnvironmentFile", "-/etc/default/karuta");
        expected.put("SuccessExitStatus", "143");
        expected.put("Restart", "on-failure");
        expected.forEach((key, value) -> assertEquals(value, unit.value(key), key));
        assertTrue(unit.value("LimitNOFILE").matches("\\d+"), "LimitNOFILE");
        assertEquals(List.of(SystemdUnit.JAVA, "$JAVA_OPTS", "-jar", "/opt/jetty-home/start.jar",
                "jetty.home=/opt/jetty-home", "jetty.base=/opt/karuta/jetty-base"), unit.execStart(),
                "no karuta.data.dir: the realm and the webapp take $STATE_DIRECTORY");
    }

    /**
     * systemd's own review of the sandbox ({@code systemd-analyze security}) rates the unit's exposure
     * at most 3.0 of 10 (2.8 as written: no system call filter, host network, a JIT that needs writable
     * code), so that dropping a hardening line the test above does not name still shows.
     */
    @Test
    void systemdRatesTheSandboxExposureLow() throws Exception {
        String unit = SystemdUnit.read().text();
        Analysis security = analyze(unit, "security", "--offline=true", "--threshold=" + MAX_EXPOSURE);
        assertEquals(0, security.exit(), security.output());
        String weaker = unit.replace("\nProtectSystem=strict\n", "\n").replace("\nPrivateDevices=yes\n", "\n");
        Analysis weak = analyze(weaker, "security", "--offline=true", "--threshold=" + MAX_EXPOSURE);
        assertTrue(weak.exit() != 0, "two hardening lines fewer still pass the threshold:\n" + weak.output());
    }

    @Test
    void jvmFlagsAreThoseDeploymentRecommends() throws Exception {
        Matcher m = RECOMMENDED.matcher(read(DEPLOYMENT));
        assertTrue(m.find(), "docs/deployment.md shows java with its flags before -jar $JETTY_HOME/start.jar");
        List<String> recommended = SystemdUnit.words(m.group(1));
        SystemdUnit unit = SystemdUnit.read();
        assertEquals(String.join(" ", recommended), unit.environment("JAVA_OPTS"));
        assertEquals(recommended, unit.expandedExecStart().subList(1, 1 + recommended.size()),
                "ExecStart passes JAVA_OPTS to the JVM");

        // The example's JAVA_OPTS shows another heap, with the same other flags.
        Matcher example = Pattern.compile("(?m)^# JAVA_OPTS=(.+)$").matcher(read(ENVIRONMENT));
        assertTrue(example.find(), "karuta.default shows JAVA_OPTS");
        assertEquals(withoutHeap(recommended), withoutHeap(SystemdUnit.words(example.group(1))));
    }

    /**
     * The drop-in for Debian's tomcat10 (docs/deploy/tomcat10-karuta.conf, shown in deployment.md) gives
     * the state directory, the same JVM flags as karuta.service and the same stop timeout; systemd
     * accepts its lines in a unit.
     */
    @Test
    void theTomcatDropInMatchesTheUnitAndTheDocs() throws Exception {
        SystemdUnit dropIn = SystemdUnit.read(TOMCAT_DROP_IN);
        SystemdUnit unit = SystemdUnit.read();
        assertEquals("karuta", dropIn.value("StateDirectory"));
        assertEquals(unit.environment("JAVA_OPTS"), dropIn.environment("CATALINA_OPTS"));
        assertEquals(unit.value("TimeoutStopSec"), dropIn.value("TimeoutStopSec"));
        String docs = read(DEPLOYMENT);
        for (String line : dropIn.text().lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList()) {
            assertTrue(docs.contains("\n" + line + "\n"), "deployment.md shows the drop-in's line " + line);
        }
        String asUnit = "[Unit]\nDescription=drop-in check\n\n" + dropIn.text()
                + "\nType=exec\nDynamicUser=yes\nExecStart=" + SystemdUnit.JAVA + " -version\n";
        Analysis verify = analyze(asUnit, "verify");
        assertEquals(0, verify.exit(), verify.output());
        assertEquals("", verify.output().strip(), "no warning");
    }

    @Test
    void stopWaitsLongerThanTheFinalFlush() throws Exception {
        String timeout = SystemdUnit.read().value("TimeoutStopSec");
        assertTrue(timeout.matches("\\d+"), "TimeoutStopSec in plain seconds: " + timeout);
        int finalFlush = Integer.parseInt(PrivateKeys.FINAL_FLUSH_TIMEOUT.defaultValue());
        assertTrue(Integer.parseInt(timeout) >= WRITE_IN_PROGRESS_SECONDS + finalFlush,
                "TimeoutStopSec=" + timeout + " leaves no room for karuta.private.finalFlushTimeout");
    }

    /**
     * Every variable the example sets is JAVA_OPTS or a key's environment name, all commented out (the
     * file changes nothing as shipped), and not karuta.data.dir, which the unit's StateDirectory= gives.
     */
    @Test
    void environmentExampleNamesOnlyRealKeys() throws Exception {
        String text = read(ENVIRONMENT);
        Set<String> keys = ConfigKeys.ALL.stream().map(Key::environmentName).collect(Collectors.toSet());
        Matcher m = Pattern.compile("(?m)^(#?)\\s*([A-Z][A-Z0-9_]*)=").matcher(text);
        List<String> karuta = new ArrayList<>();
        while (m.find()) {
            assertEquals("#", m.group(1), m.group(2) + " is commented out");
            String name = m.group(2);
            assertTrue(name.equals("JAVA_OPTS") || keys.contains(name), name + " is no key's environment name");
            if (name.startsWith("KARUTA_")) {
                karuta.add(name);
            }
        }
        assertFalse(karuta.isEmpty(), "the example shows KARUTA_ keys");
        assertFalse(karuta.contains(StoreKeys.DATA_DIR.environmentName()), "StateDirectory= gives the data directory");
    }

    /**
     * {@code systemd-analyze verify} on {@code unit}: its exit status when not 0, and every line it prints
     * about the unit (warnings, which leave the status at 0).
     */
    private List<String> verify(String unit) throws Exception {
        Analysis verify = analyze(unit, "verify", "--man=no");
        List<String> problems = new ArrayList<>();
        if (verify.exit() != 0) {
            problems.add("exit " + verify.exit() + ": " + verify.output());
        }
        verify.output().lines().filter(l -> l.contains("karuta.service")).forEach(problems::add);
        return problems;
    }

    /** What {@code systemd-analyze} said of {@code unit} saved as {@code karuta.service}. */
    private record Analysis(int exit, String output) {
    }

    /**
     * Runs {@code systemd-analyze ARGS FILE} on {@code unit} saved as {@code karuta.service} in a
     * directory of its own, its JVM replaced by this test's (which surely exists: verify checks it).
     */
    private Analysis analyze(String unit, String... args) throws Exception {
        Path analyze = ExternalTools.requireProgram("systemd-analyze", "systemd");
        assertTrue(unit.contains("ExecStart=" + SystemdUnit.JAVA + " "), "the unit runs " + SystemdUnit.JAVA);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path dir = Files.createTempDirectory(tmp, "unit");
        Path file = dir.resolve("karuta.service");
        Files.writeString(file, unit.replace("ExecStart=" + SystemdUnit.JAVA + " ", "ExecStart=" + java + " "),
                StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>(List.of(analyze.toString()));
        command.addAll(List.of(args));
        command.add(file.toString());
        try (ChildProcess run = ChildProcess.start("systemd-analyze", command, dir, dir.resolve("analyze.log"))) {
            int exit = run.awaitExit(Duration.ofSeconds(60));
            return new Analysis(exit, run.log());
        }
    }

    private static List<String> withoutHeap(List<String> flags) {
        return flags.stream().filter(f -> !f.startsWith("-Xms") && !f.startsWith("-Xmx")).toList();
    }

    private static String read(Path file) throws Exception {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
