package dev.karuta.bench;

import dev.karuta.testing.KarutaServer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The real webapp at {@code /} with a trivial servlet added at {@code /trivial/announce} in the same
 * context, connector and thread pool: the trivial servlet is the container's own limit that the
 * tracker is measured against. Not part of the WAR (test sources only). Container settings are those
 * of {@code jetty-base} on a stock jetty-home 12.1: every {@code jetty.*=value} line of
 * {@code jetty-base/start.d/*.ini} (see {@link ContainerSettings}), else jetty-home's default, and a
 * {@code -Djetty.*=value} system property wins over both (so {@code bench/tune.sh} can compare one
 * setting against another). Loopback only.
 * Usage: {@code BenchServer [PORT] [private USERS]} ({@code BenchServer --hashes N}: the hex info_hashes of
 * bench/announce.lua's torrents 1..N); 0 (the default) picks a free port, printed as
 * {@code BenchServer listening on PORT}. With {@code private USERS} the tracker runs in private mode
 * on its embedded database with users 1..USERS (passkey: the user number as 32 zero-padded digits)
 * and the 10k torrents of {@code bench/announce.lua} registered, as {@code bench/private.sh} needs.
 */
public final class BenchServer {
    private BenchServer() {
    }

    /**
     * Answers every request with the same short bencoded announce body and the same headers as a
     * tracker answer (200, text/plain, no-store, content length), doing nothing else.
     */
    public static final class TrivialServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private static final byte[] BODY = ("d8:completei1e10:downloadedi0e10:incompletei1e8:intervali1800e"
                + "12:min intervali900e5:peers6:\u007f\0\0\u0001\u001a\u00e1e").getBytes(StandardCharsets.ISO_8859_1);

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setStatus(HttpServletResponse.SC_OK);
            resp.setContentType("text/plain");
            resp.setHeader("Cache-Control", "no-store");
            resp.setContentLength(BODY.length);
            resp.getOutputStream().write(BODY);
        }
    }

    /** Registers users 1..{@code users} and the torrents of bench/announce.lua. */
    private static void register(WebAppContext webapp, int users) {
        var components = (dev.karuta.app.Components) webapp.getServletContext()
                .getAttribute(dev.karuta.app.Components.ATTRIBUTE);
        var members = components.accounts().members();
        for (int u = 1; u <= users; u++) {
            members.addUser(u, String.format("%032d", u), true);
        }
        for (int t = 1; t <= 10_000; t++) {
            members.addTorrent(t, dev.karuta.core.InfoHash.of(announceLuaHash(t)), dev.karuta.accounts.FreeLeech.NORMAL);
        }
    }

    /** The info hash bench/announce.lua uses for torrent {@code t} (its MINSTD generator, salt 1). */
    static byte[] announceLuaHash(int t) {
        return AnnounceQueries.luaBytes(20, t, 1);
    }

    /** {@link KarutaServer#newWebapp()} without a session handler (Karuta uses no sessions). */
    private static WebAppContext withoutSessions() {
        WebAppContext webapp = new WebAppContext("/", null, null, null, null, ServletContextHandler.SECURITY);
        webapp.setBaseResourceAsPath(java.nio.file.Path.of("webapp").toAbsolutePath());
        webapp.setParentLoaderPriority(true);
        webapp.setThrowUnavailableOnStartupException(true);
        return webapp;
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("--hashes")) {
            // bench/announce.lua's torrents 1..N in hex, one a line (opentracker's whitelist)
            for (int t = 1; t <= Integer.parseInt(args[1]); t++) {
                System.out.println(java.util.HexFormat.of().formatHex(announceLuaHash(t)));
            }
            return;
        }
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        int users = args.length > 2 && args[1].equals("private") ? Integer.parseInt(args[2]) : 0;
        ContainerSettings settings = ContainerSettings.fromJettyBase();
        Server server = new Server(settings.threadPool());
        ServerConnector connector = settings.connector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        System.out.println("BenchServer container: " + settings);

        WebAppContext webapp = settings.sessions() ? KarutaServer.newWebapp() : withoutSessions();
        webapp.setInitParameter("karuta.udp.enabled", "false");
        webapp.setInitParameter("karuta.admin.createLogin", "false");
        if (users > 0) {
            webapp.setInitParameter("karuta.mode", "private");
        }
        // The admin constraint needs a realm to start; nobody logs in during a benchmark.
        HashLoginService realm = new HashLoginService("Karuta");
        realm.setUserStore(new UserStore());
        server.addBean(realm);
        // Each run starts empty: a snapshot restored from an earlier run would change what is measured.
        webapp.setInitParameter("karuta.data.dir",
                java.nio.file.Files.createTempDirectory("karuta-bench").toAbsolutePath().toString());

        // Inside the same webapp context, so both routes pass through exactly the same handlers.
        webapp.addServlet(TrivialServlet.class, "/trivial/announce");

        server.setHandler(webapp);
        server.setStopAtShutdown(true);
        server.start();
        if (users > 0) {
            register(webapp, users);
        }
        System.out.println("BenchServer listening on " + connector.getLocalPort());
        server.join();
    }
}
