package dev.karuta.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.app.ConfigException;
import dev.karuta.app.TrackerConfig;
import dev.karuta.app.config.DataDirectory.Container;
import dev.karuta.app.config.DataDirectory.Host;
import dev.karuta.app.config.DataDirectory.Origin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data directory's order (karuta.data.dir, $STATE_DIRECTORY's first path, ~/.karuta) on an injected
 * environment and home, and the one line a directory that cannot be made gives for each container.
 */
class DataDirectoryTest {
    private static final Map<String, String> NONE = Map.of();
    private static final Host PACKAGED_TOMCAT =
            Host.of("tomcat", "0::/system.slice/tomcat10.service\n", "Apache Tomcat/10.1.60 (Debian)");

    @TempDir
    Path tmp;

    @Test
    void theKeyWinsThenTheStateDirectoryThenTheHome() {
        Map<String, String> systemd = Map.of("STATE_DIRECTORY", "/var/lib/karuta");
        assertEquals(new DataDirectory(Path.of("/srv/karuta"), Origin.KEY),
                DataDirectory.resolve(" /srv/karuta ", systemd::get, "/var/lib/tomcat"));
        assertEquals(new DataDirectory(Path.of("/var/lib/karuta"), Origin.STATE_DIRECTORY),
                DataDirectory.resolve(null, systemd::get, "/var/lib/tomcat"));
        assertEquals(new DataDirectory(Path.of("/var/lib/tomcat/.karuta"), Origin.HOME),
                DataDirectory.resolve("", NONE::get, "/var/lib/tomcat"));
        assertEquals(Origin.HOME, DataDirectory.resolve(null, Map.of("STATE_DIRECTORY", " ")::get, "/h").origin(),
                "a blank variable is not set");
    }

    @Test
    void ofSeveralStateDirectoriesTheFirstIsKarutas() {
        // StateDirectory=karuta other
        assertEquals(Path.of("/var/lib/karuta"), DataDirectory.resolve(null,
                Map.of("STATE_DIRECTORY", "/var/lib/karuta:/var/lib/other")::get, "/h").path());
    }

    @Test
    void theConfigurationTakesTheStateDirectoryWhenTheKeyIsNotGiven() {
        ConfigSource systemd = new ConfigSource(NONE::get, Map.of("user.home", "/var/lib/tomcat")::get,
                Map.of("STATE_DIRECTORY", "/var/lib/karuta:/var/lib/other")::get);
        TrackerConfig c = TrackerConfig.from(systemd);
        assertEquals(Path.of("/var/lib/karuta"), c.dataDir());
        assertEquals("/var/lib/karuta", c.effective().get("karuta.data.dir"), "the log shows where the data is");
        assertEquals(Origin.STATE_DIRECTORY, c.dataDirectory().origin());
        assertEquals("jdbc:h2:file:/var/lib/karuta/karuta;DB_CLOSE_ON_EXIT=FALSE", c.store().jdbcUrl());

        TrackerConfig given = TrackerConfig.from(new ConfigSource(Map.of("karuta.data.dir", "/srv/k")::get,
                Map.of("user.home", "/var/lib/tomcat")::get, Map.of("STATE_DIRECTORY", "/var/lib/karuta")::get));
        assertEquals(new DataDirectory(Path.of("/srv/k"), Origin.KEY), given.dataDirectory());

        TrackerConfig home = TrackerConfig.from(new ConfigSource(NONE::get, Map.of("user.home", "/home/t")::get,
                NONE::get));
        assertEquals(new DataDirectory(Path.of("/home/t/.karuta"), Origin.HOME), home.dataDirectory());
        assertEquals(home.dataDir(), home.dataDirectory().path());
    }

    @Test
    void aRelativeStateDirectoryIsRefusedSayingWhereItCameFrom() {
        ConfigException e = assertThrows(ConfigException.class, () -> TrackerConfig.from(new ConfigSource(
                NONE::get, Map.of("user.home", "/h")::get, Map.of("STATE_DIRECTORY", "karuta")::get)));
        assertTrue(e.getMessage().contains("karuta.data.dir") && e.getMessage().contains("$STATE_DIRECTORY"),
                e.getMessage());
    }

    /** Java's user.home is "?" for a user the system does not know (an arbitrary container UID). */
    @Test
    void aUserWithoutAHomeIsToldToGiveTheKeyOrAStateDirectory() {
        ConfigException e = assertThrows(ConfigException.class, () -> TrackerConfig.from(new ConfigSource(
                NONE::get, Map.of("user.home", "?")::get, NONE::get)));
        assertTrue(e.getMessage().contains("the user has no home directory; set karuta.data.dir, or"
                + " StateDirectory=karuta in the systemd unit"), e.getMessage());
    }

    @Test
    void createMakesTheMissingDirectories() {
        DataDirectory dir = new DataDirectory(tmp.resolve("state/karuta"), Origin.STATE_DIRECTORY);
        dir.create(PACKAGED_TOMCAT);
        assertTrue(Files.isDirectory(tmp.resolve("state/karuta")));
        dir.create(PACKAGED_TOMCAT);
    }

    /** Debian's tomcat10 without the drop-in: the home of user tomcat cannot hold ~/.karuta. */
    @Test
    void aHomeThatCannotHoldItNamesTheDropInForThisUnitInOneLine() throws Exception {
        // A file where the home should be fails for root too (the tests may run as root).
        Path home = Files.writeString(tmp.resolve("home-is-a-file"), "");
        DataDirectory dir = DataDirectory.resolve(null, NONE::get, home.toString());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> dir.create(PACKAGED_TOMCAT));
        String line = e.getMessage();
        assertFalse(line.contains("\n"), line);
        assertTrue(line.startsWith("Karuta cannot start: its data directory " + home.resolve(".karuta")
                + " (~/.karuta of user tomcat, karuta.data.dir not given): it cannot be created ("), line);
        assertTrue(line.contains("add a systemd drop-in /etc/systemd/system/tomcat10.service.d/karuta.conf holding the"
                + " two lines \"[Service]\" and \"StateDirectory=karuta\" (or run systemctl edit tomcat10), then"
                + " systemctl daemon-reload and systemctl restart tomcat10"), line);
        assertTrue(line.endsWith("or set karuta.data.dir to an absolute directory user tomcat can write (a <Parameter"
                + " name=\"karuta.data.dir\" value=\"...\" override=\"false\"/> in Tomcat's"
                + " conf/Catalina/localhost/ROOT.xml)"), line);
        assertFalse(Files.exists(tmp.resolve("home-is-a-file/.karuta")));
    }

    /** Apache's Tomcat 11 run by hand as a user whose home is read-only: no unit, so the key. */
    @Test
    void withoutSystemdTheLineNamesTheKeyWhereThisContainerTakesIt() throws Exception {
        Path home = Files.writeString(tmp.resolve("home"), "");
        DataDirectory dir = DataDirectory.resolve(null, NONE::get, home.toString());
        String tomcat = assertThrows(IllegalStateException.class,
                () -> dir.create(Host.of("karuta", "0::/\n", "Apache Tomcat/11.0.24"))).getMessage();
        assertFalse(tomcat.contains("systemd"), tomcat);
        assertTrue(tomcat.contains("; set karuta.data.dir to an absolute directory user karuta can write (a <Parameter"
                + " name=\"karuta.data.dir\""), tomcat);
        String jetty = assertThrows(IllegalStateException.class,
                () -> dir.create(Host.of("jetty", null, "jetty/12.1.8"))).getMessage();
        assertTrue(jetty.endsWith("(karuta.data.dir=... in jetty-base's start.d/karuta.ini)"), jetty);
        String other = assertThrows(IllegalStateException.class,
                () -> dir.create(Host.of("app", null, null))).getMessage();
        assertTrue(other.endsWith("(a context init-parameter, -Dkaruta.data.dir=... or KARUTA_DATA_DIR)"), other);
    }

    /** A directory the operator named: the key is theirs to fix, no drop-in to suggest. */
    @Test
    void aGivenDirectoryThatCannotBeMadeNamesTheKey() throws Exception {
        Path file = Files.writeString(tmp.resolve("file"), "");
        DataDirectory dir = new DataDirectory(file.resolve("data"), Origin.KEY);
        String line = assertThrows(IllegalStateException.class, () -> dir.create(PACKAGED_TOMCAT)).getMessage();
        assertTrue(line.startsWith("Karuta cannot start: its data directory " + file.resolve("data")
                + " (karuta.data.dir): it cannot be created ("), line);
        assertFalse(line.contains("drop-in"), line);
        assertTrue(line.contains("; give user tomcat that directory, or set karuta.data.dir"), line);
    }

    /** $STATE_DIRECTORY is there, so a drop-in is not what is missing. */
    @Test
    void aStateDirectoryThatCannotBeMadeSendsToTheUnit() throws Exception {
        Path file = Files.writeString(tmp.resolve("file"), "");
        Map<String, String> systemd = Map.of("STATE_DIRECTORY", file.resolve("karuta").toString());
        DataDirectory dir = DataDirectory.resolve(null, systemd::get, "/h");
        String line = assertThrows(IllegalStateException.class, () -> dir.create(PACKAGED_TOMCAT)).getMessage();
        assertTrue(line.contains(" ($STATE_DIRECTORY, systemd's StateDirectory=): it cannot be created ("), line);
        assertTrue(line.contains("check the unit, or set karuta.data.dir"), line);
        assertFalse(line.contains("drop-in"), line);
    }

    @Test
    void theUnitIsReadFromTheProcessesCgroup() {
        assertEquals("tomcat10", Host.unitIn("0::/system.slice/tomcat10.service\n"));
        assertEquals("karuta", Host.unitIn("12:pids:/system.slice/karuta.service\n0::/system.slice/karuta.service\n"));
        assertEquals("tomcat10", Host.unitIn("0::/system.slice/tomcat10.service/payload\n"));
        assertNull(Host.unitIn("0::/\n"), "a container's root");
        assertNull(Host.unitIn("0::/user.slice/user-1000.slice/session-2.scope\n"), "a login session");
        assertNull(Host.unitIn(null));
        assertEquals(Container.TOMCAT, Host.of("u", null, "Apache Tomcat/10.1.60 (Debian)").container());
    }
}
