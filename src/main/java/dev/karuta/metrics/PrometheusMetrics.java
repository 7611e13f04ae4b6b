package dev.karuta.metrics;

import dev.karuta.core.AddressFamily;
import dev.karuta.swarm.RegistryTotals;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.Histogram;
import io.prometheus.client.hotspot.BufferPoolsExports;
import io.prometheus.client.hotspot.ClassLoadingExports;
import io.prometheus.client.hotspot.GarbageCollectorExports;
import io.prometheus.client.hotspot.MemoryPoolsExports;
import io.prometheus.client.hotspot.StandardExports;
import io.prometheus.client.hotspot.ThreadExports;
import io.prometheus.client.hotspot.VersionInfoExports;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * {@link TrackerMetrics} recorded into a Prometheus {@link CollectorRegistry} of its own (never the
 * JVM-wide default one, where a redeployed webapp would register its metrics twice), together with
 * the swarm gauges of a {@link RegistryCollector} and the JVM's metrics. Recording takes no lock and,
 * once a label set has been seen, allocates nothing: label children live in arrays indexed by the
 * enums' ordinals. The names:
 * <ul>
 * <li>{@code karuta_requests_total{protocol,action,result,family}}</li>
 * <li>{@code karuta_request_duration_seconds{protocol,action}} (histogram, 25 µs to 1 s)</li>
 * <li>{@code karuta_udp_bad_connection_ids_total}, {@code karuta_udp_dropped_total},
 *     {@code karuta_full_scrape_limited_total}</li>
 * <li>{@code karuta_ws_relayed_total{type}}, {@code karuta_ws_undeliverable_total{type}} ({@code offer},
 *     {@code answer}), and when watched the WebSocket gauges of {@link RtcCollector}</li>
 * <li>the gauges and counters of {@link RegistryCollector}, and when watched those of
 *     {@link AccountsCollector} (private mode) and {@link RedisCollector} (a Redis registry);
 *     the JVM's {@code process_*} and {@code jvm_*}</li>
 * </ul>
 */
public final class PrometheusMetrics implements TrackerMetrics, AutoCloseable {
    /** Latency buckets in seconds: an in-memory announce takes tens of microseconds, a full scrape may take a second. */
    static final double[] BUCKETS = {
        0.000025, 0.00005, 0.0001, 0.00025, 0.0005,
        0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
    };
    private static final int PROTOCOLS = Protocol.values().length;
    private static final int ACTIONS = Action.values().length;
    private static final int RESULTS = Result.values().length;
    private static final int FAMILIES = AddressFamily.values().length;

    private final CollectorRegistry registry = new CollectorRegistry();
    private final Counter requests;
    private final Histogram durations;
    private final Counter badConnectionIds;
    private final Counter dropped;
    private final Counter fullScrapeLimited;
    /** Children of the relay counters by {@link Relay} ordinal: no label lookup on the relay path. */
    private final Counter.Child[] relayed = new Counter.Child[Relay.values().length];
    private final Counter.Child[] undeliverable = new Counter.Child[Relay.values().length];
    /** Children of {@link #requests} by {@link #requestIndex}, made on first use (labels() returns one child per label set). */
    private final AtomicReferenceArray<Counter.Child> requestChildren =
            new AtomicReferenceArray<>(PROTOCOLS * ACTIONS * RESULTS * FAMILIES);
    /** Children of {@link #durations} by protocol and action, made on first use. */
    private final AtomicReferenceArray<Histogram.Child> durationChildren = new AtomicReferenceArray<>(PROTOCOLS * ACTIONS);

    /** Adds the gauges and counters of a private tracker's accounting ({@link AccountsCollector}). */
    public void watch(dev.karuta.accounts.AccountsParts accounts) {
        new AccountsCollector(accounts).register(registry);
    }

    /** Adds the failures and reachability of a Redis swarm registry ({@link RedisCollector}). */
    public void watch(dev.karuta.swarm.redis.RedisSwarmRegistry redis) {
        new RedisCollector(redis).register(registry);
    }

    /** Metrics in a new registry, with gauges read from {@code totals} whenever the registry is scraped. */
    public PrometheusMetrics(RegistryTotals totals) {
        this(() -> totals);
    }

    /**
     * Metrics in a new registry, with gauges read from the totals {@code totals} gives whenever the
     * registry is scraped (a shared registry's totals are read anew each time, not held).
     */
    public PrometheusMetrics(java.util.function.Supplier<RegistryTotals> totals) {
        requests = Counter.build("karuta_requests_total",
                        "Tracker requests answered, by protocol, action, result class and client address family.")
                .labelNames("protocol", "action", "result", "family")
                .withoutExemplars()
                .register(registry);
        durations = Histogram.build("karuta_request_duration_seconds",
                        "Time from receiving a tracker request to having written its answer.")
                .labelNames("protocol", "action")
                .buckets(BUCKETS)
                .withoutExemplars()
                .register(registry);
        badConnectionIds = Counter.build("karuta_udp_bad_connection_ids_total",
                        "UDP requests whose connection ID was forged, expired or issued to another address.")
                .withoutExemplars().register(registry);
        dropped = Counter.build("karuta_udp_dropped_total",
                        "UDP packets dropped without an answer (malformed, or an answer would amplify).")
                .withoutExemplars().register(registry);
        fullScrapeLimited = Counter.build("karuta_full_scrape_limited_total",
                        "Full scrapes refused because the address (IPv6: its /64) had one within"
                                + " karuta.scrape.fullInterval, or karuta.scrape.fullConcurrent were running.")
                .withoutExemplars().register(registry);
        Counter relayedCounter = Counter.build("karuta_ws_relayed_total",
                        "WebRTC offers and answers the WebSocket tracker delivered to another peer's connection.")
                .labelNames("type").withoutExemplars().register(registry);
        Counter undeliverableCounter = Counter.build("karuta_ws_undeliverable_total",
                        "WebRTC answers the WebSocket tracker dropped: the peer is gone, or the sender is not in the"
                                + " swarm.")
                .labelNames("type").withoutExemplars().register(registry);
        for (Relay r : Relay.values()) {
            relayed[r.ordinal()] = relayedCounter.labels(r.label());
            undeliverable[r.ordinal()] = undeliverableCounter.labels(r.label());
        }
        new RegistryCollector(totals).register(registry);
        registerJvmMetrics(registry);
        // The series a healthy tracker has from the start, so rate() sees their first increase.
        for (Protocol p : Protocol.values()) {
            for (Action a : Action.values()) {
                if (served(p, a)) {
                    durationChild(p, a);
                    for (AddressFamily f : AddressFamily.values()) {
                        requestChild(p, a, Result.OK, f);
                    }
                }
            }
        }
    }

    /**
     * The JVM collectors of simpleclient_hotspot that start no thread and attach nothing to the JVM.
     * {@code MemoryAllocationExports} is left out: it adds listeners to the platform's garbage
     * collector beans that would outlive an undeployed webapp and pin its class loader.
     */
    private static void registerJvmMetrics(CollectorRegistry registry) {
        new StandardExports().register(registry);
        new MemoryPoolsExports().register(registry);
        new BufferPoolsExports().register(registry);
        new GarbageCollectorExports().register(registry);
        new ThreadExports().register(registry);
        new ClassLoadingExports().register(registry);
        new VersionInfoExports().register(registry);
    }

    /** Whether a frontend of {@code protocol} serves {@code action}. */
    private static boolean served(Protocol protocol, Action action) {
        return switch (protocol) {
            case UDP -> action != Action.FULL_SCRAPE;
            case HTTP -> action != Action.CONNECT;
            case WS -> action == Action.ANNOUNCE || action == Action.SCRAPE;
        };
    }

    /** Adds the gauges of the WebSocket tracker's connections and swarms ({@link RtcCollector}). */
    public void watch(java.util.function.Supplier<dev.karuta.swarm.rtc.RtcTotals> webSocketTotals) {
        new RtcCollector(webSocketTotals).register(registry);
    }

    @Override
    public void relayed(Relay kind, int count) {
        if (count > 0) {
            relayed[kind.ordinal()].inc(count);
        }
    }

    @Override
    public void undeliverable(Relay kind) {
        undeliverable[kind.ordinal()].inc();
    }

    /** The registry holding every metric, for the {@code /metrics} servlet and for tests. */
    public CollectorRegistry registry() {
        return registry;
    }

    @Override
    public void request(Protocol protocol, Action action, Result result, AddressFamily family, long nanos) {
        requestChild(protocol, action, result, family).inc();
        durationChild(protocol, action).observe(nanos * 1e-9);
    }

    @Override
    public void badConnectionId() {
        badConnectionIds.inc();
    }

    @Override
    public void dropped() {
        dropped.inc();
    }

    @Override
    public void fullScrapeLimited() {
        fullScrapeLimited.inc();
    }

    private Counter.Child requestChild(Protocol protocol, Action action, Result result, AddressFamily family) {
        int i = ((protocol.ordinal() * ACTIONS + action.ordinal()) * RESULTS + result.ordinal()) * FAMILIES
                + family.ordinal();
        Counter.Child child = requestChildren.get(i);
        if (child == null) {
            child = requests.labels(protocol.label(), action.label(), result.label(), familyLabel(family));
            requestChildren.set(i, child);
        }
        return child;
    }

    private Histogram.Child durationChild(Protocol protocol, Action action) {
        int i = protocol.ordinal() * ACTIONS + action.ordinal();
        Histogram.Child child = durationChildren.get(i);
        if (child == null) {
            child = durations.labels(protocol.label(), action.label());
            durationChildren.set(i, child);
        }
        return child;
    }

    /** The {@code family} label value of an address family: {@code ipv4} or {@code ipv6}. */
    static String familyLabel(AddressFamily family) {
        return family == AddressFamily.V4 ? "ipv4" : "ipv6";
    }

    /** Unregisters every collector; the registry is empty afterwards. */
    @Override
    public void close() {
        registry.clear();
    }
}
