package dev.karuta.app;

import dev.karuta.accounts.AccountsParts;
import dev.karuta.accounts.AccountsStore;
import dev.karuta.accounts.PrivateSettings;
import dev.karuta.admin.AccessLists;
import dev.karuta.admin.ActivityHistory;
import dev.karuta.admin.AdminParts;
import dev.karuta.admin.CountingTracker;
import dev.karuta.admin.SwarmBrowser;
import dev.karuta.cluster.Change;
import dev.karuta.cluster.ChangeApplier;
import dev.karuta.cluster.ChangeBus;
import dev.karuta.cluster.RedisChangeBus;
import dev.karuta.core.Hook;
import dev.karuta.core.Intervals;
import dev.karuta.core.TimeSource;
import dev.karuta.core.TrackerPipeline;
import dev.karuta.metrics.PrometheusMetrics;
import dev.karuta.metrics.TrackerMetrics;
import dev.karuta.ocelot.ControlPort;
import dev.karuta.ocelot.OcelotControl;
import dev.karuta.policy.ClientList;
import dev.karuta.policy.TorrentList;
import dev.karuta.store.JdbcStore;
import dev.karuta.swarm.SwarmRegistry;
import dev.karuta.swarm.redis.RedisSwarmRegistry;
import dev.karuta.udp.UdpFrontend;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.stream.Stream;

/**
 * The composition root: builds one node (public or private, in memory or on Redis) from its
 * configuration, in one place, and closes everything it started in reverse order with one
 * {@link Closer}. A failed start closes what it had opened before the failure is thrown.
 */
public final class Node implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Node.class.getName());

    private final Closer closer;
    private final Components components;
    private final int controlPort;

    private Node(Closer closer, Components components, int controlPort) {
        this.closer = closer;
        this.components = components;
        this.controlPort = controlPort;
    }

    /**
     * Starts a node on {@code config} and {@code time}; {@code accountsStore}, when not null, replaces
     * the configured accounts store of private mode (test harnesses).
     */
    public static Node start(TrackerConfig config, TimeSource time, AccountsStore accountsStore) {
        Closer closer = new Closer();
        try {
            return build(config, time, accountsStore, closer);
        } catch (RuntimeException | Error e) {
            closer.close();
            throw e;
        }
    }

    private static Node build(TrackerConfig config, TimeSource time, AccountsStore accountsStoreOverride,
                              Closer closer) {
        LOG.log(Level.INFO, "Karuta starting with {0}", config.effective());
        long startedAt = time.epochMillis();
        JdbcStore store = closer.add("the database", JdbcStore.open(config.store(), time,
                config.registry().maxTorrents()));
        ChangeBus bus = closer.add("the change bus", startBus(config));
        AccessLists lists = new AccessLists(new TorrentList(), new ClientList(), store.accessLists(), bus);
        lists.load();
        List<Hook> listHooks = List.of(lists.torrents(), lists.clients());
        SwarmRegistry registry;
        AccountsParts accounts = null;
        List<Hook> hooks;
        if (config.privateMode().enabled()) {
            AccountsParts[] startedParts = new AccountsParts[1];
            // Accounting the database did not take at the stop: the snapshot, in the same database, is skipped.
            boolean sameDatabase = accountsStoreOverride == null
                    && config.privateMode().store() == PrivateSettings.StoreKind.EMBEDDED;
            AccountsStore accountsStore = closer.add("the accounts store", accountsStoreOverride != null
                    ? accountsStoreOverride : AccountsStores.open(config.privateMode(), store,
                    config.store().timeouts(), time));
            PrivateModeStart.Started started = PrivateModeStart.start(config, time, accountsStore,
                    ledger -> Registries.create(config, time, ledger), r -> restoreSwarms(config, store, r, closer,
                            () -> sameDatabase && startedParts[0] != null && startedParts[0].flusher().spilled()),
                    closer, bus);
            accounts = started.parts();
            startedParts[0] = accounts;
            registry = started.registry();
            hooks = accounts.mode().hooks(listHooks);
        } else {
            registry = closer.add("the swarm registry", Registries.create(config, time, store.ledger()));
            restoreSwarms(config, store, registry, closer, () -> false);
            hooks = listHooks;
        }
        // Bans first, before private mode's passkey check: a banned address learns nothing.
        hooks = Stream.concat(Stream.of(lists.bans()), hooks.stream()).toList();
        CountingTracker tracker = new CountingTracker(new TrackerPipeline(config.announce(),
                accounts != null ? accounts.mode().intervals() : new Intervals(config.announce()),
                registry, hooks));
        ActivityHistory history = new ActivityHistory(ActivityHistory.CAPACITY, tracker::announces,
                () -> registry.totals().peers());
        PrometheusMetrics prometheus = null;
        if (config.metrics().enabled()) {
            // Read at each scrape: a shared registry's totals are those of every node.
            prometheus = closer.add("the metrics", new PrometheusMetrics(registry::totals));
            if (accounts != null) {
                prometheus.watch(accounts);
            }
            if (registry instanceof RedisSwarmRegistry redis) {
                prometheus.watch(redis);
            }
        }
        TrackerMetrics metrics = prometheus == null ? TrackerMetrics.NOOP : prometheus;
        closer.add("the sweeper", new Housekeeping(registry, accounts == null ? null : accounts.mode(),
                config.registry().peerTtl(), config.sweepInterval(), history, time));
        store.startFlushing();
        UdpFrontend udp = config.udp().enabled()
                ? closer.add("the UDP tracker", UdpStart.start(config, tracker, metrics, time)) : null;
        WebSockets ws = config.ws().enabled() ? closer.add("the WebSocket tracker", WebSockets.start(config, hooks,
                accounts != null ? accounts.mode().intervals() : new Intervals(config.announce()), tracker, metrics,
                prometheus, time, bus instanceof RedisChangeBus redisBus ? redisBus.node() : null)) : null;
        AdminParts admin = new AdminParts(lists, tracker, history, new SwarmBrowser(registry,
                ws == null ? h -> dev.karuta.core.SwarmStats.EMPTY : ws.swarms()::stats), registry, startedAt,
                ws == null ? () -> dev.karuta.swarm.rtc.RtcTotals.NONE : ws.swarms()::totals);
        OcelotControl control = null;
        int port = -1;
        if (accounts != null) {
            control = OcelotControl.of(accounts, tracker, registry::totals,
                    () -> (time.epochMillis() - startedAt) / 1000, config.http().maxQueryLength());
            port = openControlPort(accounts.settings(), control, closer);
        }
        listen(config, bus, lists, accounts, closer);
        return new Node(closer, new Components(config, time, registry, tracker, udp, metrics, prometheus, store,
                admin, accounts, control, ws), port);
    }

    /**
     * Takes the other nodes' changes from now on. Last of the start, so it is the first thing the stop
     * closes: a change from another node must not start a reload on a store about to close.
     */
    private static void listen(TrackerConfig config, ChangeBus bus, AccessLists lists, AccountsParts accounts,
                               Closer closer) {
        ChangeApplier applier = closer.add("the change applier", accounts == null
                ? new ChangeApplier(lists::reload, () -> { }, (hash, reason) -> { })
                : new ChangeApplier(lists::reload, accounts.members()::reloadRoster,
                        accounts.members()::deletedElsewhere));
        closer.add("the change bus", bus);
        bus.listen(applier);
        if (config.nodes().shared()) {
            // A change another node stored between this node's first reads and its subscription sent its
            // message too early: one more read, now that messages arrive, closes that gap.
            applier.accept(Change.everything());
        }
    }

    /** Opens Ocelot's raw control port when configured; returns its port, or -1. */
    private static int openControlPort(PrivateSettings s, OcelotControl control, Closer closer) {
        if (s.controlPort() < 0) {
            return -1;
        }
        ControlPort port;
        try {
            port = closer.add("the control port", ControlPort.start(control, s.controlHost(), s.controlPort()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the control port " + s.controlHost() + " port "
                    + s.controlPort() + " (karuta.ocelot.host / karuta.ocelot.port): " + e.getMessage(), e);
        }
        LOG.log(Level.INFO, "Ocelot control port listening on {0} port {1}", s.controlHost(),
                Integer.toString(port.port()));
        return port.port();
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

    /**
     * Puts back the swarms of the last graceful stop (a failure is logged and the swarms start empty)
     * and has the stop write them again, unless {@code databaseGone} says the database did not answer
     * the stop's last accounting flush (the stop then ends without waiting on it again); a registry in
     * Redis keeps its swarms by itself.
     */
    private static void restoreSwarms(TrackerConfig config, JdbcStore store, SwarmRegistry registry, Closer closer,
                                      java.util.function.BooleanSupplier databaseGone) {
        if (config.nodes().redisRegistry()) {
            return; // the other nodes go on serving these swarms from Redis, across this node's restart
        }
        try {
            long restored = store.snapshot().restore(registry);
            LOG.log(Level.INFO, "restored {0} peers in {1} swarms from the last stop", restored,
                    registry.totals().torrents());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot restore the swarm snapshot; the swarms start empty", e);
        }
        closer.add("the swarm snapshot", () -> {
            if (databaseGone.getAsBoolean()) {
                LOG.log(Level.WARNING, "the database did not take the last accounting: the swarm snapshot is not"
                        + " written (the swarms start empty, as after a crash)");
                return;
            }
            long saved = store.snapshot().save(registry);
            LOG.log(Level.INFO, "saved {0} peers for the next start", saved);
        });
    }

    /** What the node is made of. */
    public Components components() {
        return components;
    }

    /** The Ocelot control port's bound port, or -1 when it is not open. */
    public int controlPort() {
        return controlPort;
    }

    /** Stops everything the node started, last started first. */
    @Override
    public void close() {
        closer.close();
    }
}
