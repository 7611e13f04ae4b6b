package dev.karuta.app;

import dev.karuta.accounts.AccountsParts;
import dev.karuta.admin.AdminParts;
import dev.karuta.admin.CountingTracker;
import dev.karuta.core.TimeSource;
import dev.karuta.metrics.PrometheusMetrics;
import dev.karuta.metrics.TrackerMetrics;
import dev.karuta.ocelot.OcelotControl;
import dev.karuta.store.JdbcStore;
import dev.karuta.swarm.SwarmRegistry;
import dev.karuta.udp.UdpFrontend;

/**
 * What the composition root ({@link Node}) built, from which {@link Endpoints} hands each servlet and
 * filter its collaborators; test harnesses read it too ({@link #ATTRIBUTE}), servlets never do.
 *
 * @param config     the effective configuration
 * @param time       the time source of everything time-dependent
 * @param registry   the swarm registry
 * @param tracker    the tracker pipeline, counted for the dashboard and Ocelot's stats
 * @param udp        the UDP listener, or null when disabled
 * @param metrics    where the frontends report ({@link TrackerMetrics#NOOP} when metrics are disabled)
 * @param prometheus the Prometheus metrics behind {@code metrics}, or null when disabled
 * @param store      the database: access lists, snatch counts, swarm snapshot
 * @param admin      what the admin API works on
 * @param accounts   private mode's parts, or null on a public tracker
 * @param control    the Ocelot control API, or null on a public tracker
 * @param ws         the WebSocket tracker, or null when disabled
 */
public record Components(TrackerConfig config, TimeSource time, SwarmRegistry registry, CountingTracker tracker,
                         UdpFrontend udp, TrackerMetrics metrics, PrometheusMetrics prometheus, JdbcStore store,
                         AdminParts admin, AccountsParts accounts, OcelotControl control,
                         WebSockets ws) {
    /**
     * Servlet context attribute holding the {@link Components}, for test harnesses and tools; nothing
     * of the webapp reads it.
     */
    public static final String ATTRIBUTE = "dev.karuta.components";
    /**
     * Servlet context attribute a test harness may set (before deployment) to a {@link TimeSource}
     * that replaces the system's clocks.
     */
    public static final String TIME_ATTRIBUTE = "dev.karuta.time";
    /**
     * Servlet context attribute a test harness may set (before deployment) to an
     * {@link dev.karuta.accounts.AccountsStore} that replaces the configured one in private mode.
     */
    public static final String ACCOUNTS_STORE_ATTRIBUTE = "dev.karuta.accountsStore";
}
