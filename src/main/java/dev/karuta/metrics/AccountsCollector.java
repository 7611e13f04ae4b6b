package dev.karuta.metrics;

import dev.karuta.accounts.AccountsParts;
import dev.karuta.accounts.PrivateMode;
import dev.karuta.accounts.RefusedRows;
import io.prometheus.client.Collector;
import io.prometheus.client.CounterMetricFamily;
import io.prometheus.client.GaugeMetricFamily;
import java.util.List;

/**
 * A private tracker's accounting, read when Prometheus scrapes: gauges {@code karuta_accounts_users},
 * {@code karuta_accounts_torrents}, {@code karuta_accounts_peers} (peers whose transfer is tracked),
 * {@code karuta_accounts_pending} (coalesced entries not yet written: how far the database is behind),
 * {@code karuta_accounts_flush_lag_seconds} (since the last flush that wrote everything began), the
 * counter {@code karuta_accounts_flushes_total{result}} ({@code written} or {@code failed}), the
 * counter {@code karuta_accounts_rows_refused_total{kind}} (rows the database refused on their own,
 * kept aside) and {@code karuta_accounts_deltas_refused_total{direction}} (announces whose growth no
 * link carries). An operator alerts on the lag passing a few flush intervals, or on {@code failed} or
 * {@code rows_refused} growing.
 */
final class AccountsCollector extends Collector implements Collector.Describable {
    private static final List<String> RESULT = List.of("result");
    private static final List<String> KIND = List.of("kind");
    private static final List<String> DIRECTION = List.of("direction");

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
                flushes, rowsRefused(), deltasRefused(tracker));
    }

    private CounterMetricFamily rowsRefused() {
        CounterMetricFamily rows = new CounterMetricFamily("karuta_accounts_rows_refused",
                "Rows of the accounting the database refused on their own, by kind; kept aside in the data"
                        + " directory's accounts-refused.txt while the rest is written.", KIND);
        RefusedRows refused = accounts.flusher().refused();
        for (String kind : RefusedRows.KINDS) {
            rows.addMetric(List.of(kind), refused.count(kind));
        }
        return rows;
    }

    private static CounterMetricFamily deltasRefused(PrivateMode tracker) {
        return new CounterMetricFamily("karuta_accounts_deltas_refused",
                "Announces whose uploaded or downloaded growth was beyond karuta.private.maxRate: credited nothing.",
                DIRECTION)
                .addMetric(List.of("uploaded"), tracker.transfers().refusedUploads())
                .addMetric(List.of("downloaded"), tracker.transfers().refusedDownloads());
    }

    @Override
    public List<MetricFamilySamples> describe() {
        return collect();
    }
}
