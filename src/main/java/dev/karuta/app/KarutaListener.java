package dev.karuta.app;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.karuta.accounts.AccountsFlusher;
import dev.karuta.accounts.AccountsParts;
import dev.karuta.accounts.AccountsStore;
import dev.karuta.accounts.PrivateSettings;
import dev.karuta.accounts.PrivateTracker;
import dev.karuta.admin.AccessLists;
import dev.karuta.admin.ActivityHistory;
import dev.karuta.admin.AdminParts;
import dev.karuta.admin.CountingTracker;
import dev.karuta.admin.SwarmBrowser;
import dev.karuta.cluster.ChangeApplier;
import dev.karuta.cluster.ChangeBus;
import dev.karuta.cluster.RedisChangeBus;
import dev.karuta.core.StandardTracker;
import dev.karuta.core.TimeSource;
import dev.karuta.core.Tracker;
import dev.karuta.http.MetricsEndpoint;
import dev.karuta.metrics.PrometheusMetrics;
import dev.karuta.metrics.TrackerMetrics;
import dev.karuta.ocelot.ControlPort;
import dev.karuta.ocelot.OcelotControl;
import dev.karuta.policy.ClientList;
import dev.karuta.policy.PolicyChain;
import dev.karuta.policy.TorrentList;
import dev.karuta.store.JdbcStore;
import dev.karuta.swarm.SwarmRegistry;
import dev.karuta.udp.ConnectionIds;
import dev.karuta.udp.UdpFrontend;
import dev.karuta.udp.UdpHandler;
import dev.karuta.udp.UdpSettings;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.List;
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
    private PrometheusMetrics prometheus;
    private UdpFrontend udp;
    private AccountsStore accountsStore;
    private ControlPort controlPort;
    private AccountsFlusher accountsFlusher;
    private PrivateTracker privateTracker;
    private long peerTtlSeconds;
    private ChangeBus bus;
    private ChangeApplier applier;
    private boolean sharedSwarms;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        try {
            start(event.getServletContext());
        } catch (RuntimeException | Error e) {
            // A failed start gets no contextDestroyed: release what was opened (database, threads) here.
            stop();
            throw e;
        }
    }

    private void start(ServletContext context) {
        TrackerConfig config = TrackerConfig.from(context::getInitParameter);
        peerTtlSeconds = config.registry().peerTtl().toSeconds();
        LOG.log(Level.INFO, "Karuta starting with {0}", config.effective());
        Ticker ticker = context.getAttribute(Components.TICKER_ATTRIBUTE) instanceof Ticker t ? t : Ticker.systemTicker();
        createAdminLogin(config, context);
        store = JdbcStore.open(config.store(), TimeSource.SYSTEM);
        bus = startBus(config);
        sharedSwarms = config.nodes().redisRegistry();
        AccessLists lists = new AccessLists(new TorrentList(), new ClientList(), store.accessLists(), bus);
        lists.load();
        Tracker core;
        AccountsParts accounts = null;
        if (config.privateMode().enabled()) {
            accountsStore = context.getAttribute(Components.ACCOUNTS_STORE_ATTRIBUTE) instanceof AccountsStore s ? s
                    : AccountsStores.open(config.privateMode(), store);
            accounts = PrivateModeStart.start(config, ticker, accountsStore,
                    new PolicyChain(List.of(lists.torrents(), lists.clients())), r -> {
                registry = r;
                restoreSwarms();
            }, bus);
            accountsFlusher = accounts.flusher();
            privateTracker = accounts.tracker();
            core = privateTracker;
        } else {
            registry = Registries.create(config, ticker, store.ledger());
            restoreSwarms();
            core = new StandardTracker(config.announce(), new PolicyChain(List.of(lists.torrents(), lists.clients())),
                    registry);
        }
        applier = accounts == null ? new ChangeApplier(lists::reload, () -> { }, (hash, reason) -> { })
                : new ChangeApplier(lists::reload, accounts.members()::reloadRoster, accounts.members()::deletedElsewhere);
        bus.listen(applier);
        if (config.nodes().shared()) {
            // A change another node stored between this node's first reads and its subscription sent its
            // message too early: one more read, now that messages arrive, closes that gap.
            applier.accept(dev.karuta.cluster.Change.everything());
        }
        CountingTracker tracker = new CountingTracker(core);
        ActivityHistory history = new ActivityHistory(ActivityHistory.CAPACITY, tracker::announces,
                () -> registry.totals().peers());
        TrackerMetrics metrics = startMetrics(context, config);
        if (prometheus != null && accounts != null) {
            prometheus.watch(accounts);
        }
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "karuta-sweeper");
            t.setDaemon(true);
            return t;
        });
        long every = config.sweepInterval().toMillis();
        sweeper.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
        history.sample(System.currentTimeMillis());
        sweeper.scheduleAtFixedRate(() -> {
            try {
                history.sample(System.currentTimeMillis());
            } catch (RuntimeException e) {
                // A shared registry's totals are unreadable while Redis is down: an exception would cancel
                // the schedule for good, so this sample is skipped and the next one tried.
                LOG.log(Level.DEBUG, "activity sample skipped: {0}", e.toString());
            }
        }, ActivityHistory.PERIOD_SECONDS, ActivityHistory.PERIOD_SECONDS, TimeUnit.SECONDS);
        store.startFlushing();
        if (config.udp().enabled()) {
            udp = startUdp(config, tracker, metrics);
        }
        AdminParts admin = new AdminParts(lists, tracker, history, new SwarmBrowser(registry), registry,
                System.currentTimeMillis());
        Components components = new Components(config, ticker, registry, tracker, udp, metrics, store, admin, accounts);
        OcelotControl control = OcelotControl.of(components);
        context.setAttribute(OcelotControl.ATTRIBUTE, control);
        if (accounts != null && accounts.settings().controlPort() >= 0) {
            PrivateSettings s = accounts.settings();
            try {
                controlPort = ControlPort.start(control, s.controlHost(), s.controlPort());
            } catch (IOException e) {
                throw new IllegalStateException("cannot open the control port " + s.controlHost() + " port "
                        + s.controlPort() + " (karuta.ocelot.host / karuta.ocelot.port): " + e.getMessage(), e);
            }
            LOG.log(Level.INFO, "Ocelot control port listening on {0} port {1}", s.controlHost(),
                    Integer.toString(controlPort.port()));
            context.setAttribute(ControlPort.PORT_ATTRIBUTE, controlPort.port());
        }
        context.setAttribute(Components.ATTRIBUTE, components);
    }

    /**
     * The bus that tells the other nodes about this node's changes and hands it theirs: on Redis when
     * {@code karuta.redis.uri} is set, else none.
     */
    private static ChangeBus startBus(TrackerConfig config) {
        NodeSettings nodes = config.nodes();
        if (!nodes.shared()) {
            return ChangeBus.NONE;
        }
        if (config.udp().enabled() && config.udp().secret() == null) {
            LOG.log(Level.WARNING, "karuta.redis.uri is set but karuta.udp.secret is not: a UDP connection ID is"
                    + " valid only on the node that issued it; give every node the same secret");
        }
        if (config.store().url().isEmpty() && config.store().jndi().isEmpty()) {
            LOG.log(Level.WARNING, "karuta.redis.uri is set but the database is this node's embedded H2: the nodes"
                    + " tell each other about changes but read them from their own databases; set karuta.db.url to"
                    + " one PostgreSQL or MariaDB for all nodes");
        }
        try {
            return RedisChangeBus.connect(nodes.redis(), nodes.shownUri());
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + " (karuta.redis.uri)", null);
        }
    }

    /** On Jetty (whose realm file etc/karuta-realm.xml reads), makes sure an admin login exists. */
    private static void createAdminLogin(TrackerConfig config, ServletContext context) {
        String server = context.getServerInfo();
        if (!config.createAdminLogin() || server == null || !server.toLowerCase(java.util.Locale.ROOT).contains("jetty")) {
            return;
        }
        try {
            AdminLogin.ensure(config.dataDir());
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the admin login in " + config.dataDir()
                    + " (karuta.data.dir): " + e.getMessage(), e);
        }
    }

    /**
     * Builds the Prometheus metrics when enabled and registers {@code /metrics} (serving them, or
     * answering 404 when disabled). A servlet can be added only here, while the context initializes.
     */
    private TrackerMetrics startMetrics(ServletContext context, TrackerConfig config) {
        if (config.metrics().enabled()) {
            SwarmRegistry swarms = registry;
            // Read at each scrape: a shared registry's totals are those of every node.
            prometheus = new PrometheusMetrics(swarms::totals);
        }
        MetricsEndpoint endpoint = prometheus == null ? MetricsEndpoint.disabled()
                : MetricsEndpoint.serving(prometheus.registry(), config.metrics(), config.http().trustedProxies());
        ServletRegistration.Dynamic servlet = context.addServlet("karuta-metrics", endpoint);
        if (servlet == null || !servlet.addMapping("/metrics").isEmpty()) {
            throw new IllegalStateException("cannot register /metrics: the webapp already maps it");
        }
        return prometheus == null ? TrackerMetrics.NOOP : prometheus;
    }

    private UdpFrontend startUdp(TrackerConfig config, Tracker tracker, TrackerMetrics metrics) {
        UdpSettings settings = config.udp();
        ConnectionIds ids = new ConnectionIds(settings.secret(), settings.connectionIdLifetime(),
                () -> System.currentTimeMillis() / 1000);
        UdpHandler handler = new UdpHandler(tracker, config.announce(), ids, settings.trustClientIp(), metrics);
        try {
            return UdpFrontend.start(settings, handler, metrics);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the UDP tracker on " + settings.host() + " port "
                    + settings.port() + " (karuta.udp.host / karuta.udp.port): " + e.getMessage(), e);
        }
    }

    private void sweep() {
        try {
            if (privateTracker != null) {
                privateTracker.expire(peerTtlSeconds);
            }
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
        if (sharedSwarms) {
            return; // the swarms live in Redis, which keeps them across this node's restart
        }
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
        if (sharedSwarms) {
            return; // the other nodes go on serving these swarms from Redis
        }
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
        // First: a change from another node must not start a reload on a store about to close.
        if (bus != null) {
            bus.close();
            bus = null;
        }
        if (applier != null) {
            applier.close();
            applier = null;
        }
        if (controlPort != null) {
            controlPort.close();
            controlPort = null;
        }
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
        if (accountsFlusher != null) {
            // Before anything it reads is closed: every pending byte is written (or kept on disk).
            accountsFlusher.close();
            accountsFlusher = null;
        }
        privateTracker = null;
        if (registry != null && store != null) {
            saveSwarms();
        }
        if (prometheus != null) {
            prometheus.close();
            prometheus = null;
        }
        if (registry != null) {
            registry.close();
            registry = null;
        }
        if (accountsStore != null) {
            accountsStore.close();
            accountsStore = null;
        }
        if (store != null) {
            store.close();
            store = null;
        }
    }
}
