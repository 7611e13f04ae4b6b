package dev.karuta.udp;

import static dev.karuta.testing.TrackerClient.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.karuta.core.AddressFamily;
import dev.karuta.core.AnnounceSettings;
import dev.karuta.core.TrackerPipeline;
import dev.karuta.metrics.TrackerMetrics;
import dev.karuta.swarm.CaffeineSwarmRegistry;
import dev.karuta.swarm.RegistrySettings;
import dev.karuta.testing.FakeTime;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many packets in one burst, more than one {@code recvmmsg} batch per socket: every announce is answered
 * exactly once, to the socket that sent it, with its own transaction ID, and counted once.
 */
class UdpBatchTest {
    private static final int SOCKETS = 10;
    private static final int PER_SOCKET = 50;

    @OverBothTransports
    void aBurstOfAnnouncesFromSeveralSocketsIsAnsweredExactlyOnceEach(String transport) throws Exception {
        AtomicInteger announced = new AtomicInteger();
        AtomicInteger dropped = new AtomicInteger();
        TrackerMetrics metrics = new TrackerMetrics() {
            @Override
            public void request(Protocol protocol, Action action, Result result, AddressFamily family, long nanos) {
                if (action == Action.ANNOUNCE && result == Result.OK) {
                    announced.incrementAndGet();
                }
            }

            @Override
            public void dropped() {
                dropped.incrementAndGet();
            }
        };
        AnnounceSettings announce = AnnounceSettings.defaults();
        ConnectionIds ids = new ConnectionIds(null, Duration.ofSeconds(300), () -> 1_800_000_000L);
        UdpHandler handler = new UdpHandler(new TrackerPipeline(announce,
                new CaffeineSwarmRegistry(RegistrySettings.defaults(), new FakeTime()), List.of()), announce, ids, false,
                metrics);
        UdpSettings settings = new UdpSettings(true, "127.0.0.1", 0, 2, UdpSettings.Transport.named(transport),
                Duration.ofSeconds(300), null, false);
        long connectionId = ids.issue(new byte[] {127, 0, 0, 1});
        List<DatagramSocket> clients = new ArrayList<>();
        try (UdpFrontend frontend = UdpFrontend.start(settings, handler, metrics)) {
            assertEquals(transport, frontend.transport());
            InetSocketAddress tracker = new InetSocketAddress(InetAddress.getLoopbackAddress(), frontend.port());
            for (int c = 0; c < SOCKETS; c++) {
                DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                socket.setReceiveBufferSize(1 << 20);
                clients.add(socket);
            }
            // The whole burst first, socket by socket, before any answer is read.
            for (int k = 0; k < PER_SOCKET; k++) {
                for (int c = 0; c < SOCKETS; c++) {
                    int transactionId = c * 1000 + k;
                    String n = String.format("%05d", transactionId); // fixed width: distinct ids
                    byte[] packet = ByteBuffer.allocate(98).putLong(connectionId).putInt(1).putInt(transactionId)
                            .put(id("burst-" + n)).put(id("peer-" + n)).putLong(0).putLong(10).putLong(0).putInt(2)
                            .putInt(0).putInt(0).putInt(-1)
                            .putShort((short) (7000 + c)).array();
                    clients.get(c).send(new DatagramPacket(packet, packet.length, tracker));
                }
            }
            for (int c = 0; c < SOCKETS; c++) {
                DatagramSocket socket = clients.get(c);
                socket.setSoTimeout(5000);
                Map<Integer, Integer> answers = new HashMap<>();
                byte[] buf = new byte[2048];
                for (int k = 0; k < PER_SOCKET; k++) {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    socket.receive(p);
                    ByteBuffer answer = ByteBuffer.wrap(buf, 0, p.getLength());
                    assertEquals(1, answer.getInt(0), "an announce answer");
                    assertEquals(20, p.getLength(), "one peer alone in its swarm gets no peers");
                    answers.merge(answer.getInt(4), 1, Integer::sum);
                }
                for (int k = 0; k < PER_SOCKET; k++) {
                    assertEquals(1, answers.get(c * 1000 + k), "socket " + c + " transaction " + k + ": " + answers);
                }
                // Nothing more comes: no answer twice. (Answers already sent are queued on the socket.)
                socket.setSoTimeout(100);
                assertThrows(SocketTimeoutException.class, () -> socket.receive(new DatagramPacket(buf, buf.length)),
                        "no further answer on socket " + c);
            }
            assertEquals(SOCKETS * PER_SOCKET, announced.get(), "every announce counted once");
            assertEquals(0, dropped.get());
        } finally {
            clients.forEach(DatagramSocket::close);
        }
    }
}
