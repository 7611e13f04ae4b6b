package dev.karuta.ocelot;

import dev.karuta.accounts.AccountsParts;
import dev.karuta.core.TrackerException;
import dev.karuta.http.FailureWriter;
import dev.karuta.store.StoreException;
import dev.karuta.web.Components;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;

/**
 * Ocelot's control API over HTTP, so that a Gazelle site drives Karuta as it drives Ocelot:
 * {@code /<karuta.ocelot.site.secret>/update?action=...} and
 * {@code /<karuta.ocelot.report.secret>/report?get=...} ({@link ControlApi}). Declared in web.xml as
 * {@code ocelot} without a mapping: only {@link dev.karuta.http.PasskeyRoutes} reaches it, in private
 * mode. Every answer is HTTP 200 {@code text/plain}: a body, or a bencoded {@code failure reason}
 * ({@code Authentication failure} for a wrong secret, as Ocelot answers); never a stack trace, and
 * never the URI (it holds the secret) in a log.
 */
public final class OcelotServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(OcelotServlet.class.getName());
    private static final TrackerException NOT_STORED =
            new TrackerException(TrackerException.Kind.INTERNAL, "the change could not be stored; retry");
    private static final TrackerException INTERNAL =
            new TrackerException(TrackerException.Kind.INTERNAL, "internal tracker error");

    private transient ControlApi api = ControlApi.off();

    @Override
    public void init() {
        Components c = (Components) getServletContext().getAttribute(Components.ATTRIBUTE);
        AccountsParts accounts = c == null ? null : c.accounts();
        if (accounts == null) {
            return; // a public tracker: the API stays off and refuses every request
        }
        ControlCounters counters = new ControlCounters();
        Traces traces = new Traces();
        long started = c.admin().startedAtMillis();
        StatsReport stats = new StatsReport(c.admin().counter(), counters, c.registry().totals(), accounts.tracker(),
                () -> (System.currentTimeMillis() - started) / 1000);
        api = new ControlApi(new Secret(accounts.settings().siteSecret()), new Secret(accounts.settings().reportSecret()),
                counters, new UpdateActions(accounts.members(), accounts.tracker(), traces),
                new OcelotReport(stats, accounts.tracker(), traces, accounts.settings().gazelle().schema().equals("opsnet")),
                c.config().http().maxQueryLength());
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        byte[] body;
        try {
            String path = req.getRequestURI().substring(req.getContextPath().length());
            body = api.answer(path, req.getQueryString()).getBytes(StandardCharsets.ISO_8859_1);
        } catch (TrackerException e) {
            body = FailureWriter.write(e);
        } catch (StoreException e) {
            LOG.log(Level.WARNING, "a control API change could not be stored: " + e.getMessage());
            body = FailureWriter.write(NOT_STORED);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "a control API request failed", e);
            body = FailureWriter.write(INTERNAL);
        }
        resp.setStatus(HttpServletResponse.SC_OK);
        resp.setContentType("text/plain");
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }
}
