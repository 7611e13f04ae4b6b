package dev.karuta.metrics;

import dev.karuta.swarm.redis.RedisSwarmRegistry;
import io.prometheus.client.Collector;
import io.prometheus.client.CounterMetricFamily;
import io.prometheus.client.GaugeMetricFamily;
import java.util.List;

/**
 * The Redis swarm registry's health, read when Prometheus scrapes: the counter
 * {@code karuta_redis_failures_total} (calls that failed or timed out, each one a failed request or
 * read) and the gauge {@code karuta_redis_up} (1 while the last call was answered, 0 from a failure to
 * the next success). A scrape itself reads the swarm totals from Redis, so even a node without traffic
 * notices an outage by its next scrape.
 */
final class RedisCollector extends Collector implements Collector.Describable {
    private final RedisSwarmRegistry registry;

    RedisCollector(RedisSwarmRegistry registry) {
        this.registry = registry;
    }

    @Override
    public List<MetricFamilySamples> collect() {
        return List.of(
                new CounterMetricFamily("karuta_redis_failures",
                        "Calls of the swarm registry to Redis that failed or timed out.", registry.failures()),
                new GaugeMetricFamily("karuta_redis_up",
                        "1 when the swarm registry's last call to Redis was answered in time, else 0.",
                        registry.reachable() ? 1 : 0));
    }

    @Override
    public List<MetricFamilySamples> describe() {
        return collect();
    }
}
