package dev.karuta.app;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.karuta.accounts.AccountsParts;
import dev.karuta.admin.AdminParts;
import dev.karuta.core.Tracker;
import dev.karuta.metrics.TrackerMetrics;
import dev.karuta.store.JdbcStore;
import dev.karuta.swarm.SwarmRegistry;
import dev.karuta.udp.UdpFrontend;

/**
 * What the composition root built, handed to the servlets through one servlet context attribute.
 *
 * @param config   the effective configuration
 * @param ticker   the time source of everything time-dependent
 * @param registry the swarm registry
 * @param tracker  the protocol core
 * @param udp      the UDP listener, or null when disabled
 * @param metrics  where the frontends report ({@link TrackerMetrics#NOOP} when metrics are disabled)
 * @param store    the database: access lists, snatch counts, swarm snapshot
 * @param admin    what the admin API works on
 * @param accounts private mode's parts, or null on a public tracker
 */
public record Components(TrackerConfig config, Ticker ticker, SwarmRegistry registry, Tracker tracker,
                         UdpFrontend udp, TrackerMetrics metrics, JdbcStore store, AdminParts admin,
                         AccountsParts accounts) {
    /** Servlet context attribute holding the {@link Components}. */
    public static final String ATTRIBUTE = "dev.karuta.components";
    /**
     * Servlet context attribute a test harness may set (before deployment) to a Caffeine
     * {@link Ticker} that replaces the system time source.
     */
    public static final String TICKER_ATTRIBUTE = "dev.karuta.ticker";
    /**
     * Servlet context attribute a test harness may set (before deployment) to an
     * {@link dev.karuta.accounts.AccountsStore} that replaces the configured one in private mode.
     */
    public static final String ACCOUNTS_STORE_ATTRIBUTE = "dev.karuta.accountsStore";
}
