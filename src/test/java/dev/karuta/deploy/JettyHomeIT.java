package dev.karuta.deploy;

import dev.karuta.testing.ChildProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built WAR with the project's {@code jetty-base/} on a stock jetty-home, as the README says to run it. */
class JettyHomeIT {
    private static final Pattern STARTED = Pattern.compile("Started oejs\\.ServerConnector@\\w+\\{HTTP/1\\.1.*?:(\\d+)\\}");

    @Test
    void servesTheWarFromJettyBase(@TempDir Path tmp) throws Exception {
        Path jettyHome = Path.of(System.getProperty("karuta.itWork"), "jetty-home-" + System.getProperty("jetty.version"));
        Path base = tmp.resolve("jetty-base");
        copyTree(Path.of(System.getProperty("karuta.jettyBase")), base);
        Files.copy(Path.of(System.getProperty("karuta.war")), base.resolve("webapps/karuta.war"),
                StandardCopyOption.REPLACE_EXISTING);
        List<String> command = List.of(javaBin(), "-jar", jettyHome.resolve("start.jar").toString(),
                "jetty.base=" + base, "jetty.http.port=0",
                // Configuration as an operator gives it: system properties that karuta.xml feeds the webapp.
                "-Dkaruta.udp.port=0", "-Dkaruta.announce.interval=999", "-Dkaruta.announce.intervalJitter=0");
        try (ChildProcess jetty = ChildProcess.start("jetty", command, base, tmp.resolve("jetty.log"))) {
            int port = Integer.parseInt(jetty.awaitLog(STARTED, Duration.ofSeconds(60)).group(1));
            DeployedTracker.check(port, 999);
        }
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!p.getFileName().toString().endsWith(".war")) {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
