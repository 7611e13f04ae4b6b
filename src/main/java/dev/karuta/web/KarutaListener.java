package dev.karuta.web;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.karuta.core.StandardTracker;
import dev.karuta.policy.PolicyChain;
import dev.karuta.store.JdbcStore;
import dev.karuta.swarm.CaffeineSwarmRegistry;
import dev.karuta.swarm.SwarmRegistry;
import dev.karuta.metrics.TrackerMetrics;
import dev.karuta.udp.ConnectionIds;
import dev.karuta.udp.UdpFrontend;
import dev.karuta.udp.UdpHandler;
import dev.karuta.udp.UdpSettings;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The composition root: builds everything from the {@link TrackerConfig} when the webapp starts and
 * stops it in reverse order when it stops, leaving no thread behind.
 */
public final class KarutaListener implements ServletContextListener {
    private static final System.Logger LOG = System.getLogger(KarutaListener.class.getName());

    private JdbcStore store;
    private ScheduledExecutorService sweeper;
    private SwarmRegistry registry;
    private UdpFrontend udp;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        TrackerConfig config = TrackerConfig.from(context::getInitParameter);
        LOG.log(Level.INFO, "Karuta starting with {0}", config.effective());
        Ticker ticker = context.getAttribute(Components.TICKER_ATTRIBUTE) instanceof Ticker t ? t : Ticker.systemTicker();
        store = JdbcStore.open(config.store(), Clock.systemUTC());
        registry = new CaffeineSwarmRegistry(config.registry(), ticker, store.ledger());
        restoreSwarms();
        StandardTracker tracker = new StandardTracker(config.announce(), PolicyChain.empty(), registry);
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "karuta-sweeper");
            t.setDaemon(true);
            return t;
        });
        long every = config.sweepInterval().toMillis();
        sweeper.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
        store.startFlushing();
        if (config.udp().enabled()) {
            udp = startUdp(config, tracker);
        }
        context.setAttribute(Components.ATTRIBUTE, new Components(config, ticker, registry, tracker, udp, store));
    }

    private UdpFrontend startUdp(TrackerConfig config, StandardTracker tracker) {
        UdpSettings settings = config.udp();
        ConnectionIds ids = new ConnectionIds(settings.secret(), settings.connectionIdLifetime(),
                () -> System.currentTimeMillis() / 1000);
        UdpHandler handler = new UdpHandler(tracker, config.announce(), ids, settings.trustClientIp(),
                TrackerMetrics.NOOP);
        try {
            return UdpFrontend.start(settings, handler, TrackerMetrics.NOOP);
        } catch (IOException e) {
            stop();
            throw new IllegalStateException("cannot start the UDP tracker on " + settings.host() + " port "
                    + settings.port() + " (karuta.udp.host / karuta.udp.port): " + e.getMessage(), e);
        }
    }

    private void sweep() {
        try {
            long removed = registry.sweep();
            LOG.log(Level.DEBUG, "sweep removed {0} expired peers", removed);
        } catch (RuntimeException e) {
            // A failed sweep must not cancel the schedule; the next one retries.
            LOG.log(Level.WARNING, "sweep failed", e);
        }
    }

    // ---- persistence: the snapshot of the swarms across a restart ------------------------------

    /** Puts back the swarms of the last graceful stop; a failure is logged and the swarms start empty. */
    private void restoreSwarms() {
        try {
            long restored = store.snapshot().restore(registry);
            LOG.log(Level.INFO, "restored {0} peers in {1} swarms from the last stop", restored,
                    registry.totals().torrents());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot restore the swarm snapshot; the swarms start empty", e);
        }
    }

    /** Writes the swarms for the next start; a failure is logged, and the peers are lost. */
    private void saveSwarms() {
        try {
            long saved = store.snapshot().save(registry);
            LOG.log(Level.INFO, "saved {0} peers for the next start", saved);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "cannot write the swarm snapshot", e);
        }
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        event.getServletContext().removeAttribute(Components.ATTRIBUTE);
        stop();
        LOG.log(Level.INFO, "Karuta stopped");
    }

    /** Stops what was started, in reverse order; safe after a partial start. */
    private void stop() {
        if (udp != null) {
            udp.close();
            udp = null;
        }
        if (sweeper != null) {
            sweeper.shutdownNow();
            try {
                if (!sweeper.awaitTermination(10, TimeUnit.SECONDS)) {
                    LOG.log(Level.WARNING, "sweeper did not stop within 10 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (registry != null && store != null) {
            saveSwarms();
        }
        if (registry != null) {
            registry.close();
            registry = null;
        }
        if (store != null) {
            store.close();
            store = null;
        }
    }
}
