package dev.karuta.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.testing.AdminClient;
import dev.karuta.testing.ChildProcess;
import dev.karuta.testing.ExternalTools;
import dev.karuta.testing.RawHttp;
import dev.karuta.testing.SelfSignedKeystore;
import dev.karuta.testing.TestRedis;
import dev.karuta.testing.TrackerClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same, unchanged WAR on real Tomcat 10.1 and 11 (distributions from Maven Central), configured the
 * Tomcat way: a {@code <Parameter>} in the context file. Tomcat 10.1 keeps the tracker's data in the
 * embedded database of {@code karuta.data.dir}; Tomcat 11 gives it a container DataSource, a
 * {@code <Resource>} in the same file found through {@code karuta.db.jndi}, as the README says.
 */
class TomcatIT {
    /** Tomcat names a port-0 connector after the port it bound: {@code http-nio-127.0.0.1-auto-1-38211}. */
    private static final Pattern STARTED = Pattern.compile("Starting ProtocolHandler \\[\"http-nio-[^\"]*auto-\\d+-(\\d+)\"\\]");
    /** The same for the TLS connector: {@code https-jsse-nio-127.0.0.1-auto-1-38211}. */
    private static final Pattern TLS_STARTED =
            Pattern.compile("Starting ProtocolHandler \\[\"https-[^\"]*nio-[^\"]*auto-\\d+-(\\d+)\"\\]");
    private static final String HTTP_CONNECTOR =
            "<Connector port=\"0\" address=\"127.0.0.1\" protocol=\"HTTP/1.1\" connectionTimeout=\"20000\"/>";

    @ParameterizedTest
    @ValueSource(strings = {"tomcat10.version", "tomcat11.version"})
    void servesTheWar(String versionProperty, @TempDir Path base) throws Exception {
        String version = System.getProperty(versionProperty);
        Path home = DeployedTracker.unpacked("apache-tomcat-" + version);
        boolean jndi = versionProperty.equals("tomcat11.version");
        List<String> command = layout(home, base, """
                  <Parameter name="karuta.announce.interval" value="777" override="false"/>
                  <Parameter name="karuta.announce.intervalJitter" value="0" override="false"/>
                  <Parameter name="karuta.announce.minInterval" value="300" override="false"/>
                %s""".formatted(jndi ? dataSource(base) : ""));
        ChildProcess tomcat = ChildProcess.start("tomcat " + version, command, base, base.resolve("console.log"));
        try {
            int port = awaitStart(tomcat);
            DeployedTracker.check(tomcat, port, 777);
            DeployedTracker.announceBeforeRestart(port);
        } finally {
            // SIGTERM: Tomcat's shutdown hook stops the webapp, which writes its swarms, and then looks for leaks.
            tomcat.close();
        }
        String log = tomcat.log();
        assertTrue(log.contains("saved 4 peers for the next start"), log);
        // "... appears to have started a thread named [x] but has failed to stop it", "... registered the JDBC
        // driver [x] but failed to unregister it ...", "... created a ThreadLocal ... but failed to remove it".
        assertFalse(log.contains("but has failed to") || log.contains("but failed to"),
                "Tomcat found something the webapp left behind:\n" + log);
        try (ChildProcess again = ChildProcess.start("tomcat " + version + " again", command, base,
                base.resolve("console2.log"))) {
            DeployedTracker.checkRestored(again, awaitStart(again));
        }
        Path embedded = base.resolve("data/karuta.mv.db");
        Path container = base.resolve("container-db/karuta.mv.db");
        assertEquals(jndi ? List.of(false, true) : List.of(true, false),
                List.of(Files.exists(embedded), Files.exists(container)), "where the data went");
    }

    /**
     * Tomcat 10.1 answers announces whose swarms are in Redis: asynchronously (the servlet's async
     * mode and non-blocking output in Tomcat's implementation), a peer handed to the next one.
     */
    @Test
    void answersAnnouncesFromRedis(@TempDir Path base) throws Exception {
        String redis = TestRedis.uri();
        String prefix = TestRedis.uniquePrefix();
        Path home = DeployedTracker.unpacked("apache-tomcat-" + System.getProperty("tomcat10.version"));
        List<String> command = layout(home, base, """
                  <Parameter name="karuta.registry" value="redis" override="false"/>
                  <Parameter name="karuta.redis.uri" value="%s" override="false"/>
                  <Parameter name="karuta.redis.prefix" value="%s" override="false"/>
                  <Parameter name="karuta.udp.secret" value="00112233445566778899aabbccddeeff" override="false"/>
                """.formatted(redis, prefix));
        try (ChildProcess tomcat = ChildProcess.start("tomcat on redis", command, base, base.resolve("console.log"))) {
            TrackerClient client = new TrackerClient("http://127.0.0.1:" + awaitStart(tomcat));
            byte[] hash = TrackerClient.id("tomcat-redis-torrent");
            Map<String, Object> first = client.get(TrackerClient.announce(hash, TrackerClient.id("tomcat-seeder"), 7001, 0, ""));
            assertFalse(first.containsKey("failure reason"), first.toString());
            Map<String, Object> second = client.get(TrackerClient.announce(hash, TrackerClient.id("tomcat-leecher"), 7002, 10, ""));
            assertEquals(1L, second.get("complete"), second.toString());
            assertEquals(1L, second.get("incomplete"));
            byte[] peers = (byte[]) second.get("peers");
            assertEquals(6, peers.length, "the seeder, compact");
            assertEquals(7001, ((peers[4] & 0xff) << 8) | (peers[5] & 0xff));
        } finally {
            TestRedis.deleteKeys(redis, prefix);
        }
    }

    /**
     * The HTTPS connector of docs/deployment.md on Tomcat 10.1: a PKCS12 keystore made with keytool, its
     * password in a file (with the newline {@code openssl rand -hex 16 >} leaves), and the page's
     * MemoryRealm. Announce, scrape, /metrics and an admin change with the https:// Origin over https://.
     */
    @Test
    void servesTheWarOverHttps(@TempDir Path base) throws Exception {
        Path home = DeployedTracker.unpacked("apache-tomcat-" + System.getProperty("tomcat10.version"));
        SelfSignedKeystore keystore = SelfSignedKeystore.generate(base.resolve("conf/keystore.p12"));
        Path passwordFile = base.resolve("conf/keystore.pass");
        Files.writeString(passwordFile, keystore.password() + "\n", StandardCharsets.UTF_8);
        String adminPassword = "admin-" + keystore.password().substring(0, 8);
        Path users = base.resolve("conf/karuta-users.xml");
        Files.writeString(users, """
                <tomcat-users><user username="admin" password="%s" roles="karuta-admin"/></tomcat-users>
                """.formatted(adminPassword), StandardCharsets.UTF_8);
        List<String> command = layout(home, base, """
                  <Parameter name="karuta.announce.intervalJitter" value="0" override="false"/>
                  <Realm className="org.apache.catalina.realm.MemoryRealm" pathname="%s"/>
                """.formatted(users), """
                <Connector port="0" address="127.0.0.1" protocol="org.apache.coyote.http11.Http11NioProtocol"
                               SSLEnabled="true" maxKeepAliveRequests="-1">
                      <SSLHostConfig>
                        <Certificate certificateKeystoreFile="%s" certificateKeystoreType="PKCS12"
                                     certificateKeystorePasswordFile="%s"/>
                      </SSLHostConfig>
                    </Connector>""".formatted(keystore.file(), passwordFile));
        try (ChildProcess tomcat = ChildProcess.start("tomcat over https", command, base,
                base.resolve("console.log"))) {
            String url = "https://127.0.0.1:" + awaitStart(tomcat, TLS_STARTED);
            SSLContext tls = keystore.trustingIt();
            DeployedTracker.check(tomcat, url, tls, 1800);
            DeployedTracker.checkAdminChangeOverHttps(new AdminClient(url, "admin", adminPassword, tls), url);
        }
    }

    /**
     * Tomcat 11 from Apache's archive run by hand as an unprivileged user ({@code nobody}) whose home is
     * read-only, with no {@code karuta.data.dir}: the deployment fails with one line that names
     * {@code ~/.karuta} and where Tomcat takes the key, and nothing answers. With {@code $STATE_DIRECTORY}
     * (a unit of one's own with {@code StateDirectory=karuta}) the tracker serves and keeps its data there.
     */
    @Test
    void anUnprivilegedUserWithAReadOnlyHomeIsToldWhatToAddThenServesFromTheStateDirectory(@TempDir Path tmp)
            throws Exception {
        ExternalTools.requireRoot("starting Tomcat as user nobody");
        ExternalTools.requireProgram("setpriv", "util-linux");
        // The test's directory is root's alone; nobody must reach Tomcat, the base and the JVM in it.
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path home = tmp.resolve("tomcat");
        run("cp", "-a", DeployedTracker.unpacked("apache-tomcat-" + System.getProperty("tomcat11.version")).toString(),
                home.toString());
        Path base = tmp.resolve("base");
        List<String> java = layoutWithout(home, base, """
                  <Parameter name="karuta.announce.intervalJitter" value="0" override="false"/>
                """, HTTP_CONNECTOR);
        Path userHome = Files.createDirectories(tmp.resolve("home"));
        Path state = Files.createDirectories(tmp.resolve("state"));
        // Apache's archive is readable by its owner and group only: the home stays root's, read by the group.
        run("chgrp", "-R", "nogroup", home.toString());
        run("chmod", "-R", "g+rX", home.toString());
        run("chown", "-R", "nobody:nogroup", base.toString(), state.toString());
        List<String> command = new ArrayList<>(List.of("env", "-u", "STATE_DIRECTORY", "setpriv", "--reuid=nobody",
                "--regid=nogroup", "--clear-groups", "--no-new-privs", "--", java.get(0), "-Duser.home=" + userHome));
        command.addAll(java.subList(1, java.size()));

        try (ChildProcess tomcat = ChildProcess.start("tomcat 11 as nobody", command, base,
                tmp.resolve("console.log"))) {
            int port = Integer.parseInt(tomcat.awaitLog(STARTED, Duration.ofSeconds(90)).group(1));
            tomcat.awaitLog(Pattern.compile("Server startup in"), Duration.ofSeconds(90));
            List<String> lines = tomcat.log().lines().filter(l -> l.contains("Karuta cannot start")).toList();
            assertEquals(1, lines.size(), tomcat.log());
            String line = lines.get(0);
            assertTrue(line.contains("its data directory " + userHome.resolve(".karuta") + " (~/.karuta of user"
                    + " nobody, karuta.data.dir not given): it cannot be created (AccessDeniedException: "), line);
            assertTrue(line.endsWith("; set karuta.data.dir to an absolute directory user nobody can write (a"
                    + " <Parameter name=\"karuta.data.dir\" value=\"...\" override=\"false\"/> in Tomcat's"
                    + " conf/Catalina/localhost/ROOT.xml)"), line);
            assertEquals(404, RawHttp.get(port, "/announce?info_hash=x".getBytes(StandardCharsets.US_ASCII)).status());
            assertFalse(tomcat.log().contains("UDP tracker on"), "no UDP tracker:\n" + tomcat.log());
        }
        try (ChildProcess tomcat = ChildProcess.start("tomcat 11 as nobody, state directory", command.subList(3,
                command.size()), base, tmp.resolve("console2.log"), Map.of("STATE_DIRECTORY", state.toString()))) {
            DeployedTracker.check(tomcat, awaitStart(tomcat), 1800);
        }
        assertTrue(Files.exists(state.resolve("karuta.mv.db")), "the database is in the state directory");
        assertFalse(Files.exists(userHome.resolve(".karuta")));
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", command) + ": " + out);
    }

    /**
     * A Tomcat base with the WAR as ROOT and these context parameters, besides UDP on a free loopback
     * port and the data directory in the base; returns the command that starts it.
     */
    private static List<String> layout(Path home, Path base, String parameters) throws Exception {
        return layout(home, base, parameters, HTTP_CONNECTOR);
    }

    /** The same with this {@code <Connector>} in server.xml. */
    private static List<String> layout(Path home, Path base, String parameters, String connector) throws Exception {
        return layoutWithout(home, base, """
                  <Parameter name="karuta.data.dir" value="%s" override="false"/>
                %s""".formatted(base.resolve("data"), parameters), connector);
    }

    /** The same with these context parameters only, besides UDP's: no data directory is given. */
    private static List<String> layoutWithout(Path home, Path base, String parameters, String connector)
            throws Exception {
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
                    %s
                    <Engine name="Catalina" defaultHost="localhost">
                      <Host name="localhost" appBase="webapps" unpackWARs="true" autoDeploy="false"/>
                    </Engine>
                  </Service>
                </Server>
                """.formatted(connector), StandardCharsets.UTF_8);
        Files.writeString(base.resolve("conf/Catalina/localhost/ROOT.xml"), """
                <Context>
                  <Parameter name="karuta.udp.host" value="127.0.0.1" override="false"/>
                  <Parameter name="karuta.udp.port" value="0" override="false"/>
                %s
                </Context>
                """.formatted(parameters), StandardCharsets.UTF_8);
        Files.copy(Path.of(System.getProperty("karuta.war")), base.resolve("webapps/ROOT.war"));
        String classpath = home.resolve("bin/bootstrap.jar") + java.io.File.pathSeparator + home.resolve("bin/tomcat-juli.jar");
        // The --add-opens of Tomcat's own catalina.sh, which its leak detection needs.
        return List.of(DeployedTracker.javaBin(), "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
                "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
                "--add-opens=java.rmi/sun.rmi.transport=ALL-UNNAMED", "-cp", classpath,
                "-Dcatalina.home=" + home, "-Dcatalina.base=" + base, "-Djava.io.tmpdir=" + base.resolve("temp"),
                "-Djava.util.logging.manager=org.apache.juli.ClassLoaderLogManager",
                "-Djava.util.logging.config.file=" + base.resolve("conf/logging.properties"),
                "org.apache.catalina.startup.Bootstrap", "start");
    }

    /**
     * A container DataSource for {@code ROOT.xml} (Tomcat's own DBCP pool; the driver goes to
     * {@code $CATALINA_BASE/lib}), and the key that makes the tracker use it. {@code WRITE_DELAY=0}: H2
     * writes at each commit and starts no "MVStore background writer" thread; that thread, the container
     * database's and not the webapp's, is made on the webapp's first connection and ends only after the
     * pool closes at the webapp's stop, a race Tomcat's leak check lost once in four runs.
     */
    private static String dataSource(Path base) throws Exception {
        Path h2 = Path.of(org.h2.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Files.createDirectories(base.resolve("lib"));
        Files.copy(h2, base.resolve("lib").resolve(h2.getFileName()));
        return """
                <Resource name="jdbc/karuta" auth="Container" type="javax.sql.DataSource"
                          driverClassName="org.h2.Driver" username="sa" password="" maxTotal="4"
                          url="jdbc:h2:file:%s;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0"/>
                  <Parameter name="karuta.db.jndi" value="java:comp/env/jdbc/karuta" override="false"/>
                """.formatted(base.resolve("container-db/karuta"));
    }

    private static int awaitStart(ChildProcess tomcat) throws InterruptedException {
        return awaitStart(tomcat, STARTED);
    }

    private static int awaitStart(ChildProcess tomcat, Pattern connectorStarted) throws InterruptedException {
        int port = Integer.parseInt(tomcat.awaitLog(connectorStarted, Duration.ofSeconds(90)).group(1));
        tomcat.awaitLog(Pattern.compile("Server startup in"), Duration.ofSeconds(90));
        if (tomcat.log().contains("startup failed")) {
            throw new AssertionError("the webapp did not start:\n" + tomcat.log());
        }
        return port;
    }
}
