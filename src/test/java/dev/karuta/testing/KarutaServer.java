package dev.karuta.testing;

import dev.karuta.app.Components;
import dev.karuta.core.TimeSource;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The real webapp (the {@code webapp/} directory with its {@code web.xml}, classes from the test
 * classpath) on a real Jetty bound to port 0 on all interfaces, with an injectable time source. Unless
 * the
 * test names a {@code karuta.data.dir}, the embedded database lives in a fresh temporary directory
 * deleted on {@link #close()}, so that no test sees another's swarms or counts.
 */
public final class KarutaServer implements AutoCloseable {
    /** A user of the test realm with the role {@code karuta-admin}. */
    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "admin-test-password";
    /** A user of the test realm with another role. */
    public static final String VIEWER = "viewer";
    public static final String VIEWER_PASSWORD = "viewer-test-password";

    private final Server server;
    private final WebAppContext webapp;
    private final Path ownDataDir;

    private KarutaServer(Server server, WebAppContext webapp, Path ownDataDir) {
        this.server = server;
        this.webapp = webapp;
        this.ownDataDir = ownDataDir;
    }

    /** Starts the webapp with these init-parameters and time source. */
    public static KarutaServer start(Map<String, String> initParams, TimeSource time) throws Exception {
        return start(initParams, time, Map.of());
    }

    /** Starts the webapp with these init-parameters, time source and servlet context attributes. */
    public static KarutaServer start(Map<String, String> initParams, TimeSource time, Map<String, Object> attributes)
            throws Exception {
        return start(new Server(), initParams, time, attributes);
    }

    /** Starts the webapp with these init-parameters in a container of at most {@code maxThreads} threads. */
    public static KarutaServer startWithThreads(int maxThreads, Map<String, String> initParams) throws Exception {
        return start(new Server(new QueuedThreadPool(maxThreads, Math.min(8, maxThreads))), initParams, null, Map.of());
    }

    /**
     * Starts the webapp in {@code server} (not started yet; a test may have set its request log) with these
     * init-parameters, time source and servlet context attributes.
     */
    public static KarutaServer start(Server server, Map<String, String> initParams, TimeSource time,
                                     Map<String, Object> attributes) throws Exception {
        // A data directory of the test's own unless it names one (a restart test reuses its own).
        Path ownDataDir = initParams.containsKey("karuta.data.dir") ? null : Files.createTempDirectory("karuta-data");
        Path realm = Files.createTempFile("karuta-realm", ".properties");
        Files.writeString(realm, ADMIN + ": " + ADMIN_PASSWORD + ",karuta-admin\n" + VIEWER + ": " + VIEWER_PASSWORD
                + ",viewer\n");
        HashLoginService login = new HashLoginService("Karuta", ResourceFactory.root().newResource(realm));
        server.addBean(login);
        ServerConnector connector = new ServerConnector(server);
        connector.setPort(0);
        server.addConnector(connector);
        server.addConnector(new LocalConnector(server));
        WebAppContext webapp = newWebapp();
        // UDP on a free port unless the test says otherwise, so tests never collide on 6969.
        webapp.setInitParameter("karuta.udp.port", "0");
        if (ownDataDir != null) {
            webapp.setInitParameter("karuta.data.dir", ownDataDir.toString());
        }
        // The harness brings its own realm; a test of the first-start login turns this back on.
        webapp.setInitParameter("karuta.admin.createLogin", "false");
        initParams.forEach(webapp::setInitParameter);
        if (time != null) {
            webapp.setAttribute(Components.TIME_ATTRIBUTE, time);
        }
        attributes.forEach(webapp::setAttribute);
        server.setHandler(webapp);
        try {
            server.start();
        } catch (Exception e) {
            server.stop();
            delete(ownDataDir);
            throw e;
        }
        return new KarutaServer(server, webapp, ownDataDir);
    }

    /**
     * The project's webapp ({@code webapp/} with its web.xml, classes from the test classpath) at
     * {@code /}, failing its start on a configuration error; for harnesses that build their own server.
     */
    public static WebAppContext newWebapp() {
        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath("/");
        webapp.setBaseResourceAsPath(Path.of("webapp").toAbsolutePath());
        webapp.setParentLoaderPriority(true);
        webapp.setThrowUnavailableOnStartupException(true);
        return webapp;
    }

    /** Starts the webapp on its defaults and system time. */
    public static KarutaServer start() throws Exception {
        return start(Map.of(), null);
    }

    /** The bound port. */
    public int port() {
        return ((NetworkConnector) server.getConnectors()[0]).getLocalPort();
    }

    /** {@code http://127.0.0.1:port} + {@code pathAndQuery}. */
    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port() + pathAndQuery);
    }

    /** The in-memory connector, for tests that send many raw requests fast. */
    public LocalConnector local() {
        for (var c : server.getConnectors()) {
            if (c instanceof LocalConnector local) {
                return local;
            }
        }
        throw new IllegalStateException("no local connector");
    }

    /** What the composition root built. */
    public Components components() {
        return (Components) webapp.getServletContext().getAttribute(Components.ATTRIBUTE);
    }

    /** The deployed context, to stop or restart the webapp alone. */
    public WebAppContext webapp() {
        return webapp;
    }

    /** The data directory this server made for itself, or null when the test named one. */
    public Path dataDir() {
        return ownDataDir;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Jetty did not stop cleanly", e);
        } finally {
            delete(ownDataDir);
        }
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary directory is no test failure.
        }
    }
}
