package dev.karuta.metrics;

import dev.karuta.accounts.AccountsParts;
import dev.karuta.accounts.PrivateMode;
import io.prometheus.client.Collector;
import io.prometheus.client.CounterMetricFamily;
import io.prometheus.client.GaugeMetricFamily;
import java.util.List;

/**
 * A private tracker's accounting, read when Prometheus scrapes: gauges {@code karuta_accounts_users},
 * {@code karuta_accounts_torrents}, {@code karuta_accounts_peers} (peers whose transfer is tracked),
 * {@code karuta_accounts_pending} (coalesced entries not yet written: how far the database is behind),
 * {@code karuta_accounts_flush_lag_seconds} (since the last flush that wrote everything began), and the
 * counter {@code karuta_accounts_flushes_total{result}} ({@code written} or {@code failed}).
 * An operator alerts on the lag passing a few flush intervals, or {@code failed} growing.
 */
final class AccountsCollector extends Collector implements Collector.Describable {
    private static final List<String> RESULT = List.of("result");

    private final AccountsParts accounts;

    AccountsCollector(AccountsParts accounts) {
        this.accounts = accounts;
    }

    @Override
    public List<MetricFamilySamples> collect() {
        PrivateMode tracker = accounts.mode();
        CounterMetricFamily flushes = new CounterMetricFamily("karuta_accounts_flushes",
                "Writes of the pending accounting: written, or failed (kept and retried).", RESULT)
                .addMetric(List.of("written"), accounts.flusher().written())
                .addMetric(List.of("failed"), accounts.flusher().failures());
        return List.of(
                new GaugeMetricFamily("karuta_accounts_users", "Users who may announce.", tracker.roster().userCount()),
                new GaugeMetricFamily("karuta_accounts_torrents", "Registered torrents.",
                        tracker.roster().torrentCount()),
                new GaugeMetricFamily("karuta_accounts_peers", "Peers whose transfer is being accounted.",
                        tracker.transfers().size()),
                new GaugeMetricFamily("karuta_accounts_pending",
                        "Coalesced accounting entries (users, torrents, peers, snatches, tokens) not yet written.",
                        accounts.flusher().waiting()),
                new GaugeMetricFamily("karuta_accounts_flush_lag_seconds",
                        "Seconds since the last flush that wrote everything began: how long the database may lack"
                                + " accounting.", accounts.flusher().behind().toNanos() / 1e9),
                flushes);
    }

    @Override
    public List<MetricFamilySamples> describe() {
        return collect();
    }
}
