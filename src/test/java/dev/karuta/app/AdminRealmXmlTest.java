package dev.karuta.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.testing.AdminClient;
import dev.karuta.testing.KarutaServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.security.LoginService;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.xml.XmlConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jetty-base/etc/karuta-realm.xml (used by the karuta-realm module and by mvn jetty:run) with the real
 * webapp on a fresh data directory: the realm starts before the webapp, the webapp writes the first
 * login, and the password it logs opens the admin API.
 */
class AdminRealmXmlTest {
    @TempDir
    Path dir;

    @Test
    void theFirstStartLogsAPasswordThatOpensTheAdminApi() throws Exception {
        Path data = dir.resolve("fresh/data");
        List<String> logged = new ArrayList<>();
        Logger jul = Logger.getLogger(AdminLogin.class.getName());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        jul.addHandler(capture);
        Server server = new Server();
        try {
            ServerConnector connector = new ServerConnector(server);
            connector.setHost("127.0.0.1");
            server.addConnector(connector);
            XmlConfiguration xml = new XmlConfiguration(ResourceFactory.root().newResource(Path.of("jetty-base/etc/karuta-realm.xml")));
            xml.getIdMap().put("Server", server);
            xml.getProperties().put("karuta.data.dir", data.toString());
            xml.configure();
            assertTrue(Files.exists(data.resolve(AdminLogin.FILE)), "the realm XML creates the file before the realm starts");
            assertNotNull(server.getBean(LoginService.class));

            WebAppContext webapp = KarutaServer.newWebapp();
            webapp.setInitParameter("karuta.udp.enabled", "false");
            webapp.setInitParameter("karuta.data.dir", data.toString());
            server.setHandler(webapp);
            server.start();

            Matcher m = Pattern.compile("user \"admin\", password \"([^\"]+)\"").matcher(String.join("\n", logged));
            assertTrue(m.find(), "the password is logged once: " + logged);
            String base = "http://127.0.0.1:" + ((NetworkConnector) server.getConnectors()[0]).getLocalPort();
            assertEquals(401, new AdminClient(base, null, null).get("/admin/api/stats").status());
            AdminClient admin = new AdminClient(base, "admin", m.group(1));
            // The realm reloads its file once a second; wait for that, bounded.
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            int status;
            do {
                status = admin.get("/admin/api/stats").status();
            } while (status != 200 && System.nanoTime() < deadline && pause());
            assertEquals(200, status, "the logged password logs in");
            assertEquals(401, new AdminClient(base, "admin", "guess").get("/admin/api/stats").status());
        } finally {
            server.stop();
            jul.removeHandler(capture);
        }
    }

    private static boolean pause() throws InterruptedException {
        Thread.sleep(100);
        return true;
    }
}
