package dev.karuta.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What {@link PromQl} reads out of the kinds of query the dashboard and the alerts use. */
class PromQlTest {
    @Test
    void aQuantileOverAHistogramNamesItsBucketsOnly() {
        String expr = "histogram_quantile(0.99, sum by (le, protocol) (rate(karuta_request_duration_seconds_bucket"
                + "{job=~\"$job\", instance=~\"$instance\", action=\"announce\"}[$__rate_interval])))";
        assertEquals(Set.of("karuta_request_duration_seconds_bucket"), PromQl.metricNames(expr));
        assertEquals(Set.of("le", "protocol", "job", "instance", "action"), PromQl.labelNames(expr));
        assertEquals(List.of(new PromQl.LabelMatch("job", "=~", "$job"), new PromQl.LabelMatch("instance", "=~", "$instance"),
                new PromQl.LabelMatch("action", "=", "announce")), PromQl.matchers(expr));
    }

    @Test
    void ratiosOperatorsKeywordsNumbersAndDurationsAreNoNames() {
        String expr = "sum by (job, instance) (rate(karuta_requests_total{result=\"internal\"}[5m] offset 1m))\n"
                + "  / on (job) group_left sum without (family) (rate(karuta_requests_total[5m])) > 1e-2"
                + " and absent(up{job=~\"karuta.*\"}) or jvm_memory_bytes_used / (jvm_memory_bytes_max > 0) > bool 0.9";
        assertEquals(Set.of("karuta_requests_total", "up", "jvm_memory_bytes_used", "jvm_memory_bytes_max"),
                PromQl.metricNames(expr));
        assertEquals(Set.of("job", "instance", "family", "result"), PromQl.labelNames(expr));
    }

    @Test
    void aGrafanaVariableQueryIsItsSelector() {
        String query = "label_values(karuta_requests_total{job=~\"$job\"}, instance)";
        assertEquals("karuta_requests_total{job=~\"$job\"}", PromQl.variableSelector(query));
        assertEquals("instance", PromQl.variableLabel(query));
        assertNull(PromQl.variableLabel("up"));
    }

    @Test
    void grafanaVariablesBecomeWhatPrometheusAccepts() {
        assertEquals("rate(x{job=~\".*\", instance=~\".*\"}[5m])",
                PromQl.withoutGrafanaVariables("rate(x{job=~\"$job\", instance=~\"${instance}\"}[$__rate_interval])"));
    }
}
