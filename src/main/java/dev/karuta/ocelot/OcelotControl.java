package dev.karuta.ocelot;

import dev.karuta.accounts.AccountsParts;
import dev.karuta.admin.CountingTracker;
import dev.karuta.app.Components;
import dev.karuta.core.TrackerException;
import dev.karuta.http.FailureWriter;
import dev.karuta.sql.StoreException;
import dev.karuta.swarm.RegistryTotals;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A private tracker's Ocelot control API, built once and shared by its two doors: the webapp's
 * {@code /<secret>/update} and {@code /report} ({@link OcelotServlet}) and the raw control port
 * ({@link ControlPort}) for sites whose requests an HTTP container refuses. Every outcome is a body:
 * the answer, or a bencoded {@code failure reason}; never a stack trace, and never the path (it holds
 * the secret) in a log.
 */
public final class OcelotControl {
    private static final System.Logger LOG = System.getLogger(OcelotControl.class.getName());
    private static final TrackerException NOT_STORED =
            new TrackerException(TrackerException.Kind.INTERNAL, "the change could not be stored; retry");
    private static final TrackerException INTERNAL =
            new TrackerException(TrackerException.Kind.INTERNAL, "internal tracker error");

    private final ControlApi api;

    private OcelotControl(ControlApi api) {
        this.api = api;
    }

    /**
     * The control API of a private tracker's {@code accounts}, with Ocelot's stats from {@code counter},
     * the registry's {@code totals} and the node's {@code uptimeSeconds}; queries longer than
     * {@code maxQueryLength} are refused.
     */
    public static OcelotControl of(AccountsParts accounts, CountingTracker counter, Supplier<RegistryTotals> totals,
                                   LongSupplier uptimeSeconds, int maxQueryLength) {
        ControlCounters counters = new ControlCounters();
        Traces traces = new Traces();
        StatsReport stats = new StatsReport(counter, counters, totals, accounts.mode(), uptimeSeconds);
        boolean opsnet = accounts.settings().gazelle().schema().equals("opsnet");
        return new OcelotControl(new ControlApi(new Secret(accounts.settings().siteSecret()),
                new Secret(accounts.settings().reportSecret()), counters,
                new UpdateActions(accounts.members(), accounts.mode(), traces),
                new OcelotReport(stats, accounts.mode(), traces, opsnet), maxQueryLength));
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
