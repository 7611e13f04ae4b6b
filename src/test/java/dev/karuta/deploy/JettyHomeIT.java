package dev.karuta.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.bencode.BencodeReader;
import dev.karuta.core.InfoHash;
import dev.karuta.testing.AdminClient;
import dev.karuta.testing.ChildProcess;
import dev.karuta.testing.SelfSignedKeystore;
import dev.karuta.testing.TrackerClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built WAR with the project's {@code jetty-base/} on a stock jetty-home, as the README says to run
 * it: the WAR copied to {@code webapps/karuta.war}, {@code java -jar start.jar jetty.base=...}.
 */
class JettyHomeIT {
    /** The connector's start line names the port it bound: {@code ...{HTTP/1.1, (http/1.1)}{127.0.0.1:38211}}. */
    private static final Pattern CONNECTOR_STARTED =
            Pattern.compile("Started oejs\\.ServerConnector@\\w+\\{HTTP/1\\.1[^}]*\\}\\{[^}]*:(\\d+)\\}");
    /** Logged once the server, with its deployed contexts, is up. */
    private static final Pattern SERVER_STARTED = Pattern.compile("Started oejs\\.Server@");
    private static final Pattern FIRST_LOGIN = Pattern.compile("user \"admin\", password \"([^\"]+)\"");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path tmp;

    /**
     * Karuta keys given the two ways the README documents, as Jetty start properties (not system
     * properties, which the webapp would read by itself): a line uncommented in start.d/karuta.ini and a
     * property on the command line. Both reach the webapp only through karuta.xml's init-parameters.
     */
    @Test
    void servesTheWarConfiguredByStartProperties() throws Exception {
        Path base = jettyBase();
        Path ini = base.resolve("start.d/karuta.ini");
        String text = Files.readString(ini, StandardCharsets.UTF_8);
        String edited = text.replace("# karuta.announce.interval=1800", "karuta.announce.interval=999")
                .replace("# karuta.announce.minInterval=900", "karuta.announce.minInterval=111");
        assertNotEquals(text, edited, "start.d/karuta.ini documents the keys with their defaults");
        // A start.d file that sorts before karuta.ini and leaves the ee10 environment selected must not
        // move karuta.ini's properties out of reach of the command line.
        Files.writeString(base.resolve("start.d/ee10-annotations.ini"), "--module=ee10-annotations\n");
        Files.writeString(ini, edited, StandardCharsets.UTF_8);

        try (ChildProcess jetty = start(base, "karuta.announce.intervalJitter=0", "karuta.announce.minInterval=333")) {
            int port = Integer.parseInt(jetty.awaitLog(CONNECTOR_STARTED, START_TIMEOUT).group(1));
            jetty.awaitLog(SERVER_STARTED, START_TIMEOUT);
            Map<String, Object> answer = DeployedTracker.check(jetty, port, 999);
            assertEquals(333L, answer.get("min interval"), "the command line wins over start.d/karuta.ini");

            // The karuta-realm module: the admin pages are closed, and the password logged on the
            // first start (written into the data directory given as a start property) opens them.
            Matcher login = jetty.awaitLog(FIRST_LOGIN, START_TIMEOUT);
            assertTrue(Files.exists(tmp.resolve("data").resolve("admin-realm.properties")));
            String url = "http://127.0.0.1:" + port;
            assertEquals(401, new AdminClient(url, null, null).get("/admin/api/stats").status());
            AdminClient admin = new AdminClient(url, "admin", login.group(1));
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            int status;
            do { // the realm reloads its file once a second
                status = admin.get("/admin/api/stats").status();
            } while (status != 200 && System.nanoTime() < deadline && pause());
            assertEquals(200, status, "the logged password logs in");
        }
    }

    private static boolean pause() throws InterruptedException {
        Thread.sleep(100);
        return true;
    }

    /**
     * A graceful stop (SIGTERM: start.jar's shutdown hook stops the server and the webapp) writes the
     * swarms and the snatch counts to the embedded database; the next start hands the same peers out.
     */
    @Test
    void aRestartKeepsTheSwarmsAndTheSnatches() throws Exception {
        Path base = jettyBase();
        try (ChildProcess jetty = start(base)) {
            int port = Integer.parseInt(jetty.awaitLog(CONNECTOR_STARTED, START_TIMEOUT).group(1));
            jetty.awaitLog(SERVER_STARTED, START_TIMEOUT);
            DeployedTracker.announceBeforeRestart(port);
            // Not checked in the log: java.util.logging's own shutdown hook may close its handlers first.
        }
        assertTrue(Files.exists(tmp.resolve("data/karuta.mv.db")), "the database is in karuta.data.dir");
        try (ChildProcess jetty = start(base)) {
            int port = Integer.parseInt(jetty.awaitLog(CONNECTOR_STARTED, START_TIMEOUT).group(1));
            jetty.awaitLog(SERVER_STARTED, START_TIMEOUT);
            DeployedTracker.checkRestored(jetty, port);
        }
    }

    /**
     * The karuta-requestlog module of start.d/karuta-requestlog.ini, turned on, with a private tracker on
     * the embedded database: announces and a scrape with a passkey in the path, a mistyped route, a bad
     * announce and Ocelot's control API (secret in the path, a new passkey in the query) each leave one
     * line in logs/, with the mark in place of every passkey and the secret, and neither is anywhere in
     * the log.
     */
    @Test
    void aPrivateTrackersRequestLogHasNoPasskey() throws Exception {
        Path base = jettyBase();
        Path ini = base.resolve("start.d/karuta-requestlog.ini");
        String text = Files.readString(ini, StandardCharsets.UTF_8);
        String enabled = text.replace("# --module=karuta-requestlog", "--module=karuta-requestlog");
        assertNotEquals(text, enabled, "start.d/karuta-requestlog.ini holds the module's line, commented out");
        Files.writeString(ini, enabled, StandardCharsets.UTF_8);
        // A known admin login, in the realm file the first start would otherwise write.
        String password = "request-log-admin-password";
        Files.createDirectories(tmp.resolve("data"));
        Files.writeString(tmp.resolve("data/admin-realm.properties"), "admin: " + password + ",karuta-admin\n");
        String passkey = "logPASSKEY0123456789abcdefghijkl";
        String newPasskey = "logNEWKEY0123456789abcdefghijklm";
        String secret = "logSECRET0123456789abcdefghijklm";
        byte[] hash = TrackerClient.id("request-logged");
        String hex = InfoHash.of(hash).toHex();
        List<String> expected = new ArrayList<>();
        try (ChildProcess jetty = start(base, "karuta.mode=private", "karuta.ocelot.site.secret=" + secret)) {
            int port = Integer.parseInt(jetty.awaitLog(CONNECTOR_STARTED, START_TIMEOUT).group(1));
            jetty.awaitLog(SERVER_STARTED, START_TIMEOUT);
            String url = "http://127.0.0.1:" + port;
            AdminClient admin = new AdminClient(url, "admin", password);
            assertEquals(200, admin.send("POST", "/admin/api/private/users",
                    "{\"id\":1,\"passkey\":\"" + passkey + "\"}").status());
            expected.add("\"POST /admin/api/private/users HTTP/1.1\" 200 ");
            assertEquals(200, admin.send("POST", "/admin/api/private/torrents",
                    "{\"id\":1,\"infoHash\":\"" + hex + "\"}").status());
            expected.add("\"POST /admin/api/private/torrents HTTP/1.1\" 200 ");
            TrackerClient user = new TrackerClient(url + "/" + passkey);
            for (String target : List.of(
                    TrackerClient.announce(hash, TrackerClient.id("-TR3000-logseed"), 51413, 0, "event=started&key=AB12"),
                    TrackerClient.announce(hash, TrackerClient.id("-qB4650-logleech"), 6881, 10, "event=started"),
                    TrackerClient.scrape(hash))) {
                assertTrue(!user.get(target).containsKey("failure reason"), target);
                expected.add("\"GET /<passkey>" + target.replace("key=AB12", "key=<secret>") + " HTTP/1.1\" 200 ");
            }
            Map<String, Object> bad = user.get("/announce?info_hash=x");
            assertEquals("info_hash must be 20 bytes", BencodeReader.latin1(bad.get("failure reason")));
            expected.add("\"GET /<passkey>/announce?info_hash=x HTTP/1.1\" 200 ");
            // A mistyped route: not found inside the webapp, answered in bencode.
            assertTrue(user.get("/anounce").containsKey("failure reason"));
            expected.add("\"GET /<passkey>/anounce HTTP/1.1\" 200 ");
            String added = new String(new TrackerClient(url + "/" + secret).getRaw(
                    "/update?action=add_user&id=2&passkey=" + newPasskey), StandardCharsets.ISO_8859_1);
            assertTrue(added.endsWith("success"), added);
            expected.add("\"GET /<secret>/update?action=add_user&id=2&passkey=<passkey> HTTP/1.1\" 200 ");

            List<String> lines = awaitRequestLog(base.resolve("logs"), expected.size());
            assertEquals(expected.size(), lines.size(), "one line a request: " + lines);
            for (String line : expected) {
                assertEquals(1, lines.stream().filter(l -> l.contains(line)).count(), line + " in " + lines);
            }
            for (String line : lines) {
                for (String hidden : List.of(passkey, newPasskey, secret)) {
                    assertTrue(!line.toLowerCase().contains(hidden.toLowerCase()), "the log shows a secret: " + line);
                }
            }
        }
    }

    /** The lines of the request log files in {@code logs} once there are {@code count}, or after 30 s. */
    private static List<String> awaitRequestLog(Path logs, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<String> lines;
        do {
            lines = new ArrayList<>();
            if (Files.isDirectory(logs)) {
                try (Stream<Path> files = Files.list(logs)) {
                    for (Path f : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".request.log")).sorted()::iterator) {
                        lines.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
                    }
                }
            }
        } while (lines.size() < count && System.nanoTime() < deadline && pause());
        return lines;
    }

    /**
     * The README's JNDI set-up: the ee10-plus module, the driver in lib/ee10/ext, a JVM-scoped
     * {@code org.eclipse.jetty.plus.jndi.Resource} in karuta.xml and {@code karuta.db.jndi=jdbc/karuta}.
     * The tracker keeps its data where the container's DataSource points, not in karuta.data.dir.
     */
    @Test
    void aContainerDataSourceFoundByJndi() throws Exception {
        Path base = jettyBase();
        Path ext = Files.createDirectories(base.resolve("lib/ee10/ext"));
        Path h2 = Path.of(org.h2.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Files.copy(h2, ext.resolve(h2.getFileName()));
        Files.writeString(base.resolve("start.d/ee10-plus.ini"), "--module=ee10-plus\n--module=ee10-ext\n");
        Path database = tmp.resolve("container-db/karuta");
        Path xml = base.resolve("webapps/karuta.xml");
        String context = Files.readString(xml, StandardCharsets.UTF_8);
        String resource = """
                  <New id="karutaDataSource" class="org.eclipse.jetty.plus.jndi.Resource">
                    <Arg></Arg>
                    <Arg>jdbc/karuta</Arg>
                    <Arg>
                      <New class="org.h2.jdbcx.JdbcDataSource">
                        <Set name="URL">jdbc:h2:file:%s;DB_CLOSE_ON_EXIT=FALSE</Set>
                        <Set name="user">sa</Set>
                      </New>
                    </Arg>
                  </New>
                </Configure>
                """.formatted(database);
        Files.writeString(xml, context.replace("</Configure>\n", resource), StandardCharsets.UTF_8);
        try (ChildProcess jetty = start(base, "karuta.db.jndi=jdbc/karuta", "karuta.announce.intervalJitter=0")) {
            int port = Integer.parseInt(jetty.awaitLog(CONNECTOR_STARTED, START_TIMEOUT).group(1));
            jetty.awaitLog(SERVER_STARTED, START_TIMEOUT);
            DeployedTracker.check(jetty, port, 1800);
        }
        assertTrue(Files.exists(Path.of(database + ".mv.db")), "the data went to the container's database");
        // The data directory holds the admin realm file, but not the database.
        assertTrue(!Files.exists(tmp.resolve("data/karuta.mv.db")), "the embedded database was not used");
    }

    /** An invalid value fails the server start (not just the context) with a message naming the key. */
    @Test
    void invalidKeyStopsTheStart() throws Exception {
        try (ChildProcess jetty = start(jettyBase(), "karuta.numwant.max=lots")) {
            int exit = jetty.awaitExit(START_TIMEOUT);
            String log = jetty.log();
            assertNotEquals(0, exit, log);
            assertTrue(log.contains("invalid value for karuta.numwant.max ('lots')"), log);
            assertTrue(!SERVER_STARTED.matcher(log).find(), log);
        }
    }

    /** The TLS connector's start line: {@code ...{SSL, (ssl, http/1.1)}{127.0.0.1:38212}}. */
    private static final Pattern TLS_CONNECTOR_STARTED =
            Pattern.compile("Started oejs\\.ServerConnector@\\w+\\{SSL[^}]*\\}\\{[^}]*:(\\d+)\\}");

    /**
     * HTTPS as docs/deployment.md says: a PKCS12 keystore made with keytool at the path start.d/https.ini
     * documents, that file's lines uncommented and its password filled in. Announce, scrape and /metrics
     * answer over https:// (the client trusting the keystore's certificate only), and the admin pages
     * open with the first-start login and take a change whose Origin is the https:// one.
     */
    @Test
    void servesHttpsWithTheShippedIni() throws Exception {
        Path base = jettyBase();
        SelfSignedKeystore keystore = SelfSignedKeystore.generate(base.resolve("etc/keystore.p12"));
        Path ini = base.resolve("start.d/https.ini");
        String text = Files.readString(ini, StandardCharsets.UTF_8);
        String edited = text.replace("# --module=", "--module=").replaceAll("(?m)^# (jetty\\.[\\w.]+=)", "$1")
                .replace("jetty.sslContext.keyStorePassword=CHANGE-ME",
                        "jetty.sslContext.keyStorePassword=" + keystore.password());
        assertTrue(edited.contains("\n--module=ssl\n--module=https\n"), "start.d/https.ini names both modules");
        assertTrue(edited.contains("\njetty.sslContext.keyStorePath=etc/keystore.p12\n"), edited);
        assertTrue(edited.contains("\njetty.sslContext.keyStorePassword=" + keystore.password() + "\n"), edited);
        Files.writeString(ini, edited, StandardCharsets.UTF_8);

        // The command line wins over the ini's port and address.
        try (ChildProcess jetty = start(base, "jetty.ssl.host=127.0.0.1", "jetty.ssl.port=0",
                "karuta.announce.intervalJitter=0")) {
            int port = Integer.parseInt(jetty.awaitLog(TLS_CONNECTOR_STARTED, START_TIMEOUT).group(1));
            jetty.awaitLog(SERVER_STARTED, START_TIMEOUT);
            String url = "https://127.0.0.1:" + port;
            SSLContext tls = keystore.trustingIt();
            DeployedTracker.check(jetty, url, tls, 1800);
            checkAdminOverHttps(jetty, url, tls);
        }
    }

    /** The first-start login opens the admin pages at {@code url}; a change needs the https:// Origin. */
    private void checkAdminOverHttps(ChildProcess jetty, String url, SSLContext tls) throws Exception {
        Matcher login = jetty.awaitLog(FIRST_LOGIN, START_TIMEOUT);
        AdminClient admin = new AdminClient(url, "admin", login.group(1), tls);
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        int status;
        do { // the realm reloads its file once a second
            status = admin.get("/admin/api/stats").status();
        } while (status != 200 && System.nanoTime() < deadline && pause());
        assertEquals(200, status, "the logged password logs in over https\n" + jetty.log());
        DeployedTracker.checkAdminChangeOverHttps(admin, url);
    }

    /** A copy of the project's jetty-base in a temporary directory, with the built WAR in webapps/. */
    private Path jettyBase() throws Exception {
        Path base = tmp.resolve("jetty-base");
        copyTree(Path.of(System.getProperty("karuta.jettyBase")), base);
        Files.copy(Path.of(System.getProperty("karuta.war")), base.resolve("webapps/karuta.war"),
                StandardCopyOption.REPLACE_EXISTING);
        // With jetty-base/work present Jetty unpacks the WAR there, inside the test's temporary directory.
        Files.createDirectories(base.resolve("work"));
        return base;
    }

    /**
     * Starts jetty-home's start.jar on {@code base} with an HTTP port and a UDP port the system picks, on
     * loopback, its data directory in the test's, plus the given start properties.
     */
    private ChildProcess start(Path base, String... properties) throws Exception {
        Path jettyHome = DeployedTracker.unpacked("jetty-home-" + System.getProperty("jetty.version"));
        List<String> command = new ArrayList<>(List.of(DeployedTracker.javaBin(), "-jar",
                jettyHome.resolve("start.jar").toString(), "jetty.base=" + base,
                "jetty.http.host=127.0.0.1", "jetty.http.port=0", "karuta.udp.host=127.0.0.1", "karuta.udp.port=0",
                "karuta.data.dir=" + tmp.resolve("data")));
        command.addAll(List.of(properties));
        return ChildProcess.start("jetty-home", command, base, tmp.resolve("jetty.log"));
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path relative = from.relativize(p);
                // What a developer's own run left in jetty-base (a WAR, work/, logs/) is not part of the test.
                if (relative.startsWith("work") || relative.startsWith("logs")
                        || relative.getFileName().toString().endsWith(".war")) {
                    continue;
                }
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
