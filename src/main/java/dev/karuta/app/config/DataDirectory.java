package dev.karuta.app.config;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the tracker keeps its data when {@code karuta.data.dir} is not given, and the one line that says
 * what to add when that place cannot be made. The order: {@code karuta.data.dir}; else the first path of
 * systemd's {@code $STATE_DIRECTORY} (set for a unit, or a drop-in, with {@code StateDirectory=karuta});
 * else {@code ~/.karuta}. Nothing else: a directory a restart or an upgrade wipes (the temporary
 * directory, the webapp's) never takes the state silently.
 *
 * @param path   the directory
 * @param origin which rule chose it
 */
public record DataDirectory(Path path, Origin origin) {
    /** The environment variable systemd sets for a unit with {@code StateDirectory=}. */
    public static final String STATE_DIRECTORY = "STATE_DIRECTORY";

    /** systemd's cgroup path of a service names its unit: {@code 0::/system.slice/tomcat10.service}. */
    private static final Pattern UNIT = Pattern.compile("/([^/\\s]+)\\.service(?:/|\\s|$)");

    /** Which rule chose the data directory. */
    public enum Origin {
        /** {@code karuta.data.dir} was given. */
        KEY,
        /** systemd's {@code $STATE_DIRECTORY}. */
        STATE_DIRECTORY,
        /** {@code ~/.karuta} of the user the container runs as. */
        HOME
    }

    /**
     * The directory for {@code given} (the value of {@code karuta.data.dir}, null or blank when not given),
     * the {@code environment} and the {@code userHome} of this process.
     */
    public static DataDirectory resolve(String given, Function<String, String> environment, String userHome) {
        if (given != null && !given.isBlank()) {
            return new DataDirectory(Path.of(given.trim()), Origin.KEY);
        }
        String state = environment.apply(STATE_DIRECTORY);
        if (state != null && !state.isBlank()) {
            // StateDirectory=karuta other gives "/var/lib/karuta:/var/lib/other": the first is Karuta's.
            return new DataDirectory(Path.of(state.split(File.pathSeparator, 2)[0].trim()), Origin.STATE_DIRECTORY);
        }
        return new DataDirectory(Path.of(userHome == null ? "" : userHome, ".karuta"), Origin.HOME);
    }

    /**
     * The directory when {@code karuta.data.dir} is not given, for the environment and system property
     * {@code user.home} of {@code source} (this JVM's {@code user.home} when the source has none).
     */
    public static DataDirectory byDefault(ConfigSource source) {
        String home = source.systemProperties().apply("user.home");
        return resolve(null, source.environment(), home != null ? home : System.getProperty("user.home"));
    }

    /**
     * Creates the directory if missing and checks that this process can write in it.
     *
     * @param host what the one line of a failure tells to change
     * @throws IllegalStateException with that one line when the directory cannot be created or written
     */
    public void create(Host host) {
        String problem;
        try {
            Files.createDirectories(path);
            if (Files.isWritable(path)) {
                return;
            }
            problem = "it is not writable by user " + host.user();
        } catch (IOException | SecurityException e) {
            problem = "it cannot be created (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
        }
        throw new IllegalStateException(message(problem, host));
    }

    private String message(String problem, Host host) {
        String what = switch (origin) {
            case KEY -> " (karuta.data.dir)";
            case STATE_DIRECTORY -> " ($STATE_DIRECTORY, systemd's StateDirectory=)";
            case HOME -> " (~/.karuta of user " + host.user() + ", karuta.data.dir not given)";
        };
        StringBuilder line = new StringBuilder("Karuta cannot start: its data directory ").append(path).append(what)
                .append(": ").append(problem).append("; ");
        String unit = host.unit();
        if (origin == Origin.STATE_DIRECTORY) {
            line.append("systemd makes that directory for the unit's User= when the unit has StateDirectory=karuta;")
                    .append(" check the unit, or set ");
        } else if (origin == Origin.HOME && unit != null) {
            line.append("add a systemd drop-in /etc/systemd/system/").append(unit)
                    .append(".service.d/karuta.conf holding the two lines \"[Service]\" and \"StateDirectory=karuta\"")
                    .append(" (or run systemctl edit ").append(unit).append("), then systemctl daemon-reload and")
                    .append(" systemctl restart ").append(unit).append("; or set ");
        } else if (origin == Origin.KEY) {
            line.append("give user ").append(host.user()).append(" that directory, or set ");
        } else {
            line.append("set ");
        }
        line.append("karuta.data.dir to an absolute directory user ").append(host.user()).append(" can write");
        line.append(host.container().keyHint());
        return line.toString();
    }

    /**
     * The process the tracker runs in, as the one line of a failure names it.
     *
     * @param user      the user it runs as
     * @param unit      the systemd service it runs in (without {@code .service}), or null
     * @param container the servlet container
     */
    public record Host(String user, String unit, Container container) {
        /**
         * This JVM: its user, its systemd unit when {@code cgroup} (the text of {@code /proc/self/cgroup},
         * or null) names one, and the container {@code serverInfo} names.
         */
        public static Host of(String user, String cgroup, String serverInfo) {
            return new Host(user, unitIn(cgroup), Container.named(serverInfo));
        }

        /** The systemd service named by the text of {@code /proc/self/cgroup}, or null. */
        static String unitIn(String cgroup) {
            if (cgroup == null) {
                return null;
            }
            Matcher m = UNIT.matcher(cgroup);
            String unit = null;
            while (m.find()) {
                unit = m.group(1);
            }
            return unit;
        }

        /** The text of this process's {@code /proc/self/cgroup}, or null off Linux. */
        public static String ownCgroup() {
            try {
                return Files.readString(Path.of("/proc/self/cgroup"));
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
    }

    /** The servlet containers whose place for a key the one line names. */
    public enum Container {
        TOMCAT(" (a <Parameter name=\"karuta.data.dir\" value=\"...\" override=\"false\"/> in Tomcat's"
                + " conf/Catalina/localhost/ROOT.xml)"),
        JETTY(" (karuta.data.dir=... in jetty-base's start.d/karuta.ini)"),
        OTHER(" (a context init-parameter, -Dkaruta.data.dir=... or KARUTA_DATA_DIR)");

        private final String keyHint;

        Container(String keyHint) {
            this.keyHint = keyHint;
        }

        /** The container {@code serverInfo} ({@code ServletContext#getServerInfo}) names. */
        static Container named(String serverInfo) {
            String s = serverInfo == null ? "" : serverInfo.toLowerCase(java.util.Locale.ROOT);
            return s.contains("tomcat") ? TOMCAT : s.contains("jetty") ? JETTY : OTHER;
        }

        String keyHint() {
            return keyHint;
        }
    }
}
