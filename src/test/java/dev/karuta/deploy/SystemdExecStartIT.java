package dev.karuta.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.testing.ChildProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The systemd unit's command run as systemd runs it, without systemd (which a test cannot start):
 * {@code ExecStart} with {@code $JAVA_OPTS} expanded from the unit's {@code Environment=}, on the build's
 * jetty-home and a copy of {@code jetty-base/} with the WAR, the unit's paths moved into the test's
 * directory, and a {@code KARUTA_*} key in the environment as {@code /etc/default/karuta} gives it, with
 * {@code $STATE_DIRECTORY} as systemd sets it for {@code StateDirectory=}. The tracker serves with that
 * key, keeps its data and the admin realm in the state directory, writes nothing into the
 * jetty-base (which {@code ProtectSystem=strict} keeps read-only), and SIGTERM ends it with the status
 * the unit's {@code SuccessExitStatus=} counts as a clean stop, within {@code TimeoutStopSec=}.
 */
class SystemdExecStartIT {
    /** As in JettyHomeIT: the connector's start line names the port it bound, then the server is up. */
    private static final Pattern CONNECTOR_STARTED =
            Pattern.compile("Started oejs\\.ServerConnector@\\w+\\{HTTP/1\\.1[^}]*\\}\\{[^}]*:(\\d+)\\}");
    private static final Pattern SERVER_STARTED = Pattern.compile("Started oejs\\.Server@");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path tmp;

    @Test
    void theUnitsCommandServesAndStopsCleanly() throws Exception {
        SystemdUnit unit = SystemdUnit.read();
        Path jettyHome = DeployedTracker.unpacked("jetty-home-" + System.getProperty("jetty.version"));
        Path base = jettyBase();
        // systemd creates the state and logs directories before the start, owned by the service's user.
        Path state = Files.createDirectories(tmp.resolve("state"));
        Path logs = Files.createDirectories(tmp.resolve("logs"));
        Map<String, String> moved = Map.of("/opt/jetty-home", jettyHome.toString(),
                "/opt/karuta/jetty-base", base.toString());
        List<String> command = new ArrayList<>();
        for (String word : unit.expandedExecStart()) {
            String w = word.equals(SystemdUnit.JAVA) ? DeployedTracker.javaBin() : word;
            for (Map.Entry<String, String> path : moved.entrySet()) {
                w = w.replace(path.getKey(), path.getValue());
            }
            command.add(w);
        }
        assertTrue(command.stream().noneMatch(w -> w.contains("/opt/") || w.contains("/var/")),
                "every path of the unit is moved: " + command);
        command.addAll(List.of("jetty.http.host=127.0.0.1", "jetty.http.port=0", "karuta.udp.host=127.0.0.1",
                "karuta.udp.port=0"));
        assertEquals(unit.value("WorkingDirectory"), "/var/log/" + unit.value("LogsDirectory"));
        Map<String, FileTime> before = snapshot(base);

        try (ChildProcess jetty = ChildProcess.start("karuta.service", command, logs, tmp.resolve("journal.log"),
                // What systemd sets for StateDirectory=: the directory it made, the webapp's and the realm's.
                Map.of("KARUTA_ANNOUNCE_INTERVAL", "1234", "KARUTA_ANNOUNCE_INTERVALJITTER", "0",
                        "STATE_DIRECTORY", state.toString()))) {
            int port = Integer.parseInt(jetty.awaitLog(CONNECTOR_STARTED, START_TIMEOUT).group(1));
            jetty.awaitLog(SERVER_STARTED, START_TIMEOUT);
            DeployedTracker.check(jetty, port, 1234);
            int exit = jetty.terminate(Duration.ofSeconds(Long.parseLong(unit.value("TimeoutStopSec"))));
            assertEquals(Integer.parseInt(unit.value("SuccessExitStatus")), exit,
                    "exit status on SIGTERM:\n" + jetty.log());
        }
        assertTrue(Files.exists(state.resolve("karuta.mv.db")), "the database is in the state directory");
        assertTrue(Files.exists(state.resolve("admin-realm.properties")), "so is the admin realm");
        assertEquals(before, snapshot(base), "nothing written into the jetty-base");
    }

    /** Every file and directory under {@code dir} with its modification time. */
    private static Map<String, FileTime> snapshot(Path dir) throws Exception {
        Map<String, FileTime> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                files.put(dir.relativize(p).toString(), Files.getLastModifiedTime(p));
            }
        }
        return files;
    }

    /**
     * A copy of the project's jetty-base with the built WAR in webapps/, as docs/operations.md installs
     * it: without work/ (the WAR unpacks into the temporary directory) or logs/.
     */
    private Path jettyBase() throws Exception {
        Path from = Path.of(System.getProperty("karuta.jettyBase"));
        Path base = tmp.resolve("jetty-base");
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path relative = from.relativize(p);
                if (relative.startsWith("work") || relative.startsWith("logs")
                        || relative.getFileName().toString().endsWith(".war")) {
                    continue;
                }
                Path target = base.resolve(relative.toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Files.copy(Path.of(System.getProperty("karuta.war")), base.resolve("webapps/karuta.war"));
        return base;
    }
}
