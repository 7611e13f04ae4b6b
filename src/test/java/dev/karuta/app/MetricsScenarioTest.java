package dev.karuta.app;

import static dev.karuta.testing.TrackerClient.announce;
import static dev.karuta.testing.TrackerClient.id;
import static dev.karuta.testing.TrackerClient.scrape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.bencode.BencodeReader;
import dev.karuta.metrics.PrometheusMetrics;
import dev.karuta.metrics.TrackerMetrics;
import dev.karuta.testing.Exposition;
import dev.karuta.testing.FakeTime;
import dev.karuta.testing.KarutaServer;
import dev.karuta.testing.LocalNetwork;
import dev.karuta.testing.RawHttp;
import dev.karuta.testing.TrackerClient;
import dev.karuta.testing.UdpTrackerClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} of the real webapp: requests over HTTP and UDP show up as exact counter deltas,
 * the swarm as gauges, expiry as a counter; the endpoint can be switched off or restricted.
 */
class MetricsScenarioTest {
    private static final byte[] HASH = id("metrics-torrent");
    private static final byte[] SEEDER = id("-TR3000-seeder");
    private static final byte[] LEECHER = id("-qB4650-leecher");
    private static final Duration TTL = Duration.ofSeconds(600);

    private final FakeTime ticker = new FakeTime();
    private KarutaServer server;
    private TrackerClient client;

    private void start(Map<String, String> extra) throws Exception {
        Map<String, String> params = new HashMap<>(Map.of("karuta.peer.ttl", Long.toString(TTL.toSeconds()),
                "karuta.swarm.idle", "3600", "karuta.announce.intervalJitter", "0", "karuta.udp.host", "127.0.0.1"));
        params.putAll(extra);
        server = KarutaServer.start(params, ticker);
        client = new TrackerClient("http://127.0.0.1:" + server.port());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private RawHttp.Response get(String target, String... headerLines) throws Exception {
        return RawHttp.get(server.port(), target.getBytes(StandardCharsets.US_ASCII), headerLines);
    }

    /** GET /metrics from 127.0.0.1; asserts 200 and the Prometheus text format. */
    private Exposition metrics() throws Exception {
        RawHttp.Response r = get("/metrics");
        assertEquals(200, r.status(), new String(r.body(), StandardCharsets.UTF_8));
        assertTrue(r.headers().toLowerCase().contains("content-type: text/plain; version=0.0.4"), r.headers());
        return Exposition.parse(new String(r.body(), StandardCharsets.UTF_8));
    }

    private static double requests(Exposition e, String protocol, String action, String result, String family) {
        return e.value("karuta_requests_total", "protocol", protocol, "action", action, "result", result,
                "family", family);
    }

    private static double delta(Exposition before, Exposition after, String protocol, String action, String result,
                                String family) {
        return requests(after, protocol, action, result, family) - requests(before, protocol, action, result, family);
    }

    private static double durations(Exposition e, String protocol, String action) {
        return e.value("karuta_request_duration_seconds_count", "protocol", protocol, "action", action);
    }

    @Test
    void httpAndUdpRequestsAreCountedAndTheSwarmIsGauged() throws Exception {
        start(Map.of());
        Exposition before = metrics();

        client.get(announce(HASH, SEEDER, 51413, 0, "event=started"));
        client.get(announce(HASH, LEECHER, 6881, 100, "event=started"));
        Map<String, Object> bad = client.get("/announce?info_hash=x");
        assertEquals("info_hash must be 20 bytes", BencodeReader.latin1(bad.get("failure reason")));
        client.get(scrape(HASH));
        client.get("/scrape");

        int udpPort = server.components().udp().port();
        try (UdpTrackerClient udp = new UdpTrackerClient("127.0.0.1", udpPort);
             UdpTrackerClient stranger = new UdpTrackerClient("127.0.0.1", udpPort)) {
            udp.connect();
            assertEquals(1, ByteBuffer.wrap(udp.announce(HASH, id("-lt0D60-udp-seed"), 0, 2, -1, 7000)).getInt());
            assertEquals(2, ByteBuffer.wrap(udp.scrape(HASH)).getInt());
            byte[] refused = stranger.announce(HASH, id("-lt0D60-stranger"), 0, 2, -1, 7001);
            assertEquals(3, ByteBuffer.wrap(refused).getInt(), "no connect: an error packet");
        }

        boolean v6 = LocalNetwork.ipv6LoopbackUp();
        if (v6) {
            TrackerClient overV6 = new TrackerClient("http://[::1]:" + server.port());
            overV6.get(announce(HASH, id("-DE13F0-v6-leech"), 6882, 100, "event=started"));
            Map<String, Object> taken = overV6.get(announce(HASH, SEEDER, 51413, 0, ""));
            assertEquals("peer_id is in use by another address", BencodeReader.latin1(taken.get("failure reason")));
        }

        Exposition after = metrics();
        assertEquals(2, delta(before, after, "http", "announce", "ok", "ipv4"));
        assertEquals(1, delta(before, after, "http", "announce", "bad_request", "ipv4"));
        assertEquals(1, delta(before, after, "http", "scrape", "ok", "ipv4"));
        assertEquals(1, delta(before, after, "http", "full_scrape", "refused", "ipv4"), "full scrape is off by default");
        assertEquals(1, delta(before, after, "udp", "connect", "ok", "ipv4"));
        assertEquals(1, delta(before, after, "udp", "announce", "ok", "ipv4"));
        assertEquals(1, delta(before, after, "udp", "scrape", "ok", "ipv4"));
        assertEquals(1, delta(before, after, "udp", "announce", "bad_connection_id", "ipv4"));
        assertEquals(1, after.value("karuta_udp_bad_connection_ids_total") - before.value("karuta_udp_bad_connection_ids_total"));
        assertEquals(v6 ? 1 : 0, delta(before, after, "http", "announce", "ok", "ipv6"));
        assertEquals(v6 ? 1 : 0, delta(before, after, "http", "announce", "conflict", "ipv6"));

        assertEquals(v6 ? 5 : 3, durations(after, "http", "announce") - durations(before, "http", "announce"),
                "every answered announce is timed, failures too");
        assertEquals(2, durations(after, "udp", "announce") - durations(before, "udp", "announce"));
        assertEquals(1, durations(after, "udp", "connect") - durations(before, "udp", "connect"));

        assertEquals(1, after.value("karuta_torrents"));
        assertEquals(2, after.value("karuta_seeders"), "the HTTP and the UDP seeder");
        assertEquals(v6 ? 2 : 1, after.value("karuta_leechers"));
        assertEquals(0, after.value("karuta_partial_seeds"));
        assertEquals(3, after.value("karuta_peers", "family", "ipv4"));
        assertEquals(v6 ? 1 : 0, after.value("karuta_peers", "family", "ipv6"));

        assertNotNull(after.find("jvm_threads_current"), "JVM metrics are exported");
        assertNotNull(after.find("jvm_memory_bytes_used", "area", "heap"));
        assertNotNull(after.find("process_cpu_seconds_total"));
    }

    @Test
    void expiredPeersAreCountedWhenTheSweepFindsThem() throws Exception {
        start(Map.of());
        client.get(announce(HASH, SEEDER, 51413, 0, "event=started"));
        client.get(announce(HASH, LEECHER, 6881, 100, "event=started"));
        ticker.advance(TTL.minusSeconds(1));
        client.get(announce(HASH, SEEDER, 51413, 0, ""));
        ticker.advance(Duration.ofSeconds(2));
        assertEquals(1, server.components().registry().sweep());

        Exposition e = metrics();
        assertEquals(1, e.value("karuta_peers_expired_total"));
        assertEquals(1, e.value("karuta_peers", "family", "ipv4"));
        assertEquals(0, e.value("karuta_leechers"));

        ticker.advance(TTL);
        assertEquals(1, server.components().registry().sweep());
        e = metrics();
        assertEquals(2, e.value("karuta_peers_expired_total"));
        assertEquals(0, e.value("karuta_torrents"), "the emptied swarm is swept");
        assertEquals(0, e.value("karuta_swarms_evicted_total", "cause", "idle"), "swept, not evicted");
    }

    @Test
    void fullScrapesAreTimedApartAndTheirRateLimitCounted() throws Exception {
        start(Map.of("karuta.scrape.full", "true", "karuta.scrape.fullInterval", "300"));
        client.get(announce(HASH, SEEDER, 51413, 0, "event=started"));
        Exposition before = metrics();
        byte[] gzipped = client.getRaw("/scrape", "Accept-Encoding", "gzip");
        assertEquals(0x1f, gzipped[0] & 0xff, "gzip");
        Map<String, Object> limited = client.get("/scrape");
        assertEquals("full scrape too frequent", BencodeReader.latin1(limited.get("failure reason")));

        Exposition after = metrics();
        assertEquals(1, delta(before, after, "http", "full_scrape", "ok", "ipv4"));
        assertEquals(1, delta(before, after, "http", "full_scrape", "rate_limited", "ipv4"));
        assertEquals(0, delta(before, after, "http", "scrape", "ok", "ipv4"));
        assertEquals(2, durations(after, "http", "full_scrape") - durations(before, "http", "full_scrape"));
        assertEquals(1, after.value("karuta_full_scrape_limited_total"));
    }

    @Test
    void disabledMetricsAnswer404AndTheTrackerRecordsNothing() throws Exception {
        start(Map.of("karuta.metrics.enabled", "false"));
        assertSame(TrackerMetrics.NOOP, server.components().metrics());
        client.get(announce(HASH, SEEDER, 51413, 0, "event=started"));
        RawHttp.Response r = get("/metrics");
        assertEquals(404, r.status());
        assertEquals("metrics are disabled\n", new String(r.body(), StandardCharsets.US_ASCII));
        assertEquals(404, get("/metrics?name[]=karuta_torrents").status());
    }

    @Test
    void allowFromRefusesOtherAddressesWith403() throws Exception {
        start(Map.of("karuta.metrics.allowFrom", "10.0.0.0/8, ::1/128"));
        RawHttp.Response r = get("/metrics");
        assertEquals(403, r.status(), "127.0.0.1 is not listed");
        assertEquals("forbidden\n", new String(r.body(), StandardCharsets.US_ASCII));
        assertEquals(403, get("/metrics", "X-Forwarded-For: 10.1.2.3").status(), "no proxy is trusted");
        if (LocalNetwork.ipv6LoopbackUp()) {
            HttpResponse<String> v6 = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://[::1]:" + server.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, v6.statusCode(), "::1 is listed");
            assertTrue(v6.body().contains("# TYPE karuta_requests_total counter"));
        }
    }

    @Test
    void allowFromMatchesTheClientBehindATrustedProxy() throws Exception {
        start(Map.of("karuta.metrics.allowFrom", "10.0.0.0/8", "karuta.proxy.trusted", "127.0.0.1"));
        assertEquals(200, get("/metrics", "X-Forwarded-For: 10.1.2.3").status());
        assertEquals(403, get("/metrics", "X-Forwarded-For: 192.0.2.1").status());
        assertEquals(403, get("/metrics").status(), "the proxy itself is not listed");
        assertEquals(403, get("/metrics", "X-Forwarded-For: not-an-address").status());
    }

    @Test
    void allowFromIgnoresASpoofedForwardedHeader() throws Exception {
        // The proxy sets X-Forwarded-For (the default karuta.proxy.header); Forwarded is the client's own.
        start(Map.of("karuta.metrics.allowFrom", "10.0.0.0/8", "karuta.proxy.trusted", "127.0.0.1"));
        assertEquals(403, get("/metrics", "Forwarded: for=10.0.0.5", "X-Forwarded-For: 192.0.2.1").status());
        assertEquals(200, get("/metrics", "Forwarded: for=192.0.2.1", "X-Forwarded-For: 10.1.2.3").status());
    }

    @Test
    void aRedeployServesAFreshRegistry() throws Exception {
        start(Map.of());
        client.get(announce(HASH, SEEDER, 51413, 0, "event=started"));
        PrometheusMetrics first = (PrometheusMetrics) server.components().metrics();
        assertEquals(1, requests(metrics(), "http", "announce", "ok", "ipv4"));

        server.webapp().stop();
        assertTrue(!first.registry().metricFamilySamples().hasMoreElements(), "the old registry was cleared");
        server.webapp().start();
        Exposition fresh = metrics();
        assertEquals(0, requests(fresh, "http", "announce", "ok", "ipv4"));
        // Counters start over; the gauges read the registry, which the snapshot restored.
        assertEquals(1, fresh.value("karuta_torrents"));
        assertEquals(1, fresh.value("karuta_seeders"));
        client.get(announce(HASH, SEEDER, 51413, 0, "event=started"));
        assertEquals(1, requests(metrics(), "http", "announce", "ok", "ipv4"));
    }
}
