package dev.karuta.metrics;

import dev.karuta.core.AddressFamily;
import dev.karuta.swarm.RegistryTotals;
import io.prometheus.client.Collector;
import io.prometheus.client.CounterMetricFamily;
import io.prometheus.client.GaugeMetricFamily;
import java.util.List;

/**
 * The swarm registry's state, read from its {@link RegistryTotals} when Prometheus scrapes (nothing
 * is recorded on the request path):
 * <ul>
 * <li>gauges {@code karuta_torrents}, {@code karuta_seeders}, {@code karuta_leechers} (downloaders),
 *     {@code karuta_partial_seeds}, {@code karuta_peers{family}} (a dual-stack peer counts in both);</li>
 * <li>counters {@code karuta_peers_expired_total} and {@code karuta_swarms_evicted_total{cause}}
 *     ({@code size} or {@code idle}).</li>
 * </ul>
 */
final class RegistryCollector extends Collector implements Collector.Describable {
    private static final List<String> FAMILY = List.of("family");
    private static final List<String> CAUSE = List.of("cause");

    private final java.util.function.Supplier<RegistryTotals> source;

    /** Reads the totals {@code source} gives at each scrape: with Redis, the totals of every node. */
    RegistryCollector(java.util.function.Supplier<RegistryTotals> source) {
        this.source = source;
    }

    @Override
    public List<MetricFamilySamples> collect() {
        RegistryTotals totals;
        try {
            totals = source.get();
        } catch (RuntimeException e) {
            // A shared registry whose Redis is down: the scrape still serves the request metrics, and the
            // missing swarm gauges say the totals are unknown rather than zero.
            System.getLogger(RegistryCollector.class.getName()).log(System.Logger.Level.DEBUG,
                    "swarm totals unavailable for /metrics: {0}", e.toString());
            return List.of();
        }
        GaugeMetricFamily peers = new GaugeMetricFamily("karuta_peers",
                "Peers held, by address family (a dual-stack peer counts in both).", FAMILY)
                .addMetric(List.of(PrometheusMetrics.familyLabel(AddressFamily.V4)), totals.peersV4())
                .addMetric(List.of(PrometheusMetrics.familyLabel(AddressFamily.V6)), totals.peersV6());
        CounterMetricFamily evicted = new CounterMetricFamily("karuta_swarms_evicted",
                "Swarms dropped by the registry: for room (size) or after the idle time (idle).", CAUSE)
                .addMetric(List.of("size"), totals.swarmsEvictedBySize())
                .addMetric(List.of("idle"), totals.swarmsEvictedIdle());
        return List.of(
                new GaugeMetricFamily("karuta_torrents", "Swarms held.", totals.torrents()),
                new GaugeMetricFamily("karuta_seeders", "Peers with nothing left to download.", totals.seeders()),
                new GaugeMetricFamily("karuta_leechers", "Peers downloading (partial seeds not included).",
                        totals.downloaders()),
                new GaugeMetricFamily("karuta_partial_seeds", "BEP 21 partial seeds (paused).", totals.partialSeeds()),
                peers,
                new CounterMetricFamily("karuta_peers_expired", "Peers removed because their TTL ran out.",
                        totals.peersExpired()),
                new CounterMetricFamily("karuta_peers_replaced",
                        "Peers replaced by a newer peer of the same address beyond karuta.peers.perAddress.",
                        totals.peersReplaced()),
                evicted);
    }

    @Override
    public List<MetricFamilySamples> describe() {
        return collect();
    }
}
