package dev.karuta.deploy;

import dev.karuta.testing.ChildProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The built WAR on a stock jetty-home with a copy of the project's {@code jetty-base/}, started as
 * {@link JettyHomeIT} starts it ({@code java -jar start.jar jetty.base=...}, HTTP and UDP on ports the
 * system picks, on loopback), for tests that stop or kill it and start it again on the same base and
 * data directory.
 */
final class JettyHomeRun {
    /** The connector's start line names the port it bound: {@code ...{HTTP/1.1, (http/1.1)}{127.0.0.1:38211}}. */
    private static final Pattern CONNECTOR_STARTED =
            Pattern.compile("Started oejs\\.ServerConnector@\\w+\\{HTTP/1\\.1[^}]*\\}\\{[^}]*:(\\d+)\\}");
    /** Logged once the server, with its deployed contexts, is up. */
    private static final Pattern SERVER_STARTED = Pattern.compile("Started oejs\\.Server@");
    static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Path base;
    private final Path dataDir;
    private final Path logs;
    private int starts;

    private JettyHomeRun(Path base, Path dataDir, Path logs) {
        this.base = base;
        this.dataDir = dataDir;
        this.logs = logs;
    }

    /** A copy of jetty-base under {@code tmp} with the WAR in webapps/, its data directory {@code tmp/data}. */
    static JettyHomeRun in(Path tmp) throws Exception {
        Path base = tmp.resolve("jetty-base");
        Path from = Path.of(System.getProperty("karuta.jettyBase"));
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path relative = from.relativize(p);
                // What a developer's own run left in jetty-base (a WAR, work/, logs/) is not part of the test.
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
        Files.copy(Path.of(System.getProperty("karuta.war")), base.resolve("webapps/karuta.war"),
                StandardCopyOption.REPLACE_EXISTING);
        // With jetty-base/work present Jetty unpacks the WAR there, inside the test's temporary directory.
        Files.createDirectories(base.resolve("work"));
        return new JettyHomeRun(base, Files.createDirectories(tmp.resolve("data")), tmp);
    }

    /** The webapp's data directory ({@code karuta.data.dir}). */
    Path dataDir() {
        return dataDir;
    }

    /** A started server: its process and the HTTP port it bound. */
    record Started(ChildProcess process, int port) implements AutoCloseable {
        String url() {
            return "http://127.0.0.1:" + port;
        }

        @Override
        public void close() {
            process.close();
        }
    }

    /** Starts the server with these start properties and returns once it serves; each start logs to a file of its own. */
    Started start(String... properties) throws Exception {
        ChildProcess jetty = launch(properties);
        try {
            int port = Integer.parseInt(jetty.awaitLog(CONNECTOR_STARTED, START_TIMEOUT).group(1));
            jetty.awaitLog(SERVER_STARTED, START_TIMEOUT);
            return new Started(jetty, port);
        } catch (AssertionError | RuntimeException e) {
            jetty.close();
            throw e;
        }
    }

    /** Starts the server with these start properties and returns at once, for a test that watches its log. */
    ChildProcess launch(String... properties) throws Exception {
        Path jettyHome = DeployedTracker.unpacked("jetty-home-" + System.getProperty("jetty.version"));
        List<String> command = new ArrayList<>(List.of(DeployedTracker.javaBin(), "-jar",
                jettyHome.resolve("start.jar").toString(), "jetty.base=" + base,
                "jetty.http.host=127.0.0.1", "jetty.http.port=0", "karuta.udp.host=127.0.0.1", "karuta.udp.port=0",
                "karuta.data.dir=" + dataDir));
        command.addAll(List.of(properties));
        starts++;
        return ChildProcess.start("jetty-home (start " + starts + ")", command, base,
                logs.resolve("jetty-" + starts + ".log"));
    }
}
