package dev.karuta.health;

import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether the node can serve announces now: the state of each of its parts ({@link Check}), asked one
 * after the other, each bounded. A check that throws is a part that is down (its answer names the
 * failure's type, never its message, which may quote a URI with its password), so the probe answers
 * 503 rather than an error.
 */
public final class Readiness {
    private static final System.Logger LOG = System.getLogger(Readiness.class.getName());

    private final List<Check> checks;

    /** Readiness over {@code checks}, reported in this order. */
    public Readiness(List<Check> checks) {
        this.checks = List.copyOf(checks);
    }

    /** Every part's state now. */
    public Report check() {
        Map<String, Status> parts = new LinkedHashMap<>();
        for (Check c : checks) {
            Status s;
            try {
                s = c.check();
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, "readiness check " + c.name() + " failed", e);
                s = Status.down("error", "the check failed: " + e.getClass().getSimpleName());
            }
            parts.put(c.name(), s);
        }
        return new Report(parts);
    }
}
