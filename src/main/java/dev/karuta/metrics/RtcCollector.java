package dev.karuta.metrics;

import dev.karuta.swarm.rtc.RtcTotals;
import io.prometheus.client.Collector;
import io.prometheus.client.GaugeMetricFamily;
import java.util.List;
import java.util.function.Supplier;

/**
 * The WebSocket tracker's state, read from its {@link RtcTotals} when Prometheus scrapes: gauges
 * {@code karuta_ws_connections} (open WebSocket connections), {@code karuta_ws_torrents} and
 * {@code karuta_ws_peers{state}} ({@code seeder} or {@code leecher}) of the WebRTC swarms, which are
 * not in {@code karuta_torrents} and {@code karuta_peers}.
 */
final class RtcCollector extends Collector implements Collector.Describable {
    private final Supplier<RtcTotals> source;

    RtcCollector(Supplier<RtcTotals> source) {
        this.source = source;
    }

    @Override
    public List<MetricFamilySamples> collect() {
        RtcTotals t = source.get();
        GaugeMetricFamily peers = new GaugeMetricFamily("karuta_ws_peers",
                "WebRTC peers in the WebSocket tracker's swarms, seeders and leechers.", List.of("state"))
                .addMetric(List.of("seeder"), t.seeders())
                .addMetric(List.of("leecher"), t.leechers());
        return List.of(
                new GaugeMetricFamily("karuta_ws_connections", "Open WebSocket tracker connections.", t.connections()),
                new GaugeMetricFamily("karuta_ws_torrents", "Swarms of the WebSocket tracker (WebRTC peers).",
                        t.torrents()),
                peers);
    }

    @Override
    public List<MetricFamilySamples> describe() {
        return collect();
    }
}
