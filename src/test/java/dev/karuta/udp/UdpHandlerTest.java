package dev.karuta.udp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.core.AnnounceRequest;
import dev.karuta.core.AnnounceResponse;
import dev.karuta.core.AnnounceSettings;
import dev.karuta.core.PeerAddress;
import dev.karuta.core.TrackerPipeline;
import dev.karuta.core.Tracker;
import dev.karuta.metrics.TrackerMetrics;
import dev.karuta.swarm.CaffeineSwarmRegistry;
import dev.karuta.swarm.RegistrySettings;
import dev.karuta.testing.FakeTime;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** BEP 15 / BEP 41 packets as bytes, fields commented, against the real core. */
class UdpHandlerTest {
    private static final byte[] CLIENT = {10, 0, 0, 5};
    private static final byte[] CLIENT6 = {0x20, 1, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5};
    private static final HexFormat HEX = HexFormat.of();

    private final AtomicInteger badIds = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    private final TrackerMetrics metrics = new TrackerMetrics() {
        @Override
        public void badConnectionId() {
            badIds.incrementAndGet();
        }

        @Override
        public void dropped() {
            dropped.incrementAndGet();
        }

        @Override
        public void request(TrackerMetrics.Protocol protocol, TrackerMetrics.Action action, TrackerMetrics.Result result,
                            dev.karuta.core.AddressFamily family, long nanos) {
            assertTrue(nanos >= 0, "elapsed time is never negative");
            requests.add(protocol.label() + " " + action.label() + " " + result.label() + " " + family);
        }
    };
    private final java.util.List<String> requests = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AnnounceSettings settings = new AnnounceSettings(1800, 0, 900, 50, 200);
    private final TrackerPipeline core = new TrackerPipeline(settings,
            new CaffeineSwarmRegistry(RegistrySettings.defaults(), new FakeTime()), List.of());
    private final AtomicReference<AnnounceRequest> lastAnnounce = new AtomicReference<>();
    private final Tracker recording = new Tracker() {
        @Override
        public CompletionStage<AnnounceResponse> announce(AnnounceRequest request) {
            lastAnnounce.set(request);
            return core.announce(request);
        }

        @Override
        public dev.karuta.core.ScrapeResponse scrape(dev.karuta.core.ScrapeRequest request) {
            return core.scrape(request);
        }

        @Override
        public void scrapeAll(PeerAddress source,
                java.util.function.BiConsumer<dev.karuta.core.InfoHash, dev.karuta.core.SwarmStats> sink) {
            core.scrapeAll(source, sink);
        }
    };
    private final ConnectionIds ids = new ConnectionIds(new byte[16], Duration.ofSeconds(300), () -> 1_800_000_000L);
    private final UdpHandler handler = new UdpHandler(recording, settings, ids, false, metrics);
    private final ByteBuffer out = ByteBuffer.allocate(2048);

    private static byte[] hex(String spaced) {
        return HEX.parseHex(spaced.replaceAll("//[^\n]*", "").replaceAll("\\s+", ""));
    }

    private byte[] send(byte[] packet, byte[] from) {
        boolean answered = handler.handle(ByteBuffer.wrap(packet), from, 40000, out);
        if (!answered) {
            return null;
        }
        byte[] b = new byte[out.remaining()];
        out.get(b);
        return b;
    }

    private String connectionId(byte[] from) {
        byte[] answer = send(hex("""
                0000041727101980   // connection_id: the BEP 15 protocol ID
                00000000           // action: connect
                cafebabe           // transaction_id
                """), from);
        assertEquals(16, answer.length);
        assertEquals("00000000cafebabe", HEX.formatHex(answer, 0, 8), "action connect, same transaction id");
        return HEX.formatHex(answer, 8, 16);
    }

    private static String announce(String connectionId, String infoHashByte, String peerIdByte, String left,
                                   String event, String numWant, String port) {
        return connectionId                     // connection_id
                + "00000001"                    // action: announce
                + "01020304"                    // transaction_id
                + infoHashByte.repeat(20)       // info_hash
                + (peerIdByte.length() == 2 ? peerIdByte.repeat(20) : peerIdByte) // peer_id
                + "0000000000000064"            // downloaded: 100
                + left                          // left (8 bytes)
                + "00000000000000c8"            // uploaded: 200
                + event                         // event: 0 none, 1 completed, 2 started, 3 stopped
                + "00000000"                    // IP address: 0 = the packet's source
                + "0000beef"                    // key
                + numWant                       // num_want: ffffffff = default
                + port;                         // port
    }

    @Test
    void connectThenAnnounceReturnsPeersOfTheSameFamily() {
        String id = connectionId(CLIENT);
        byte[] seeder = send(hex(announce(id, "aa", "01", "0000000000000000", "00000002", "ffffffff", "1ae1")), CLIENT);
        assertEquals("00000001" + "01020304" + "00000708" + "00000000" + "00000001", HEX.formatHex(seeder),
                "announce, txid, interval 1800, leechers 0, seeders 1, no peers");

        byte[] other = {10, 0, 0, 6};
        String id2 = connectionId(other);
        byte[] leecher = send(hex(announce(id2, "aa", "02", "0000000000001000", "00000002", "ffffffff", "1ae2")), other);
        assertEquals("00000001" + "01020304" + "00000708" + "00000001" + "00000001"
                + "0a000005" + "1ae1", HEX.formatHex(leecher), "one 6-byte peer: the seeder at 10.0.0.5:6881");

        AnnounceRequest r = lastAnnounce.get();
        assertEquals(0xbeef, r.key());
        assertTrue(r.hasKey());
        assertEquals(100, r.downloaded());
        assertEquals(200, r.uploaded());
        assertEquals("", r.context().urlData());
    }

    @Test
    void ipv6ClientsGet18BytePeers() {
        String id = connectionId(CLIENT6);
        send(hex(announce(id, "bb", "01", "0000000000000000", "00000000", "ffffffff", "1ae1")), CLIENT6);
        byte[] other6 = CLIENT6.clone();
        other6[15] = 6;
        byte[] answer = send(hex(announce(connectionId(other6), "bb", "02", "0000000000000010", "00000000",
                "00000005", "1ae2")), other6);
        assertEquals(20 + 18, answer.length);
        assertEquals("20010db8000000000000000000000005" + "1ae1", HEX.formatHex(answer, 20, 38));
    }

    @Test
    void scrapeAnswersInRequestOrder() {
        String id = connectionId(CLIENT);
        send(hex(announce(id, "cc", "01", "0000000000000000", "00000001", "ffffffff", "1ae1")), CLIENT);
        byte[] answer = send(hex(id + "00000002" + "0a0b0c0d" + "dd".repeat(20) + "cc".repeat(20)), CLIENT);
        assertEquals("00000002" + "0a0b0c0d"
                + "00000000" + "00000000" + "00000000"          // dd..: seeders, completed, leechers
                + "00000001" + "00000001" + "00000000",         // cc..: one seeder that completed once
                HEX.formatHex(answer));
    }

    @Test
    void badConnectionIdGetsAnErrorAndNoPeers() {
        byte[] answer = send(hex(announce("1122334455667788", "aa", "01", "0000000000000000", "00000000",
                "ffffffff", "1ae1")), CLIENT);
        assertEquals("00000003" + "01020304" + HEX.formatHex("bad connection ID".getBytes(StandardCharsets.US_ASCII)),
                HEX.formatHex(answer));
        assertEquals(1, badIds.get());
        assertEquals(null, lastAnnounce.get(), "the core never saw it");
    }

    @Test
    void connectionIdOfAnotherAddressIsBad() {
        String id = connectionId(CLIENT);
        send(hex(announce(id, "aa", "01", "0000000000000000", "00000000", "ffffffff", "1ae1")), new byte[] {10, 0, 0, 9});
        assertEquals(1, badIds.get());
    }

    @Test
    void errorsLargerThanTheRequestAreDroppedNotSent() {
        // 16 bytes with a bad ID: a 25-byte error would amplify toward a possibly spoofed source.
        assertEquals(null, send(hex("1122334455667788 00000002 00000001"), CLIENT));
        assertEquals(1, dropped.get());
    }

    @Test
    void shortAndMistypedPacketsAreDropped() {
        assertEquals(null, send(new byte[0], CLIENT));
        assertEquals(null, send(hex("0000041727101980 00000000 cafeba"), CLIENT), "15 bytes");
        assertEquals(null, send(hex("0000041727101981 00000000 cafebabe"), CLIENT), "connect without the protocol ID");
        assertEquals(3, dropped.get());
    }

    @Test
    void everyAnsweredRequestIsReportedWithItsResultClassAndFamily() {
        String id = connectionId(CLIENT);
        send(hex(announce(id, "aa", "01", "0000000000000000", "00000002", "ffffffff", "1ae1")), CLIENT);
        send(hex(announce("1122334455667788", "aa", "01", "0000000000000000", "00000000", "ffffffff", "1ae1")), CLIENT);
        send(hex(announce(id, "aa", "01", "0000000000000000", "00000009", "ffffffff", "1ae1")), CLIENT);
        byte[] other = {10, 0, 0, 6};
        byte[] conflict = send(hex(announce(connectionId(other), "aa", "01", "0000000000000000", "00000000", "ffffffff",
                "1ae1").replace("0000beef", "0000dead")), other);
        assertEquals("00000003", HEX.formatHex(conflict, 0, 4), "peer 01 belongs to 10.0.0.5 with another key");
        send(hex(id + "00000007" + "01020304"), CLIENT);
        send(hex(connectionId(CLIENT6) + "00000002" + "0a0b0c0d" + "aa".repeat(20)), CLIENT6);
        assertEquals(java.util.List.of(
                "udp connect ok V4",
                "udp announce ok V4",
                "udp announce bad_connection_id V4",
                "udp announce bad_request V4",
                "udp connect ok V4",
                "udp announce conflict V4",
                "udp connect ok V6",
                "udp scrape ok V6"), requests, "an unknown action is answered but not counted as a request");
    }

    @Test
    void validIdButMalformedRequestGetsAnError() {
        String id = connectionId(CLIENT);
        byte[] shortAnnounce = send(hex(id + "00000001" + "01020304" + "aa".repeat(20)), CLIENT);
        assertEquals("00000003", HEX.formatHex(shortAnnounce, 0, 4));
        byte[] badEvent = send(hex(announce(id, "aa", "01", "0000000000000000", "00000009", "ffffffff", "1ae1")), CLIENT);
        assertEquals("unknown event", new String(badEvent, 8, badEvent.length - 8, StandardCharsets.US_ASCII));
        byte[] negative = send(hex(announce(id, "aa", "01", "ffffffffffffffff", "00000000", "ffffffff", "1ae1")), CLIENT);
        assertEquals("00000003", HEX.formatHex(negative, 0, 4));
        byte[] unknownAction = send(hex(id + "00000007" + "01020304"), CLIENT);
        assertEquals("unknown action", new String(unknownAction, 8, unknownAction.length - 8, StandardCharsets.US_ASCII));
        byte[] tooMany = send(hex(id + "00000002" + "01020304" + "ab".repeat(20 * 75)), CLIENT);
        assertEquals("00000003", HEX.formatHex(tooMany, 0, 4));
        assertEquals(0, core.scrape(new dev.karuta.core.ScrapeRequest(java.util.List.of(
                dev.karuta.core.InfoHash.of(hex("aa".repeat(20)))))).files().values().iterator().next().peers(),
                "no failed announce changed the swarm");
    }

    @Test
    void bep41UrlDataIsConcatenatedAcrossOptions() {
        String id = connectionId(CLIENT);
        String path = HEX.formatHex("/pk123".getBytes(StandardCharsets.US_ASCII));
        String query = HEX.formatHex("?a=b".getBytes(StandardCharsets.US_ASCII));
        String options = "01"                      // NOP
                + "02" + "06" + path               // URL data, 6 bytes: "/pk123"
                + "01"                             // NOP
                + "02" + "04" + query              // URL data, 4 bytes: "?a=b"
                + "00"                             // end of options
                + "02" + "01" + "41";              // ignored after the end
        send(hex(announce(id, "aa", "01", "0000000000000000", "00000000", "ffffffff", "1ae1") + options), CLIENT);
        assertEquals("/pk123?a=b", lastAnnounce.get().context().urlData());
    }

    @Test
    void truncatedUrlDataIsAnError() {
        String id = connectionId(CLIENT);
        byte[] answer = send(hex(announce(id, "aa", "01", "0000000000000000", "00000000", "ffffffff", "1ae1")
                + "02" + "10" + "4142"), CLIENT);
        assertEquals("truncated URL data option", new String(answer, 8, answer.length - 8, StandardCharsets.US_ASCII));
    }

    @Test
    void numWantIsCappedSoAnswersFitOneMtu() {
        for (int i = 0; i < 260; i++) {
            byte[] ip = {10, 1, (byte) (i >> 8), (byte) i};
            send(hex(announce(connectionId(ip), "ee", String.format("%040x", i),
                    "0000000000000010", "00000000", "00000000", "1ae1")), ip);
        }
        byte[] answer = send(hex(announce(connectionId(CLIENT), "ee", "ff", "0000000000000010", "00000000",
                "00001000", "1ae1")), CLIENT);
        assertEquals(20 + 6 * UdpWriter.MAX_PEERS_V4, answer.length);
        assertTrue(answer.length + 28 <= 1500);
        assertArrayEquals(new byte[] {0, 0, 0, 1}, java.util.Arrays.copyOf(answer, 4));
        assertFalse(20 + 18 * UdpWriter.MAX_PEERS_V6 + 48 > 1500, "IPv6 answers fit too");
    }

    @Test
    void anAnswerThatComesLaterIsSentThroughLateAnswersAndCountedOnce() {
        CompletableFuture<AnnounceResponse> pending = new CompletableFuture<>();
        Tracker later = new Tracker() {
            @Override
            public CompletionStage<AnnounceResponse> announce(AnnounceRequest request) {
                return pending.thenCompose(ignored -> core.announce(request));
            }

            @Override
            public dev.karuta.core.ScrapeResponse scrape(dev.karuta.core.ScrapeRequest request) {
                return core.scrape(request);
            }

            @Override
            public void scrapeAll(PeerAddress source,
                    java.util.function.BiConsumer<dev.karuta.core.InfoHash, dev.karuta.core.SwarmStats> sink) {
                core.scrapeAll(source, sink);
            }
        };
        UdpHandler lateHandler = new UdpHandler(later, settings, ids, false, metrics);
        AtomicReference<byte[]> sent = new AtomicReference<>();
        java.net.SocketAddress from = new java.net.InetSocketAddress("10.0.0.5", 40000);
        UdpHandler.LateAnswers late = (answer, to) -> {
            assertEquals(from, to);
            byte[] b = new byte[answer.remaining()];
            answer.get(b);
            sent.set(b);
        };
        byte[] packet = hex(announce(connectionId(CLIENT), "aa", "01", "0000000000000000", "00000002", "ffffffff",
                "1ae1"));
        assertFalse(lateHandler.handle(ByteBuffer.wrap(packet), CLIENT, 40000, out, late, from), "answered later");
        assertEquals(null, sent.get());
        assertEquals(java.util.List.of("udp connect ok V4"), requests, "not counted before it is answered");
        pending.complete(null);
        assertEquals("00000001" + "01020304" + "00000708" + "00000000" + "00000001", HEX.formatHex(sent.get()));
        assertEquals(java.util.List.of("udp connect ok V4", "udp announce ok V4"), requests);
        assertEquals(0, dropped.get());
    }

    /** The announce's IP field (trusted) follows the one client-supplied address policy of HTTP. */
    @Test
    void aTrustedIpFieldIsBelievedOnlyWhenThePolicyAllowsIt() {
        UdpHandler trusting = new UdpHandler(recording, settings, ids, true, metrics);
        byte[] publicClient = {(byte) 203, 0, 113, 7};
        String[][] cases = {
            // IP field, from a public client: believed?, from a private client: believed?
            {"c6336409", "true", "true"},     // 198.51.100.9: public
            {"7f000001", "false", "false"},   // 127.0.0.1: loopback
            {"00000001", "false", "false"},   // 0.0.0.1: "this network"
            {"a9fe0101", "false", "false"},   // 169.254.1.1: link-local
            {"e0000001", "false", "false"},   // 224.0.0.1: multicast
            {"ffffffff", "false", "false"},   // 255.255.255.255: broadcast
            {"0a010203", "false", "true"},    // 10.1.2.3: private
            {"ac100001", "false", "true"},    // 172.16.0.1: private
            {"c0a80101", "false", "true"},    // 192.168.1.1: private
            {"64400001", "false", "true"},    // 100.64.0.1: CGNAT
        };
        for (String[] c : cases) {
            for (int from = 0; from < 2; from++) {
                byte[] client = from == 0 ? publicClient : CLIENT;
                String id = HEX.formatHex(toBytes(ids.issue(client)));
                String packet = announce(id, "ab", "07", "0000000000000000", "00000002", "ffffffff", "1ae1")
                        .replace("00000000" + "0000beef", c[0] + "0000beef");
                out.clear();
                assertTrue(trusting.handle(ByteBuffer.wrap(hex(packet)), client, 40000, out), c[0]);
                assertEquals(1, out.getInt(0), "an announce answer for " + c[0]);
                byte[] expected = Boolean.parseBoolean(c[1 + from]) ? hex(c[0]) : client;
                assertEquals(HEX.formatHex(expected), HEX.formatHex(lastAnnounce.get().source().ip()),
                        c[0] + " from " + HEX.formatHex(client));
            }
        }
    }

    private static byte[] toBytes(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }
}
