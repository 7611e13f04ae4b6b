package dev.karuta.bench;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The real webapp at {@code /} with a trivial servlet added at {@code /trivial/announce} in the same
 * context, connector and thread pool: the trivial servlet is the container's own limit that the
 * tracker is measured against. Not part of the WAR. Usage: {@code BenchServer PORT} (0 prints the port).
 */
public final class BenchServer {
    private BenchServer() {
    }

    /** Answers every request with the same short bencoded announce body, doing nothing else. */
    public static final class TrivialServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private static final byte[] BODY = ("d8:completei1e10:incompletei1e8:intervali1800e12:min intervali900e"
                + "5:peers6:\u007f\0\0\u0001\u001a\u00e1e").getBytes(StandardCharsets.ISO_8859_1);

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/plain");
            resp.setContentLength(BODY.length);
            resp.getOutputStream().write(BODY);
        }
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setPort(port);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);

        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath("/");
        webapp.setBaseResourceAsPath(Path.of("webapp").toAbsolutePath());
        webapp.setParentLoaderPriority(true);
        webapp.setThrowUnavailableOnStartupException(true);
        webapp.setInitParameter("karuta.udp.enabled", "false");

        // Inside the same webapp context, so both routes pass through exactly the same handlers.
        webapp.addServlet(TrivialServlet.class, "/trivial/announce");

        server.setHandler(webapp);
        server.start();
        System.out.println("BenchServer listening on " + connector.getLocalPort());
        server.join();
    }
}
