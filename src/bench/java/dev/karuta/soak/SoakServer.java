package dev.karuta.soak;

import dev.karuta.testing.KarutaServer;
import dev.karuta.app.Components;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The real webapp on Jetty in this JVM, loopback only: HTTP on a free port, the UDP frontend on a
 * free port, an embedded database in a fresh temporary directory, and the soak's short timings set
 * through the webapp's own configuration keys ({@code karuta.announce.interval},
 * {@code karuta.peer.ttl}, {@code karuta.sweep.interval}, ...).
 *
 * <p>The container's thread pool has a fixed size (its minimum is its maximum), so that the soak's
 * thread check sees threads the webapp starts, not the pool growing and shrinking with the load.
 */
final class SoakServer implements AutoCloseable {
    /** Container threads: plenty for the soak's few client threads, as many at rest as under load. */
    private static final int CONTAINER_THREADS = 32;

    private final Server server;
    private final ServerConnector connector;
    private final WebAppContext webapp;
    private final Path dataDir;

    private SoakServer(Server server, ServerConnector connector, WebAppContext webapp, Path dataDir) {
        this.server = server;
        this.connector = connector;
        this.webapp = webapp;
        this.dataDir = dataDir;
    }

    /** Starts the webapp with {@code settings}' timings. */
    static SoakServer start(SoakSettings settings) throws Exception {
        Server server = new Server(new QueuedThreadPool(CONTAINER_THREADS, CONTAINER_THREADS));
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        // The admin constraint needs a realm to start; nobody logs in during a soak.
        HashLoginService realm = new HashLoginService("Karuta");
        realm.setUserStore(new UserStore());
        server.addBean(realm);

        Path dataDir = Files.createTempDirectory("karuta-soak");
        WebAppContext webapp = KarutaServer.newWebapp();
        webapp.setInitParameter("karuta.data.dir", dataDir.toString());
        webapp.setInitParameter("karuta.admin.createLogin", "false");
        webapp.setInitParameter("karuta.udp.host", "127.0.0.1");
        webapp.setInitParameter("karuta.udp.port", "0");
        webapp.setInitParameter("karuta.announce.interval", Integer.toString(settings.interval()));
        webapp.setInitParameter("karuta.announce.intervalJitter", Integer.toString(settings.jitter()));
        webapp.setInitParameter("karuta.announce.minInterval", "1");
        webapp.setInitParameter("karuta.peer.ttl", Integer.toString(settings.ttl()));
        webapp.setInitParameter("karuta.sweep.interval", Integer.toString(settings.sweep()));
        // Every simulated client announces from 127.0.0.1: the per-address bound would replace peers the
        // model keeps. The soak checks exact counts under churn, so the bound is off here.
        webapp.setInitParameter("karuta.peers.perAddress", "0");
        server.setHandler(webapp);
        try {
            server.start();
        } catch (Exception e) {
            server.stop();
            delete(dataDir);
            throw e;
        }
        return new SoakServer(server, connector, webapp, dataDir);
    }

    /** The HTTP port. */
    int httpPort() {
        return connector.getLocalPort();
    }

    /** The UDP port. */
    int udpPort() {
        return components().udp().port();
    }

    /** What the webapp's composition root built: its registry, UDP frontend, configuration. */
    Components components() {
        return (Components) webapp.getServletContext().getAttribute(Components.ATTRIBUTE);
    }

    @Override
    public void close() throws Exception {
        try {
            server.stop();
        } finally {
            delete(dataDir);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary directory is no soak failure.
        }
    }
}
