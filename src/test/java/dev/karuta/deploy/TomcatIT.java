package dev.karuta.deploy;

import dev.karuta.testing.ChildProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same, unchanged WAR on real Tomcat 10.1 and 11 (distributions from Maven Central), configured the
 * Tomcat way: a {@code <Parameter>} in the context file.
 */
class TomcatIT {
    /** Tomcat names a port-0 connector after the port it bound: {@code http-nio-127.0.0.1-auto-1-38211}. */
    private static final Pattern STARTED = Pattern.compile("Starting ProtocolHandler \\[\"http-nio-[^\"]*auto-\\d+-(\\d+)\"\\]");

    @ParameterizedTest
    @ValueSource(strings = {"tomcat10.version", "tomcat11.version"})
    void servesTheWar(String versionProperty, @TempDir Path base) throws Exception {
        String version = System.getProperty(versionProperty);
        Path home = DeployedTracker.unpacked("apache-tomcat-" + version);
        for (String dir : new String[] {"conf", "logs", "temp", "webapps", "work", "conf/Catalina/localhost"}) {
            Files.createDirectories(base.resolve(dir));
        }
        for (String file : new String[] {"web.xml", "catalina.properties", "logging.properties", "context.xml"}) {
            Files.copy(home.resolve("conf").resolve(file), base.resolve("conf").resolve(file));
        }
        Files.writeString(base.resolve("conf/server.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <Server port="-1" shutdown="SHUTDOWN">
                  <Service name="Catalina">
                    <Connector port="0" address="127.0.0.1" protocol="HTTP/1.1" connectionTimeout="20000"/>
                    <Engine name="Catalina" defaultHost="localhost">
                      <Host name="localhost" appBase="webapps" unpackWARs="true" autoDeploy="false"/>
                    </Engine>
                  </Service>
                </Server>
                """, StandardCharsets.UTF_8);
        Files.writeString(base.resolve("conf/Catalina/localhost/ROOT.xml"), """
                <Context>
                  <Parameter name="karuta.announce.interval" value="777" override="false"/>
                  <Parameter name="karuta.announce.intervalJitter" value="0" override="false"/>
                  <Parameter name="karuta.announce.minInterval" value="300" override="false"/>
                  <Parameter name="karuta.udp.host" value="127.0.0.1" override="false"/>
                  <Parameter name="karuta.udp.port" value="0" override="false"/>
                </Context>
                """, StandardCharsets.UTF_8);
        Files.copy(Path.of(System.getProperty("karuta.war")), base.resolve("webapps/ROOT.war"));
        String classpath = home.resolve("bin/bootstrap.jar") + java.io.File.pathSeparator + home.resolve("bin/tomcat-juli.jar");
        List<String> command = List.of(DeployedTracker.javaBin(), "-cp", classpath,
                "-Dcatalina.home=" + home, "-Dcatalina.base=" + base, "-Djava.io.tmpdir=" + base.resolve("temp"),
                "-Djava.util.logging.manager=org.apache.juli.ClassLoaderLogManager",
                "-Djava.util.logging.config.file=" + base.resolve("conf/logging.properties"),
                "org.apache.catalina.startup.Bootstrap", "start");
        try (ChildProcess tomcat = ChildProcess.start("tomcat " + version, command, base, base.resolve("console.log"))) {
            int port = Integer.parseInt(tomcat.awaitLog(STARTED, Duration.ofSeconds(90)).group(1));
            tomcat.awaitLog(Pattern.compile("Server startup in"), Duration.ofSeconds(90));
            if (tomcat.log().contains("startup failed")) {
                throw new AssertionError("the webapp did not start:\n" + tomcat.log());
            }
            DeployedTracker.check(tomcat, port, 777);
        }
    }
}
