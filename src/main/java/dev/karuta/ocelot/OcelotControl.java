package dev.karuta.ocelot;

import dev.karuta.accounts.AccountsParts;
import dev.karuta.app.Components;
import dev.karuta.core.TrackerException;
import dev.karuta.http.FailureWriter;
import dev.karuta.sql.StoreException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;

/**
 * A private tracker's Ocelot control API, built once and shared by its two doors: the webapp's
 * {@code /<secret>/update} and {@code /report} ({@link OcelotServlet}) and the raw control port
 * ({@link ControlPort}) for sites whose requests an HTTP container refuses. Every outcome is a body:
 * the answer, or a bencoded {@code failure reason}; never a stack trace, and never the path (it holds
 * the secret) in a log.
 */
public final class OcelotControl {
    /** Servlet context attribute holding the webapp's {@link OcelotControl} (private mode only). */
    public static final String ATTRIBUTE = "dev.karuta.ocelot";
    private static final System.Logger LOG = System.getLogger(OcelotControl.class.getName());
    private static final TrackerException NOT_STORED =
            new TrackerException(TrackerException.Kind.INTERNAL, "the change could not be stored; retry");
    private static final TrackerException INTERNAL =
            new TrackerException(TrackerException.Kind.INTERNAL, "internal tracker error");

    private final ControlApi api;

    private OcelotControl(ControlApi api) {
        this.api = api;
    }

    /** The control API of {@code c}'s private tracker; one that refuses everything on a public tracker. */
    public static OcelotControl of(Components c) {
        AccountsParts accounts = c.accounts();
        if (accounts == null) {
            return new OcelotControl(ControlApi.off());
        }
        ControlCounters counters = new ControlCounters();
        Traces traces = new Traces();
        long started = c.admin().startedAtMillis();
        StatsReport stats = new StatsReport(c.admin().counter(), counters, c.registry()::totals, accounts.tracker(),
                () -> (System.currentTimeMillis() - started) / 1000);
        return new OcelotControl(new ControlApi(new Secret(accounts.settings().siteSecret()),
                new Secret(accounts.settings().reportSecret()), counters,
                new UpdateActions(accounts.members(), accounts.tracker(), traces),
                new OcelotReport(stats, accounts.tracker(), traces, accounts.settings().gazelle().schema().equals("opsnet")),
                c.config().http().maxQueryLength()));
    }

    /** The body answering {@code path} (raw, without the context path) with {@code rawQuery} (null: none). */
    public byte[] respond(String path, String rawQuery) {
        try {
            return api.answer(path, rawQuery).getBytes(StandardCharsets.ISO_8859_1);
        } catch (TrackerException e) {
            return FailureWriter.write(e);
        } catch (StoreException e) {
            LOG.log(Level.WARNING, "a control API change could not be stored: " + e.getMessage());
            return FailureWriter.write(NOT_STORED);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "a control API request failed", e);
            return FailureWriter.write(INTERNAL);
        }
    }
}
