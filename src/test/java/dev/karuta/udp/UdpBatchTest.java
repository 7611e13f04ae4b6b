package dev.karuta.udp;

import static dev.karuta.testing.TrackerClient.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.karuta.core.AddressFamily;
import dev.karuta.core.AnnounceRequest;
import dev.karuta.core.AnnounceResult;
import dev.karuta.core.InfoHash;
import dev.karuta.core.SwarmStats;
import dev.karuta.core.Swarms;
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
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * Many packets in one burst, more than one {@code recvmmsg} batch per socket: every announce is answered
 * exactly once, to the socket that sent it, with its own transaction ID, and counted once; oversized
 * datagrams are dropped and counted alike on both transports.
 */
class UdpBatchTest {
    private static final int SOCKETS = 10;
    private static final int PER_SOCKET = 50;

    private final AtomicInteger announced = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    private final TrackerMetrics metrics = new TrackerMetrics() {
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
    private final ConnectionIds ids = new ConnectionIds(null, Duration.ofSeconds(300), () -> 1_800_000_000L);

    private UdpFrontend start(String transport) throws Exception {
        return start(transport, new CaffeineSwarmRegistry(RegistrySettings.defaults(), new FakeTime()));
    }

    private UdpFrontend start(String transport, Swarms swarms) throws Exception {
        AnnounceSettings announce = AnnounceSettings.defaults();
        UdpHandler handler = new UdpHandler(new TrackerPipeline(announce, swarms, List.of()), announce, ids, false,
                metrics);
        UdpFrontend frontend = UdpFrontend.start(new UdpSettings(true, "127.0.0.1", 0, 2,
                UdpSettings.Transport.named(transport), Duration.ofSeconds(300), null, false), handler, metrics);
        assertEquals(transport, frontend.transport());
        return frontend;
    }

    private byte[] announce(int transactionId, int port) {
        String n = String.format("%05d", transactionId); // fixed width: distinct ids
        return ByteBuffer.allocate(98).putLong(ids.issue(new byte[] {127, 0, 0, 1})).putInt(1).putInt(transactionId)
                .put(id("burst-" + n)).put(id("peer-" + n)).putLong(0).putLong(10).putLong(0).putInt(2)
                .putInt(0).putInt(0).putInt(-1).putShort((short) port).array();
    }

    /**
     * Datagrams larger than any request (1,600 bytes; 3,000, more than a transport reads of one) are
     * dropped and counted as such on either transport, and the next announce is answered.
     */
    @OverBothTransports
    void oversizedPacketsAreDroppedAndCounted(String transport) throws Exception {
        try (UdpFrontend frontend = start(transport);
             DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            InetSocketAddress tracker = new InetSocketAddress(InetAddress.getLoopbackAddress(), frontend.port());
            byte[] large = Arrays.copyOf(announce(1, 7000), 1600);
            byte[] larger = Arrays.copyOf(announce(2, 7000), 3000);
            socket.send(new DatagramPacket(large, large.length, tracker));
            socket.send(new DatagramPacket(larger, larger.length, tracker));
            byte[] ok = announce(3, 7000);
            socket.send(new DatagramPacket(ok, ok.length, tracker));
            socket.setSoTimeout(5000);
            byte[] buf = new byte[2048];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            socket.receive(p);
            assertEquals(3, ByteBuffer.wrap(buf).getInt(4), "only the announce of normal size is answered");
            assertEquals(2, dropped.get(), "both large ones counted as dropped");
            assertEquals(1, announced.get());
        }
    }

    @OverBothTransports
    void aBurstOfAnnouncesFromSeveralSocketsIsAnsweredExactlyOnceEach(String transport) throws Exception {
        burst(transport, new CaffeineSwarmRegistry(RegistrySettings.defaults(), new FakeTime()));
    }

    /**
     * Swarms that answer later, as the Redis registry does: one thread (Lettuce's, there) completes
     * whatever announces have come, one after another, so answers reach a transport in bursts from a
     * thread of its own (the epoll transport queues them and sends each burst from its event loop).
     */
    @OverBothTransports
    void answersThatComeLaterInBurstsGoOutExactlyOnceEach(String transport) throws Exception {
        CaffeineSwarmRegistry registry = new CaffeineSwarmRegistry(RegistrySettings.defaults(), new FakeTime());
        java.util.concurrent.BlockingQueue<Runnable> pending = new java.util.concurrent.LinkedBlockingQueue<>();
        Thread completer = new Thread(() -> {
            List<Runnable> burst = new ArrayList<>();
            try {
                while (true) {
                    burst.add(pending.take());
                    pending.drainTo(burst);
                    burst.forEach(Runnable::run);
                    burst.clear();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "late-completer");
        completer.start();
        Swarms later = new Swarms() {
            @Override
            public CompletionStage<AnnounceResult> announce(AnnounceRequest request, int numWant, int owner) {
                CompletableFuture<AnnounceResult> answer = new CompletableFuture<>();
                pending.add(() -> registry.announce(request, numWant, owner).whenComplete((r, e) -> {
                    if (e != null) {
                        answer.completeExceptionally(e);
                    } else {
                        answer.complete(r);
                    }
                }));
                return answer;
            }

            @Override
            public SwarmStats stats(InfoHash infoHash) {
                return registry.stats(infoHash);
            }

            @Override
            public void forEach(BiConsumer<InfoHash, SwarmStats> sink) {
                registry.forEach(sink);
            }
        };
        try {
            burst(transport, later);
        } finally {
            completer.interrupt();
            completer.join();
        }
    }

    private void burst(String transport, Swarms swarms) throws Exception {
        List<DatagramSocket> clients = new ArrayList<>();
        try (UdpFrontend frontend = start(transport, swarms)) {
            InetSocketAddress tracker = new InetSocketAddress(InetAddress.getLoopbackAddress(), frontend.port());
            for (int c = 0; c < SOCKETS; c++) {
                DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                socket.setReceiveBufferSize(1 << 20);
                clients.add(socket);
            }
            // The whole burst first, socket by socket, before any answer is read.
            for (int k = 0; k < PER_SOCKET; k++) {
                for (int c = 0; c < SOCKETS; c++) {
                    byte[] packet = announce(c * 1000 + k, 7000 + c);
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
