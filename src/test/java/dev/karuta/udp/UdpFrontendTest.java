package dev.karuta.udp;

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
import dev.karuta.testing.TrackerClient;
import dev.karuta.testing.UdpTrackerClient;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;

/** The UDP listener the webapp starts, over real sockets, sharing the swarms with HTTP; on each transport. */
class UdpFrontendTest {
    private static final byte[] HASH = id("udp-torrent");
    private final FakeTime ticker = new FakeTime();
    private KarutaServer server;

    /** Starts the server with its UDP tracker on {@code transport}, and checks that this transport runs. */
    private void start(String transport) throws Exception {
        server = KarutaServer.start(Map.of("karuta.peer.ttl", "600", "karuta.swarm.idle", "3600",
                "karuta.udp.host", "::", "karuta.udp.transport", transport), ticker);
        assertEquals(transport, server.components().udp().transport(), "the transport asked for runs");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private int udpPort() {
        return server.components().udp().port();
    }

    private static int[] counts(byte[] answer) {
        ByteBuffer b = ByteBuffer.wrap(answer);
        assertEquals(1, b.getInt(0), "an announce answer");
        return new int[] {b.getInt(12), b.getInt(16)}; // leechers, seeders
    }

    @OverBothTransports
    void theSameScenarioAsHttpOverUdp(String transport) throws Exception {
        start(transport);
        try (UdpTrackerClient seeder = new UdpTrackerClient("127.0.0.1", udpPort());
             UdpTrackerClient leecher = new UdpTrackerClient("127.0.0.1", udpPort())) {
            seeder.connect();
            leecher.connect();
            assertArrayEquals(new int[] {0, 1}, counts(seeder.announce(HASH, id("seed"), 0, 2, -1, 51413)));
            byte[] l = leecher.announce(HASH, id("leech"), 1000, 2, -1, 6881);
            assertArrayEquals(new int[] {1, 1}, counts(l));
            assertArrayEquals(new byte[] {127, 0, 0, 1, (byte) 0xc8, (byte) 0xd5}, Arrays.copyOfRange(l, 20, 26));
            assertEquals(26, l.length, "a leecher gets the one seeder, never itself");

            leecher.announce(HASH, id("leech"), 0, 1, -1, 6881); // completed
            byte[] s = seeder.scrape(HASH);
            assertEquals(2, ByteBuffer.wrap(s).getInt(0));
            assertEquals(2, ByteBuffer.wrap(s).getInt(8), "seeders");
            assertEquals(1, ByteBuffer.wrap(s).getInt(12), "completed");
            assertEquals(0, ByteBuffer.wrap(s).getInt(16), "leechers");

            byte[] stopped = leecher.announce(HASH, id("leech"), 0, 3, -1, 6881);
            assertEquals(20, stopped.length, "stopped gets no peers");
            assertArrayEquals(new int[] {0, 1}, counts(stopped));

            ticker.advance(Duration.ofSeconds(601));
            seeder.connect(); // the connection ID expired too: it lives on the same time source
            assertEquals(0, ByteBuffer.wrap(seeder.scrape(HASH)).getInt(8), "the seeder expired");
        }
    }

    @OverBothTransports
    void udpAndHttpAnnouncersSeeEachOther(String transport) throws Exception {
        start(transport);
        TrackerClient http = new TrackerClient("http://127.0.0.1:" + server.port());
        try (UdpTrackerClient udp = new UdpTrackerClient("127.0.0.1", udpPort())) {
            udp.connect();
            udp.announce(HASH, id("udp-seeder"), 0, 2, -1, 7000);
            Map<String, Object> r = http.get(announce(HASH, id("http-leecher"), 7001, 10, ""));
            assertArrayEquals(new byte[] {127, 0, 0, 1, 0x1b, 0x58}, (byte[]) r.get("peers"));
            byte[] u = udp.announce(HASH, id("udp-seeder"), 0, 0, -1, 7000);
            assertArrayEquals(new byte[] {127, 0, 0, 1, 0x1b, 0x59}, Arrays.copyOfRange(u, 20, 26));
            @SuppressWarnings("unchecked")
            Map<String, Object> f = (Map<String, Object>) ((Map<String, Object>) http.get(scrape(HASH)).get("files"))
                    .get(BencodeReader.latin1(HASH));
            assertEquals(1L, f.get("complete"));
            assertEquals(1L, f.get("incomplete"));
        }
    }

    @OverBothTransports
    void ipv6ClientsGetIpv6Peers(String transport) throws Exception {
        start(transport);
        Assumptions.assumeTrue(LocalNetwork.ipv6LoopbackUp(), "IPv6 loopback is not configured on this machine");
        try (UdpTrackerClient a = new UdpTrackerClient("::1", udpPort());
             UdpTrackerClient b = new UdpTrackerClient("::1", udpPort())) {
            a.connect();
            b.connect();
            a.announce(HASH, id("v6-a"), 0, 2, -1, 7000);
            byte[] answer = b.announce(HASH, id("v6-b"), 10, 2, -1, 7001);
            assertEquals(20 + 18, answer.length);
            byte[] expected = new byte[18];
            expected[15] = 1;
            expected[16] = 0x1b;
            expected[17] = 0x58;
            assertArrayEquals(expected, Arrays.copyOfRange(answer, 20, 38));
        }
    }

    @OverBothTransports
    void aConnectionIdFromAnotherAddressIsRefused(String transport) throws Exception {
        start(transport);
        Assumptions.assumeTrue(LocalNetwork.ipv6LoopbackUp(), "needs a second local address");
        try (UdpTrackerClient v4 = new UdpTrackerClient("127.0.0.1", udpPort());
             UdpTrackerClient v6 = new UdpTrackerClient("::1", udpPort())) {
            long id = v4.connect();
            v6.connect();
            byte[] packet = v6.announcePacket(HASH, id("thief"), 0, 0, -1, 7000);
            ByteBuffer.wrap(packet).putLong(0, id);
            byte[] answer = v6.exchange(packet);
            assertEquals(3, ByteBuffer.wrap(answer).getInt(0), "an error packet");
            assertEquals(0, server.components().registry().totals().peers());
        }
    }

    @OverBothTransports
    void redeployRebindsTheSamePort(String transport) throws Exception {
        int port;
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress("0.0.0.0", 0))) {
            port = probe.getLocalPort();
        }
        server = KarutaServer.start(Map.of("karuta.udp.port", Integer.toString(port), "karuta.udp.workers", "2",
                "karuta.udp.transport", transport), ticker);
        assertEquals(transport, server.components().udp().transport());
        for (int round = 0; round < 3; round++) {
            try (UdpTrackerClient c = new UdpTrackerClient("127.0.0.1", port)) {
                c.connect();
                assertEquals(1, ByteBuffer.wrap(c.announce(HASH, id("p"), 0, 2, -1, 7000)).getInt(0));
            }
            server.webapp().stop();
            assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(
                    t -> t.isAlive() && t.getName().startsWith("karuta-udp")), "UDP workers joined");
            server.webapp().start(); // binds the same port again at once
            assertEquals(transport, server.components().udp().transport());
        }
    }
}
