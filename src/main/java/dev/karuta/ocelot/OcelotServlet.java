package dev.karuta.ocelot;

import dev.karuta.accounts.AccountsParts;
import dev.karuta.core.TrackerException;
import dev.karuta.http.FailureWriter;
import dev.karuta.http.QueryString;
import dev.karuta.store.StoreException;
import dev.karuta.web.Components;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;

/**
 * Ocelot's control API, so that a Gazelle site drives Karuta as it drives Ocelot:
 * {@code /<karuta.ocelot.site.secret>/update?action=...} ({@link UpdateActions}) and
 * {@code /<karuta.ocelot.report.secret>/report?get=...} ({@link OcelotReport}). Reached only through
 * {@link dev.karuta.http.PasskeyRoutes}, in private mode. A wrong or missing secret, or an API whose
 * secret is empty (off), is answered {@code Authentication failure} as Ocelot answers it, counted, and
 * changes nothing. Every answer is HTTP 200 {@code text/plain}: a body, or a bencoded
 * {@code failure reason}; never a stack trace, never the secret in a log.
 */
public final class OcelotServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(OcelotServlet.class.getName());
    private static final TrackerException AUTHENTICATION = TrackerException.refused("Authentication failure");
    private static final TrackerException NOT_STORED =
            new TrackerException(TrackerException.Kind.INTERNAL, "the change could not be stored; retry");
    private static final TrackerException INTERNAL =
            new TrackerException(TrackerException.Kind.INTERNAL, "internal tracker error");

    private transient Secret siteSecret = new Secret("");
    private transient Secret reportSecret = new Secret("");
    private transient ControlCounters counters = new ControlCounters();
    private transient UpdateActions updates;
    private transient OcelotReport reports;
    private transient int maxQueryLength;

    @Override
    public void init() {
        Components c = (Components) getServletContext().getAttribute(Components.ATTRIBUTE);
        AccountsParts accounts = c == null ? null : c.accounts();
        if (accounts == null) {
            return; // a public tracker: both secrets stay empty, so every request is refused
        }
        siteSecret = new Secret(accounts.settings().siteSecret());
        reportSecret = new Secret(accounts.settings().reportSecret());
        maxQueryLength = c.config().http().maxQueryLength();
        Traces traces = new Traces();
        updates = new UpdateActions(accounts.members(), accounts.tracker(), traces);
        long started = c.admin().startedAtMillis();
        StatsReport stats = new StatsReport(c.admin().counter(), counters, c.registry().totals(), accounts.tracker(),
                () -> (System.currentTimeMillis() - started) / 1000);
        reports = new OcelotReport(stats, accounts.tracker(), traces,
                accounts.settings().gazelle().schema().equals("opsnet"));
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        counters.request();
        byte[] body;
        try {
            body = answer(req).getBytes(StandardCharsets.ISO_8859_1);
        } catch (TrackerException e) {
            body = FailureWriter.write(e);
        } catch (StoreException e) {
            LOG.log(Level.WARNING, "a control API change could not be stored: " + e.getMessage());
            body = FailureWriter.write(NOT_STORED);
        } catch (RuntimeException e) {
            // The URI holds the secret: never logged.
            LOG.log(Level.WARNING, "a control API request failed", e);
            body = FailureWriter.write(INTERNAL);
        }
        resp.setStatus(HttpServletResponse.SC_OK);
        resp.setContentType("text/plain");
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }

    /** Checks the secret of the route, then updates or reports; returns the body. */
    private String answer(HttpServletRequest req) {
        String path = req.getRequestURI().substring(req.getContextPath().length());
        String presented = Secret.segment(path);
        if (path.endsWith("/update")) {
            if (!siteSecret.matches(presented)) {
                counters.badSiteSecret();
                throw AUTHENTICATION;
            }
            return updates.apply(QueryString.parse(req.getQueryString(), maxQueryLength));
        }
        if (!reportSecret.matches(presented)) {
            counters.badReportSecret();
            throw AUTHENTICATION;
        }
        return reports.report(QueryString.parse(req.getQueryString(), maxQueryLength));
    }
}
