package dev.karuta.deploy;

import static dev.karuta.testing.TrackerClient.announce;
import static dev.karuta.testing.TrackerClient.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.bencode.BencodeReader;
import dev.karuta.testing.AdminClient;
import dev.karuta.testing.ChildProcess;
import dev.karuta.testing.ExternalTools;
import dev.karuta.testing.RawHttp;
import dev.karuta.testing.TrackerClient;
import dev.karuta.testing.UdpTrackerClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's {@code tomcat10} package ({@code apt-get install tomcat10}) set up as docs/deployment.md says:
 * the package's {@code webapps/ROOT} removed, the WAR copied to {@code webapps/ROOT.war}, keys and the
 * admin realm in {@code Catalina/localhost/ROOT.xml}, and the drop-in {@code docs/deploy/tomcat10-karuta.conf}.
 * Tomcat is started as the package's unit starts it: its {@code ExecStart} ({@code tomcat-start.sh}, which
 * reads {@code /etc/default/tomcat10} and runs {@code catalina.sh run}) with the unit's {@code Environment=}
 * and the drop-in's, as user {@code tomcat}, in a clean environment; {@code $STATE_DIRECTORY} is given
 * as systemd gives it for {@code StateDirectory=}. Without systemd, {@code ProtectSystem=strict} is not
 * applied: user tomcat's own rights stand in (it cannot write its missing home, {@code /var/lib}, nor
 * the configuration), and the test checks that {@code conf/} outside {@code Catalina/} (the unit's
 * {@code ReadWritePaths=}), the machine's package and the home of user tomcat are untouched.
 *
 * <p>The machine's package stays as found: the test works on its own copy of {@code CATALINA_BASE}
 * ({@code /etc/tomcat10} copied as {@code conf/}, the package's {@code webapps/ROOT}), with the HTTP
 * connector on a port the system picks on the loopback and no shutdown port.
 */
class PackagedTomcatIT {
    private static final Path UNIT = Path.of("/lib/systemd/system/tomcat10.service");
    private static final Path DROP_IN = Path.of("docs/deploy/tomcat10-karuta.conf");
    private static final Path PACKAGE_CONF = Path.of("/etc/tomcat10");
    private static final Path PACKAGE_BASE = Path.of("/var/lib/tomcat10");
    private static final Pattern STARTED =
            Pattern.compile("Starting ProtocolHandler \\[\"http-nio-[^\"]*auto-\\d+-(\\d+)\"\\]");
    /** MessageFormat may group the digits: {@code port 42,448}. */
    private static final Pattern UDP_STARTED = Pattern.compile("UDP tracker on 127\\.0\\.0\\.1 port ([\\d,.]+)");
    private static final String ADMIN_PASSWORD = "packaged-admin-password";
    private static final byte[] REFUSED = id("deny-listed-torrent");

    @TempDir
    Path tmp;

    private Path base;
    private Path state;
    private Path privateTmp;

    @Test
    void withTheDropInTheWarServesHttpAndUdpAndKeepsItsListsAndSnatchesAcrossARestart() throws Exception {
        ExternalTools.requirePackagedFile(UNIT, "tomcat10");
        ExternalTools.requireRoot("starting Tomcat as the package's user tomcat");
        ExternalTools.requireProgram("setpriv", "util-linux");
        SystemdUnit unit = SystemdUnit.read(UNIT);
        SystemdUnit dropIn = SystemdUnit.read(DROP_IN);
        assertEquals("karuta", dropIn.value("StateDirectory"));
        Map<String, FileTime> packageBefore = snapshot(PACKAGE_CONF, PACKAGE_BASE);
        Path home = Path.of(userHome(unit.value("User")));
        layout(unit.value("User"));
        Map<String, FileTime> confBefore = snapshot(base.resolve("conf"));

        // As installed, before the drop-in: one line says what to add, and nothing answers.
        try (ChildProcess tomcat = start(unit, null, "console-without-drop-in.log")) {
            int port = awaitPort(tomcat);
            List<String> lines = tomcat.log().lines().filter(l -> l.contains("Karuta cannot start")).toList();
            assertEquals(1, lines.size(), tomcat.log());
            assertTrue(lines.get(0).contains("Karuta cannot start: its data directory " + home.resolve(".karuta")
                    + " (~/.karuta of user tomcat, karuta.data.dir not given): it cannot be created ("), lines.get(0));
            assertTrue(lines.get(0).contains("set karuta.data.dir to an absolute directory user tomcat can write"),
                    lines.get(0));
            RawHttp.Response answer = RawHttp.get(port, "/announce?info_hash=x".getBytes(StandardCharsets.US_ASCII));
            assertEquals(404, answer.status(), "Tomcat answers for the failed webapp");
            assertFalse(UDP_STARTED.matcher(tomcat.log()).find(), "no UDP tracker:\n" + tomcat.log());
        }
        assertFalse(Files.exists(home), "nothing was made in the home of user tomcat");

        int udpPort;
        try (ChildProcess tomcat = start(unit, dropIn, "console.log")) {
            int port = awaitPort(tomcat);
            udpPort = udpPort(tomcat);
            DeployedTracker.check(tomcat, port, 900);
            DeployedTracker.announceBeforeRestart(port);
            overUdp(udpPort, tomcat);
            denyListOne(port, tomcat);
            int exit = tomcat.terminate(Duration.ofSeconds(Long.parseLong(dropIn.value("TimeoutStopSec"))));
            assertEquals(Integer.parseInt(unit.value("SuccessExitStatus")), exit, "SIGTERM:\n" + tomcat.log());
            assertTrue(tomcat.log().contains("saved 5 peers for the next start"), tomcat.log());
        }
        try (ChildProcess again = start(unit, dropIn, "console-again.log")) {
            int port = awaitPort(again);
            DeployedTracker.checkRestored(again, port);
            AdminClient admin = new AdminClient("http://127.0.0.1:" + port, "admin", ADMIN_PASSWORD);
            String list = admin.get("/admin/api/torrents").body();
            assertTrue(list.contains("\"mode\":\"deny\"") && list.contains(hex(REFUSED)), "the list survived: " + list);
            assertRefused(new TrackerClient("http://127.0.0.1:" + port).get(announce(REFUSED, id("-TR3000-again"),
                    51413, 0, "event=started")), "after the restart");
            overUdp(udpPort(again), again);
        }
        assertTrue(Files.exists(state.resolve("karuta.mv.db")), "the database is in the state directory");
        assertFalse(Files.exists(home), "nothing was made in the home of user tomcat");
        Map<String, FileTime> confAfter = snapshot(base.resolve("conf"));
        confAfter.keySet().removeIf(p -> p.startsWith("Catalina"));
        Map<String, FileTime> confExpected = new TreeMap<>(confBefore);
        confExpected.keySet().removeIf(p -> p.startsWith("Catalina"));
        assertEquals(confExpected, confAfter, "only conf/Catalina (ReadWritePaths=) was written in conf/");
        assertEquals(packageBefore, snapshot(PACKAGE_CONF, PACKAGE_BASE), "the machine's package is as found");
    }

    /**
     * The test's CATALINA_BASE as the package lays out {@code /var/lib/tomcat10}, owned as there, with the
     * steps of docs/deployment.md done as root: the package's ROOT removed, the WAR copied, ROOT.xml and
     * the realm's users written.
     */
    private void layout(String user) throws Exception {
        // The temporary directory is root's alone; Tomcat, as user tomcat, must reach into it.
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        base = Files.createDirectories(tmp.resolve("catalina-base"));
        run("cp", "-a", PACKAGE_CONF.toString(), base.resolve("conf").toString());
        Files.createDirectories(base.resolve("webapps"));
        run("cp", "-a", PACKAGE_BASE.resolve("webapps/ROOT").toString(), base.resolve("webapps/ROOT").toString());
        for (String writable : new String[] {"webapps", "logs", "work", "lib"}) {
            ownedBy(Files.createDirectories(base.resolve(writable)), user);
        }
        state = ownedBy(Files.createDirectories(tmp.resolve("state")), user);
        privateTmp = ownedBy(Files.createDirectories(tmp.resolve("private-tmp")), user);

        Path serverXml = base.resolve("conf/server.xml");
        String server = Files.readString(serverXml, StandardCharsets.UTF_8);
        String ours = server.replaceFirst("<Server port=\"\\d+\"", "<Server port=\"-1\"")
                .replace("<Connector port=\"8080\" protocol=\"HTTP/1.1\"",
                        "<Connector port=\"0\" address=\"127.0.0.1\" protocol=\"HTTP/1.1\"");
        assertFalse(ours.equals(server), "the package's HTTP connector was found in server.xml");
        Files.writeString(serverXml, ours, StandardCharsets.UTF_8);

        // docs/deployment.md: the package's welcome page would stay the root webapp, hiding the WAR.
        run("rm", "-r", base.resolve("webapps/ROOT").toString());
        run("cp", System.getProperty("karuta.war"), base.resolve("webapps/ROOT.war").toString());
        Path contexts = Files.createDirectories(base.resolve("conf/Catalina/localhost"));
        Files.writeString(contexts.resolve("ROOT.xml"), """
                <Context>
                  <Parameter name="karuta.announce.interval" value="900" override="false"/>
                  <Parameter name="karuta.announce.intervalJitter" value="0" override="false"/>
                  <Parameter name="karuta.udp.host" value="127.0.0.1" override="false"/>
                  <Parameter name="karuta.udp.port" value="0" override="false"/>
                  <Realm className="org.apache.catalina.realm.MemoryRealm" pathname="conf/karuta-users.xml"/>
                </Context>
                """, StandardCharsets.UTF_8);
        Path users = Files.writeString(base.resolve("conf/karuta-users.xml"), """
                <tomcat-users><user username="admin" password="%s" roles="karuta-admin"/></tomcat-users>
                """.formatted(ADMIN_PASSWORD), StandardCharsets.UTF_8);
        run("chgrp", user, users.toString());
        run("chmod", "640", users.toString());
    }

    /**
     * The unit's ExecStart as systemd runs it: a clean environment with the unit's and (when not null)
     * the drop-in's variables, its paths moved to the test's, as the unit's user.
     */
    private ChildProcess start(SystemdUnit unit, SystemdUnit dropIn, String log) throws Exception {
        String user = unit.value("User");
        Map<String, String> environment = new TreeMap<>();
        // What systemd gives every service (User= adds HOME, USER, LOGNAME, SHELL).
        environment.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        environment.put("LANG", "C.UTF-8");
        environment.put("HOME", userHome(user));
        environment.put("USER", user);
        environment.put("LOGNAME", user);
        environment.putAll(unit.environment());
        assertEquals(PACKAGE_BASE.toString(), environment.get("CATALINA_BASE"));
        environment.put("CATALINA_BASE", base.toString());
        assertEquals("yes", unit.value("PrivateTmp"));
        environment.put("CATALINA_TMPDIR", privateTmp.toString());
        if (dropIn != null) {
            environment.putAll(dropIn.environment());
            environment.put("STATE_DIRECTORY", state.toString());
        }
        List<String> command = new ArrayList<>(List.of("env", "-i"));
        environment.forEach((name, value) -> command.add(name + "=" + value));
        command.addAll(List.of("setpriv", "--reuid=" + user, "--regid=" + unit.value("Group"), "--init-groups",
                "--no-new-privs", "--"));
        assertEquals("true", unit.value("NoNewPrivileges"));
        command.addAll(unit.execStart());
        return ChildProcess.start("packaged tomcat10", command, tmp, tmp.resolve(log));
    }

    private static int awaitPort(ChildProcess tomcat) throws InterruptedException {
        int port = Integer.parseInt(tomcat.awaitLog(STARTED, Duration.ofSeconds(120)).group(1));
        tomcat.awaitLog(Pattern.compile("Server startup in"), Duration.ofSeconds(120));
        return port;
    }

    private static int udpPort(ChildProcess tomcat) throws InterruptedException {
        Matcher m = tomcat.awaitLog(UDP_STARTED, Duration.ofSeconds(10));
        return Integer.parseInt(m.group(1).replaceAll("\\D", ""));
    }

    /** A BEP 15 announce and scrape: the HTTP peers of {@link DeployedTracker#check} are there. */
    private static void overUdp(int port, ChildProcess tomcat) throws Exception {
        try (UdpTrackerClient udp = new UdpTrackerClient("127.0.0.1", port)) {
            udp.connect();
            byte[] answer = udp.announce(id("deployed-torrent"), id("-UDP001-packaged"), 100, 2, 50, 7777);
            ByteBuffer a = ByteBuffer.wrap(answer);
            assertEquals(1, a.getInt(0), "an announce answer:\n" + tomcat.log());
            assertTrue(a.getInt(16) >= 1, "seeders");
            byte[] scrape = udp.scrape(id("deployed-torrent"));
            assertEquals(2, ByteBuffer.wrap(scrape).getInt(0), "a scrape answer");
            assertTrue(ByteBuffer.wrap(scrape).getInt(8) >= 1, "seeders in the scrape");
        }
    }

    /** Through the admin API, as user admin of the context's realm: deny one torrent, which is then refused. */
    private static void denyListOne(int port, ChildProcess tomcat) throws Exception {
        AdminClient admin = new AdminClient("http://127.0.0.1:" + port, "admin", ADMIN_PASSWORD);
        AdminClient.Answer page = admin.get("/admin/");
        assertEquals(200, page.status(), "the admin pages open for the realm's user");
        assertTrue(page.body().contains("<html"), page.body());
        AdminClient.Answer added = admin.send("POST", "/admin/api/torrents",
                "{\"infoHashes\":[\"" + hex(REFUSED) + "\"]}");
        assertEquals(200, added.status(), added.body() + "\n" + tomcat.log());
        AdminClient.Answer mode = admin.send("PUT", "/admin/api/torrents/mode", "{\"mode\":\"deny\"}");
        assertEquals(200, mode.status(), mode.body());
        assertRefused(new TrackerClient("http://127.0.0.1:" + port).get(announce(REFUSED, id("-TR3000-denied"),
                51413, 0, "event=started")), "once deny-listed");
    }

    private static void assertRefused(Map<String, Object> answer, String when) {
        assertTrue(answer.containsKey("failure reason"), when + ": " + answer);
        assertFalse(BencodeReader.latin1(answer.get("failure reason")).isEmpty());
    }

    private static String hex(byte[] hash) {
        return java.util.HexFormat.of().formatHex(hash);
    }

    private static Path ownedBy(Path path, String user) throws Exception {
        UserPrincipalLookupService users = path.getFileSystem().getUserPrincipalLookupService();
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        view.setOwner(users.lookupPrincipalByName(user));
        view.setGroup(users.lookupPrincipalByGroupName(user));
        return path;
    }

    /** The home directory of {@code user} (from the passwd database, as systemd takes it). */
    private String userHome(String user) throws Exception {
        String entry = capture("getent", "passwd", user).strip();
        String[] fields = entry.split(":");
        assertEquals(7, fields.length, "getent passwd " + user + ": " + entry);
        return fields[5];
    }

    private void run(String... command) throws Exception {
        capture(command);
    }

    private String capture(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), String.join(" ", command));
        assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + out);
        return out;
    }

    /** Every file and directory under {@code roots} (symbolic links not followed) with its modification time. */
    private static Map<String, FileTime> snapshot(Path... roots) throws Exception {
        Map<String, FileTime> files = new TreeMap<>();
        for (Path root : roots) {
            try (Stream<Path> all = Files.walk(root)) {
                for (Path p : (Iterable<Path>) all::iterator) {
                    String name = roots.length == 1 ? root.relativize(p).toString() : p.toString();
                    files.put(name, Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS));
                }
            }
        }
        return files;
    }
}
