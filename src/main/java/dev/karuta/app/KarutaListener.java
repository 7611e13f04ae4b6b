package dev.karuta.app;

import dev.karuta.accounts.AccountsStore;
import dev.karuta.app.config.DataDirectory;
import dev.karuta.core.TimeSource;
import dev.karuta.ocelot.ControlPort;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Locale;

/**
 * The webapp's entry point: reads the configuration, starts the {@link Node} and registers its
 * servlets and filters when the webapp starts, and closes the node when it stops, leaving no thread
 * behind.
 */
public final class KarutaListener implements ServletContextListener {
    private static final System.Logger LOG = System.getLogger(KarutaListener.class.getName());

    private Node node;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        TrackerConfig config = TrackerConfig.from(context::getInitParameter);
        createDataDirectory(config, context);
        createAdminLogin(config, context);
        // Test harnesses may put their own time and accounts store in place before deployment.
        Object t = context.getAttribute(Components.TIME_ATTRIBUTE);
        Object s = context.getAttribute(Components.ACCOUNTS_STORE_ATTRIBUTE);
        TimeSource time = t instanceof TimeSource given ? given : TimeSource.SYSTEM;
        AccountsStore accountsStore = s instanceof AccountsStore given ? given : null;
        node = Node.start(config, time, accountsStore);
        try {
            Endpoints.register(context, node.components());
        } catch (RuntimeException | Error e) {
            // A failed start gets no contextDestroyed: release what was opened (database, threads) here.
            node.close();
            node = null;
            throw e;
        }
        if (node.controlPort() >= 0) {
            context.setAttribute(ControlPort.PORT_ATTRIBUTE, node.controlPort());
        }
        context.setAttribute(Components.ATTRIBUTE, node.components());
    }

    /**
     * Creates the data directory when the node keeps files there; when it cannot, fails the deployment
     * with one log line that says what to add for this container ({@link DataDirectory}).
     */
    private static void createDataDirectory(TrackerConfig config, ServletContext context) {
        if (!config.usesDataDir()) {
            return;
        }
        try {
            config.dataDirectory().create(DataDirectory.Host.of(System.getProperty("user.name"),
                    DataDirectory.Host.ownCgroup(), context.getServerInfo()));
        } catch (IllegalStateException e) {
            // The container logs the exception too, but in its own file and with a stack trace; this
            // line goes where the operator looks first (the console, systemd's journal).
            LOG.log(Level.ERROR, e.getMessage());
            throw e;
        }
    }

    /** On Jetty (whose realm file etc/karuta-realm.xml reads), makes sure an admin login exists. */
    private static void createAdminLogin(TrackerConfig config, ServletContext context) {
        String server = context.getServerInfo();
        if (!config.createAdminLogin() || server == null || !server.toLowerCase(Locale.ROOT).contains("jetty")) {
            return;
        }
        try {
            AdminLogin.ensure(config.dataDir());
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the admin login in " + config.dataDir()
                    + " (karuta.data.dir): " + e.getMessage(), e);
        }
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        event.getServletContext().removeAttribute(Components.ATTRIBUTE);
        if (node != null) {
            node.close();
            node = null;
        }
        LOG.log(Level.INFO, "Karuta stopped");
    }
}
