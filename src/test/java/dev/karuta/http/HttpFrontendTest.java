package dev.karuta.http;

import static dev.karuta.testing.TrackerClient.announce;
import static dev.karuta.testing.TrackerClient.id;
import static dev.karuta.testing.TrackerClient.scrape;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.bencode.BencodeReader;
import dev.karuta.testing.FakeTime;
import dev.karuta.testing.KarutaServer;
import dev.karuta.testing.LocalNetwork;
import dev.karuta.testing.RawHttp;
import dev.karuta.testing.TrackerClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP routes on a real Jetty: formats, limits, failures, proxies, full scrape, IPv6. */
class HttpFrontendTest {
    private static final byte[] HASH = id("frontend-torrent");
    private final FakeTime ticker = new FakeTime();
    private KarutaServer server;
    private TrackerClient client;

    @BeforeEach
    void start() throws Exception {
        server = KarutaServer.start(Map.of(
                "karuta.numwant.max", "3",
                "karuta.numwant.default", "2",
                "karuta.scrape.maxHashes", "2",
                "karuta.scrape.full", "true",
                "karuta.scrape.fullInterval", "300",
                "karuta.proxy.trusted", "127.0.0.1"), ticker);
        client = new TrackerClient("http://127.0.0.1:" + server.port());
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private Map<String, Object> failure(String pathAndQuery) throws Exception {
        long peers = server.components().registry().totals().peers();
        long torrents = server.components().registry().totals().torrents();
        RawHttp.Response raw = RawHttp.get(server.port(), pathAndQuery.getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(200, raw.status(), raw.headers());
        Map<String, Object> r = BencodeReader.parseDict(raw.body());
        assertTrue(r.containsKey("failure reason"), () -> "expected a failure for " + pathAndQuery + ": " + r);
        assertEquals(peers, server.components().registry().totals().peers(), "a failure changes nothing");
        assertEquals(torrents, server.components().registry().totals().torrents(), "a failure changes nothing");
        return r;
    }

    @Test
    void numwantIsClampedToTheMaximum() throws Exception {
        for (int i = 0; i < 6; i++) {
            client.get(announce(HASH, id("peer-" + i), 7000 + i, 10, ""));
        }
        Map<String, Object> r = client.get(announce(HASH, id("asker"), 7100, 10, "numwant=1000"));
        assertEquals(3 * 6, ((byte[]) r.get("peers")).length);
        Map<String, Object> none = client.get(announce(HASH, id("asker"), 7100, 10, "numwant=0"));
        assertEquals(0, ((byte[]) none.get("peers")).length);
    }

    @Test
    @SuppressWarnings("unchecked")
    void nonCompactAnswerIsAListOfDictionaries() throws Exception {
        client.get(announce(HASH, id("-TR3000-other"), 7001, 10, ""));
        Map<String, Object> r = client.get(announce(HASH, id("asker"), 7100, 10, "compact=0"));
        List<Object> peers = (List<Object>) r.get("peers");
        Map<String, Object> p = (Map<String, Object>) peers.get(0);
        assertEquals("127.0.0.1", BencodeReader.latin1(p.get("ip")));
        assertEquals(7001L, p.get("port"));
        assertArrayEquals(id("-TR3000-other"), (byte[]) p.get("peer id"));
        Map<String, Object> bare = (Map<String, Object>) ((List<Object>) client.get(
                announce(HASH, id("asker"), 7100, 10, "compact=0&no_peer_id=1")).get("peers")).get(0);
        assertEquals(false, bare.containsKey("peer id"));
    }

    @Test
    void malformedRequestsFailWithBencodeAndChangeNothing() throws Exception {
        assertEquals("missing info_hash", BencodeReader.latin1(failure("/announce?peer_id=x").get("failure reason")));
        failure("/announce");
        failure(announce(HASH, id("p"), 0, 10, ""));
        failure(announce(HASH, id("p"), 7000, 10, "event=bogus"));
        failure("/announce?info_hash=%zz");
        failure("/announce?info_hash=" + "a".repeat(7000));
        failure("/scrape?info_hash=short");
        Map<String, Object> tooMany = failure(scrape(id("a"), id("b"), id("c")));
        assertEquals("too many info_hash values (at most 2)", BencodeReader.latin1(tooMany.get("failure reason")));
        failure("/no-such-route");
    }

    @Test
    void otherMethodsAndPathParametersStillGetBencode() throws Exception {
        RawHttp.Response post = RawHttp.get(server.port(), "/announce;x=y?info_hash=1".getBytes(StandardCharsets.US_ASCII));
        assertEquals(200, post.status());
        assertTrue(BencodeReader.parseDict(post.body()).containsKey("failure reason"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void scrapeAnswersEveryRequestedHashOnce() throws Exception {
        client.get(announce(HASH, id("s"), 7000, 0, ""));
        Map<String, Object> files = (Map<String, Object>) client.get(scrape(HASH, HASH)).get("files");
        assertEquals(1, files.size());
        assertEquals(1L, ((Map<String, Object>) files.get(BencodeReader.latin1(HASH))).get("complete"));
        Map<String, Object> flags = (Map<String, Object>) client.get(scrape(HASH)).get("flags");
        assertEquals(900L, flags.get("min_request_interval"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void fullScrapeIsGzippedAndRateLimitedPerAddress() throws Exception {
        client.get(announce(HASH, id("s"), 7000, 0, ""));
        client.get(announce(id("second-torrent"), id("s"), 7000, 5, ""));
        RawHttp.Response r = RawHttp.get(server.port(), "/scrape".getBytes(StandardCharsets.US_ASCII),
                "Accept-Encoding: gzip");
        assertEquals(200, r.status());
        assertTrue(r.headers().toLowerCase().contains("content-encoding: gzip"), r.headers());
        byte[] body = new GZIPInputStream(new ByteArrayInputStream(r.body())).readAllBytes();
        Map<String, Object> files = (Map<String, Object>) BencodeReader.parseDict(body).get("files");
        assertEquals(2, files.size());

        Map<String, Object> refused = client.get("/scrape");
        assertEquals("full scrape too frequent", BencodeReader.latin1(refused.get("failure reason")));
        assertEquals(5L, refused.get("retry in"));

        ticker.advance(Duration.ofSeconds(301));
        assertEquals(2, ((Map<String, Object>) client.get("/scrape").get("files")).size(), "plain when gzip not asked");
    }

    @Test
    void trustedProxyForwardsTheClientAddress() throws Exception {
        Map<String, Object> r = client.get(announce(HASH, id("p"), 7000, 10, ""), "X-Forwarded-For", "203.0.113.9");
        assertArrayEquals(new byte[] {(byte) 203, 0, 113, 9}, (byte[]) r.get("external ip"));
        Map<String, Object> other = client.get(announce(HASH, id("q"), 7001, 0, ""));
        assertArrayEquals(new byte[] {(byte) 203, 0, 113, 9, 0x1b, 0x58}, (byte[]) other.get("peers"));
    }

    @Test
    void aSpoofedForwardedHeaderIsIgnoredWhenTheProxySetsXForwardedFor() throws Exception {
        // The proxy (127.0.0.1) sets X-Forwarded-For; the client's own Forwarded header passed through it.
        Map<String, Object> r = client.get(announce(HASH, id("p"), 7000, 10, ""),
                "Forwarded", "for=198.51.100.66", "X-Forwarded-For", "203.0.113.9");
        assertArrayEquals(new byte[] {(byte) 203, 0, 113, 9}, (byte[]) r.get("external ip"));
    }

    @Test
    void theConfiguredProxyHeaderIsTheOnlyOneRead() throws Exception {
        String[] headers = {"Forwarded", "for=198.51.100.1", "X-Forwarded-For", "198.51.100.2",
            "X-Real-IP", "198.51.100.3"};
        restartWith("X-Real-IP");
        assertArrayEquals(new byte[] {(byte) 198, 51, 100, 3},
                (byte[]) client.get(announce(HASH, id("p"), 7000, 10, ""), headers).get("external ip"));
        restartWith("Forwarded");
        assertArrayEquals(new byte[] {(byte) 198, 51, 100, 1},
                (byte[]) client.get(announce(HASH, id("p"), 7000, 10, ""), headers).get("external ip"));
    }

    private void restartWith(String proxyHeader) throws Exception {
        server.close();
        server = KarutaServer.start(Map.of("karuta.proxy.trusted", "127.0.0.1", "karuta.proxy.header", proxyHeader),
                ticker);
        client = new TrackerClient("http://127.0.0.1:" + server.port());
    }

    @Test
    @SuppressWarnings("unchecked")
    void fullScrapeLimitIsSharedByAnIpv6Slash64() throws Exception {
        client.get(announce(HASH, id("s"), 7000, 0, ""));
        Map<String, Object> first = client.get("/scrape", "X-Forwarded-For", "2001:db8:1:2::1");
        assertEquals(1, ((Map<String, Object>) first.get("files")).size());
        Map<String, Object> sameNetwork = client.get("/scrape", "X-Forwarded-For", "2001:db8:1:2:ffff:ffff:ffff:fffe");
        assertEquals("full scrape too frequent", BencodeReader.latin1(sameNetwork.get("failure reason")),
                "another address of the same /64 shares the limit");
        Map<String, Object> otherNetwork = client.get("/scrape", "X-Forwarded-For", "2001:db8:1:3::1");
        assertEquals(1, ((Map<String, Object>) otherNetwork.get("files")).size(), "another /64 has its own");
        Map<String, Object> v4 = client.get("/scrape", "X-Forwarded-For", "203.0.113.10");
        assertEquals(1, ((Map<String, Object>) v4.get("files")).size(), "IPv4 is limited per /32");
        Map<String, Object> v4Neighbour = client.get("/scrape", "X-Forwarded-For", "203.0.113.11");
        assertEquals(1, ((Map<String, Object>) v4Neighbour.get("files")).size(), "IPv4 is limited per /32");
    }

    @Test
    void dualStackPeerIsHandedToBothFamiliesOverIpv6() throws Exception {
        Assumptions.assumeTrue(LocalNetwork.ipv6LoopbackUp(), "IPv6 loopback is not configured on this machine");
        TrackerClient v6 = new TrackerClient("http://[::1]:" + server.port());
        // A v4 announcer that also names its IPv6 address (BEP 7).
        client.get(announce(HASH, id("dual"), 7000, 0, "ipv6=2001:db8::7"));
        Map<String, Object> r = v6.get(announce(HASH, id("v6-leecher"), 7001, 10, ""));
        byte[] peers6 = (byte[]) r.get("peers6");
        assertEquals(18, peers6.length);
        byte[] expected = new byte[18];
        expected[0] = 0x20;
        expected[1] = 0x01;
        expected[2] = 0x0d;
        expected[3] = (byte) 0xb8;
        expected[15] = 7;
        expected[16] = 0x1b;
        expected[17] = 0x58;
        assertArrayEquals(expected, peers6);
        assertEquals(16, ((byte[]) r.get("external ip")).length);
        assertArrayEquals(new byte[0], (byte[]) r.get("peers"), "a v6-only requester gets no IPv4 peers");
    }
}
