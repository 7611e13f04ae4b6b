package dev.karuta.testing;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.karuta.web.Components;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The real webapp (the {@code webapp/} directory with its {@code web.xml}, classes from the test
 * classpath) on a real Jetty bound to port 0 on all interfaces, with an injectable ticker. Unless the
 * test names a {@code karuta.data.dir}, the embedded database lives in a fresh temporary directory
 * deleted on {@link #close()}, so that no test sees another's swarms or counts.
 */
public final class KarutaServer implements AutoCloseable {
    private final Server server;
    private final WebAppContext webapp;
    private final Path ownDataDir;

    private KarutaServer(Server server, WebAppContext webapp, Path ownDataDir) {
        this.server = server;
        this.webapp = webapp;
        this.ownDataDir = ownDataDir;
    }

    /** Starts the webapp with these init-parameters and time source. */
    public static KarutaServer start(Map<String, String> initParams, Ticker ticker) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setPort(0);
        server.addConnector(connector);
        server.addConnector(new LocalConnector(server));
        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath("/");
        webapp.setBaseResourceAsPath(Path.of("webapp").toAbsolutePath());
        webapp.setParentLoaderPriority(true);
        webapp.setThrowUnavailableOnStartupException(true);
        // UDP on a free port unless the test says otherwise, so tests never collide on 6969.
        webapp.setInitParameter("karuta.udp.port", "0");
        Path ownDataDir = null;
        if (!initParams.containsKey("karuta.data.dir")) {
            ownDataDir = Files.createTempDirectory("karuta-data");
            webapp.setInitParameter("karuta.data.dir", ownDataDir.toString());
        }
        initParams.forEach(webapp::setInitParameter);
        if (ticker != null) {
            webapp.setAttribute(Components.TICKER_ATTRIBUTE, ticker);
        }
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
