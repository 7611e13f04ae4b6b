package dev.karuta.web;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.karuta.core.StandardTracker;
import dev.karuta.policy.PolicyChain;
import dev.karuta.swarm.CaffeineSwarmRegistry;
import dev.karuta.swarm.SwarmRegistry;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.lang.System.Logger.Level;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The composition root: builds everything from the {@link TrackerConfig} when the webapp starts and
 * stops it in reverse order when it stops, leaving no thread behind.
 */
public final class KarutaListener implements ServletContextListener {
    private static final System.Logger LOG = System.getLogger(KarutaListener.class.getName());

    private ScheduledExecutorService sweeper;
    private SwarmRegistry registry;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        TrackerConfig config = TrackerConfig.from(context::getInitParameter);
        LOG.log(Level.INFO, "Karuta starting with {0}", config.effective());
        Ticker ticker = context.getAttribute(Components.TICKER_ATTRIBUTE) instanceof Ticker t ? t : Ticker.systemTicker();
        registry = new CaffeineSwarmRegistry(config.registry(), ticker);
        StandardTracker tracker = new StandardTracker(config.announce(), PolicyChain.empty(), registry);
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "karuta-sweeper");
            t.setDaemon(true);
            return t;
        });
        long every = config.sweepInterval().toMillis();
        sweeper.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
        context.setAttribute(Components.ATTRIBUTE, new Components(config, ticker, registry, tracker));
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

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        event.getServletContext().removeAttribute(Components.ATTRIBUTE);
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
        if (registry != null) {
            registry.close();
        }
        LOG.log(Level.INFO, "Karuta stopped");
    }
}
