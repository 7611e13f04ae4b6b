package dev.karuta.app;

import dev.karuta.admin.AdminApiServlet;
import dev.karuta.admin.AdminPagesFilter;
import dev.karuta.admin.PrivateAdminApiServlet;
import dev.karuta.health.HealthServlet;
import dev.karuta.http.AnnounceServlet;
import dev.karuta.http.ErrorServlet;
import dev.karuta.http.FullScrapeLimiter;
import dev.karuta.http.MetricsEndpoint;
import dev.karuta.http.PasskeyRoutes;
import dev.karuta.http.RequestLogPath;
import dev.karuta.http.ScrapeServlet;
import dev.karuta.ocelot.OcelotServlet;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import java.util.EnumSet;

/**
 * Registers every servlet and filter of the webapp with its collaborators, taken from what the
 * {@link Node} built. {@code web.xml} keeps what belongs to the container: the security constraint on
 * {@code /admin}, the login, the error page ({@code /karuta-error}, registered here) and sessions.
 */
final class Endpoints {
    private Endpoints() {
    }

    /** Registers the webapp's routes on {@code context}, which must be initializing. */
    static void register(ServletContext context, Components c) {
        TrackerConfig config = c.config();
        boolean privateMode = c.accounts() != null;
        // First of the filters: the path a request log may show, passkey and secret masked, on every
        // request, and on the error dispatch of one refused before the filters (the admin login's 401).
        filter(context, "request-log-path", new RequestLogPath(), "/*", DispatcherType.REQUEST, DispatcherType.ERROR);
        if (privateMode) {
            // /<passkey>/announce and /scrape, and Ocelot's /<secret>/update and /report.
            filter(context, "passkey-routes", new PasskeyRoutes(), "/*");
            servlet(context, "ocelot", new OcelotServlet(c.control()), -1);
        }
        // An announce to a registry in Redis is answered when Redis answers, without holding a thread.
        servlet(context, "announce", new AnnounceServlet(c.tracker(), config.http(), c.metrics(), privateMode), 1,
                "/announce").setAsyncSupported(true);
        FullScrapeLimiter fullScrapes = new FullScrapeLimiter(config.http().fullScrapeInterval(),
                config.http().fullScrapeConcurrent(), c.time());
        servlet(context, "scrape", new ScrapeServlet(c.tracker(), config.http(), c.metrics(), fullScrapes,
                config.announce().minIntervalSeconds()), 1, "/scrape");
        // Errors inside the webapp are answered in bencode with HTTP 200, never as an HTML page.
        servlet(context, "error", new ErrorServlet(), -1, "/karuta-error");
        filter(context, "admin-pages", new AdminPagesFilter(), "/admin/*");
        // Their CSRF check compares Origin with the scheme the client used, from a TLS-terminating proxy too.
        servlet(context, "admin-api", new AdminApiServlet(c.admin(), config.effective(), c.time(),
                config.http().clientScheme()), 2, "/admin/api/*");
        // The longer pattern wins over /admin/api/*.
        servlet(context, "private-admin-api", new PrivateAdminApiServlet(c.accounts(), c.registry(),
                config.http().clientScheme()), 2, "/admin/api/private/*");
        servlet(context, "karuta-metrics", c.prometheus() == null ? MetricsEndpoint.disabled()
                : MetricsEndpoint.serving(c.prometheus().registry(), config.metrics(), config.http()),
                -1, "/metrics");
        WebSocketRoutes.register(context, c, privateMode);
        // Outside /admin, so no login: load balancers and orchestrators probe them. Made at start, so
        // that the first probe does not pay for setting up JSON-B.
        servlet(context, "health", new HealthServlet(HealthChecks.of(c)), 1, HealthServlet.LIVE, HealthServlet.READY);
    }

    private static ServletRegistration.Dynamic servlet(ServletContext context, String name, Servlet servlet,
                                                       int loadOnStartup, String... mappings) {
        ServletRegistration.Dynamic r = context.addServlet(name, servlet);
        if (r == null) {
            throw new IllegalStateException("cannot register the servlet " + name + ": the webapp already has one");
        }
        if (loadOnStartup >= 0) {
            r.setLoadOnStartup(loadOnStartup);
        }
        if (mappings.length > 0 && !r.addMapping(mappings).isEmpty()) {
            throw new IllegalStateException("cannot map " + String.join(", ", mappings) + ": the webapp already does");
        }
        return r;
    }

    private static void filter(ServletContext context, String name, Filter filter, String pattern) {
        filter(context, name, filter, pattern, DispatcherType.REQUEST);
    }

    private static void filter(ServletContext context, String name, Filter filter, String pattern,
                               DispatcherType first, DispatcherType... more) {
        FilterRegistration.Dynamic r = context.addFilter(name, filter);
        if (r == null) {
            throw new IllegalStateException("cannot register the filter " + name + ": the webapp already has one");
        }
        r.setAsyncSupported(true);
        r.addMappingForUrlPatterns(EnumSet.of(first, more), true, pattern);
    }
}
