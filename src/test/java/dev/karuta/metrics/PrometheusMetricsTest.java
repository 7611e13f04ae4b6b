package dev.karuta.metrics;

import static dev.karuta.core.Answers.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.karuta.core.AddressFamily;
import dev.karuta.core.AnnounceRequest;
import dev.karuta.core.Event;
import dev.karuta.core.InfoHash;
import dev.karuta.core.PeerAddress;
import dev.karuta.core.PeerId;
import dev.karuta.core.Swarms;
import dev.karuta.metrics.TrackerMetrics.Action;
import dev.karuta.metrics.TrackerMetrics.Protocol;
import dev.karuta.metrics.TrackerMetrics.Result;
import dev.karuta.swarm.CaffeineSwarmRegistry;
import dev.karuta.swarm.RegistrySettings;
import dev.karuta.testing.FakeTime;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** PrometheusMetrics alone: what each call records, what a scrape reads, and what recording costs. */
class PrometheusMetricsTest {
    private static final Duration TTL = Duration.ofSeconds(600);

    private final FakeTime ticker = new FakeTime();
    private final CaffeineSwarmRegistry swarms = new CaffeineSwarmRegistry(
            new RegistrySettings(TTL, Duration.ofSeconds(3600), 1000, 24, 48), ticker);
    private final PrometheusMetrics metrics = new PrometheusMetrics(swarms.totals());
    private final CollectorRegistry registry = metrics.registry();

    @AfterEach
    void close() {
        metrics.close();
        swarms.close();
    }

    private Double requests(String protocol, String action, String result, String family) {
        return registry.getSampleValue("karuta_requests_total", new String[] {"protocol", "action", "result", "family"},
                new String[] {protocol, action, result, family});
    }

    private Double duration(String suffix, String protocol, String action, String... le) {
        String[] names = le.length == 0 ? new String[] {"protocol", "action"} : new String[] {"protocol", "action", "le"};
        String[] values = le.length == 0 ? new String[] {protocol, action} : new String[] {protocol, action, le[0]};
        return registry.getSampleValue("karuta_request_duration_seconds" + suffix, names, values);
    }

    private double gauge(String name, String... labelAndValue) {
        Double v = labelAndValue.length == 0 ? registry.getSampleValue(name)
                : registry.getSampleValue(name, new String[] {labelAndValue[0]}, new String[] {labelAndValue[1]});
        assertNotNull(v, name + " is exported");
        return v;
    }

    private static AnnounceRequest announce(int peer, PeerAddress v4, PeerAddress v6, long left, Event event) {
        byte[] id = new byte[20];
        id[19] = (byte) peer;
        return AnnounceRequest.builder(InfoHash.of(new byte[20]), PeerId.of(id), v4 != null ? v4 : v6)
                .other(v4 != null ? v6 : null).left(left).event(event).numWant(50).key(peer).build();
    }

    @Test
    void totalsThatCannotBeReadLeaveOutTheSwarmGaugesButNotTheRest() {
        try (PrometheusMetrics down = new PrometheusMetrics(() -> {
            throw new IllegalStateException("Redis is down");
        })) {
            down.request(Protocol.HTTP, Action.ANNOUNCE, Result.OK, AddressFamily.V4, 30_000);
            assertEquals(null, down.registry().getSampleValue("karuta_seeders"));
            assertEquals(1.0, down.registry().getSampleValue("karuta_requests_total",
                    new String[] {"protocol", "action", "result", "family"}, new String[] {"http", "announce", "ok", "ipv4"}));
        }
    }

    @Test
    void requestsAreCountedByEveryLabelAndTimed() {
        metrics.request(Protocol.HTTP, Action.ANNOUNCE, Result.OK, AddressFamily.V4, 30_000);
        metrics.request(Protocol.HTTP, Action.ANNOUNCE, Result.OK, AddressFamily.V4, 40_000);
        metrics.request(Protocol.HTTP, Action.ANNOUNCE, Result.BAD_REQUEST, AddressFamily.V6, 2_000_000);
        metrics.request(Protocol.UDP, Action.SCRAPE, Result.REFUSED, AddressFamily.V6, 10_000);

        assertEquals(2.0, requests("http", "announce", "ok", "ipv4"));
        assertEquals(1.0, requests("http", "announce", "bad_request", "ipv6"));
        assertEquals(1.0, requests("udp", "scrape", "refused", "ipv6"));
        assertEquals(0.0, requests("http", "announce", "ok", "ipv6"), "the ok series exist from the start");
        assertEquals(0.0, requests("udp", "connect", "ok", "ipv4"));
        assertNull(requests("http", "connect", "ok", "ipv4"), "HTTP has no connect: no series made for it");
        assertNull(requests("udp", "scrape", "conflict", "ipv4"), "failure series appear when they happen");

        assertEquals(3.0, duration("_count", "http", "announce"), "every result is timed");
        assertEquals(0.0, duration("_bucket", "http", "announce", "2.5E-5"));
        assertEquals(2.0, duration("_bucket", "http", "announce", "5.0E-5"), "30 and 40 µs");
        assertEquals(3.0, duration("_bucket", "http", "announce", "0.0025"));
        assertEquals(0.00207, duration("_sum", "http", "announce"), 1e-12);
        assertEquals(1.0, duration("_count", "udp", "scrape"));
        assertEquals(0.0, duration("_count", "http", "full_scrape"), "every served action has its histogram");
    }

    @Test
    void frontendCountersCount() {
        metrics.badConnectionId();
        metrics.badConnectionId();
        metrics.dropped();
        metrics.fullScrapeLimited();
        assertEquals(2.0, registry.getSampleValue("karuta_udp_bad_connection_ids_total"));
        assertEquals(1.0, registry.getSampleValue("karuta_udp_dropped_total"));
        assertEquals(1.0, registry.getSampleValue("karuta_full_scrape_limited_total"));
    }

    @Test
    void swarmGaugesAreReadFromTheRegistryAtScrapeTime() {
        PeerAddress seeder4 = PeerAddress.of(new byte[] {10, 0, 0, 1}, 6881);
        PeerAddress leecher6 = PeerAddress.of(new byte[] {0x20, 1, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2}, 6881);
        join(swarms.announce(announce(1, seeder4, null, 0, Event.STARTED), 50, Swarms.NO_OWNER));
        join(swarms.announce(announce(2, null, leecher6, 100, Event.STARTED), 50, Swarms.NO_OWNER));
        join(swarms.announce(announce(3, PeerAddress.of(new byte[] {10, 0, 0, 3}, 1), leecher6.withPort(2), 100, Event.PAUSED), 50, Swarms.NO_OWNER));

        assertEquals(1, gauge("karuta_torrents"));
        assertEquals(1, gauge("karuta_seeders"));
        assertEquals(1, gauge("karuta_leechers"));
        assertEquals(1, gauge("karuta_partial_seeds"));
        assertEquals(2, gauge("karuta_peers", "family", "ipv4"));
        assertEquals(2, gauge("karuta_peers", "family", "ipv6"), "the dual-stack partial seed counts in both");
        assertEquals(0, gauge("karuta_peers_expired_total"));

        ticker.advance(TTL);
        assertEquals(3, swarms.sweep());
        assertEquals(3, gauge("karuta_peers_expired_total"));
        assertEquals(0, gauge("karuta_peers", "family", "ipv4"));
        assertEquals(0, gauge("karuta_torrents"));
        assertEquals(0, gauge("karuta_swarms_evicted_total", "cause", "size"));
        assertEquals(0, gauge("karuta_swarms_evicted_total", "cause", "idle"), "an emptied swarm is swept, not evicted");
    }

    @Test
    void jvmMetricsAreInTheSameRegistry() {
        assertTrue(gauge("jvm_threads_current") > 0);
        assertTrue(gauge("jvm_memory_bytes_used", "area", "heap") > 0);
        assertNotNull(registry.getSampleValue("jvm_classes_currently_loaded"));
        assertNotNull(registry.getSampleValue("process_cpu_seconds_total"));
    }

    @Test
    void eachInstanceHasItsOwnRegistryAndTheDefaultOneStaysEmpty() {
        try (PrometheusMetrics second = new PrometheusMetrics(swarms.totals())) {
            second.dropped();
            assertEquals(1.0, second.registry().getSampleValue("karuta_udp_dropped_total"));
            assertEquals(0.0, registry.getSampleValue("karuta_udp_dropped_total"));
        }
        assertNull(CollectorRegistry.defaultRegistry.getSampleValue("karuta_torrents"));
        assertNull(CollectorRegistry.defaultRegistry.getSampleValue("jvm_threads_current"));
    }

    @Test
    void closeEmptiesTheRegistry() {
        metrics.close();
        assertFalse(registry.metricFamilySamples().hasMoreElements());
    }

    @Test
    void theTextExpositionNamesEveryMetric() throws Exception {
        metrics.request(Protocol.UDP, Action.CONNECT, Result.OK, AddressFamily.V4, 1_000);
        StringWriter text = new StringWriter();
        TextFormat.write004(text, registry.metricFamilySamples());
        String s = text.toString();
        for (String line : new String[] {
            "karuta_requests_total{protocol=\"udp\",action=\"connect\",result=\"ok\",family=\"ipv4\",} 1.0",
            "# TYPE karuta_request_duration_seconds histogram",
            "karuta_torrents 0.0", "karuta_peers{family=\"ipv6\",} 0.0", "# TYPE karuta_peers_expired_total counter",
            "karuta_swarms_evicted_total{cause=\"idle\",} 0.0", "karuta_udp_bad_connection_ids_total 0.0",
        }) {
            assertTrue(s.contains(line), line + " in\n" + s);
        }
    }

    @Test
    void recordingAllocatesNothingOnceALabelSetWasSeen() {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean
                && bean.isThreadAllocatedMemorySupported() && bean.isThreadAllocatedMemoryEnabled());
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        Result[] results = {Result.OK, Result.BAD_REQUEST, Result.BAD_CONNECTION_ID};
        for (Result r : results) {
            metrics.request(Protocol.UDP, Action.ANNOUNCE, r, AddressFamily.V6, 1);
        }
        long before = bean.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 100_000; i++) {
            metrics.request(Protocol.UDP, Action.ANNOUNCE, results[i % 3], AddressFamily.V6, i);
            metrics.badConnectionId();
        }
        long allocated = bean.getThreadAllocatedBytes(thread) - before;
        // Zero per call; the allowance covers the measuring itself, not 200,000 calls.
        assertTrue(allocated < 4096, allocated + " bytes allocated by 200,000 calls");
    }
}
