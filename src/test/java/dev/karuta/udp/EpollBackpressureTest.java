package dev.karuta.udp;

import static dev.karuta.testing.TrackerClient.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.core.AddressFamily;
import dev.karuta.core.AnnounceSettings;
import dev.karuta.core.TrackerPipeline;
import dev.karuta.metrics.TrackerMetrics;
import dev.karuta.swarm.CaffeineSwarmRegistry;
import dev.karuta.swarm.RegistrySettings;
import dev.karuta.testing.FakeTime;
import io.netty.buffer.Unpooled;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The epoll path's bound on answers the kernel has not taken: while they are above the channel's high
 * water mark a packet is dropped unanswered and counted, nothing more is queued, and once they drain the
 * next packet is answered. Run on Netty's embedded channel, whose outbound queue is what a full socket
 * buffer leaves behind.
 */
class EpollBackpressureTest {
    private final AtomicInteger answered = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    private final TrackerMetrics metrics = new TrackerMetrics() {
        @Override
        public void request(Protocol protocol, Action action, Result result, AddressFamily family, long nanos) {
            answered.incrementAndGet();
        }

        @Override
        public void dropped() {
            dropped.incrementAndGet();
        }
    };
    private final ConnectionIds ids = new ConnectionIds(null, Duration.ofSeconds(300), () -> 1_800_000_000L);
    private final InetSocketAddress client = new InetSocketAddress("127.0.0.1", 40000);

    private DatagramPacket connect(int transactionId) {
        ByteBuffer b = ByteBuffer.allocate(16).putLong(0x41727101980L).putInt(0).putInt(transactionId);
        return new DatagramPacket(Unpooled.wrappedBuffer(b.array()), null, client);
    }

    private DatagramPacket announce(int transactionId) {
        byte[] bytes = ByteBuffer.allocate(98).putLong(ids.issue(new byte[] {127, 0, 0, 1})).putInt(1)
                .putInt(transactionId).put(id("backpressure-hash-01")).put(id("backpressure-peer-01")).putLong(0)
                .putLong(10).putLong(0).putInt(2).putInt(0).putInt(0).putInt(-1).putShort((short) 6881).array();
        return new DatagramPacket(Unpooled.wrappedBuffer(bytes), null, client);
    }

    @Test
    void packetsAreDroppedWhileAnswersPileUpAndServedOnceTheyDrain() {
        AnnounceSettings announce = AnnounceSettings.defaults();
        UdpHandler handler = new UdpHandler(new TrackerPipeline(announce,
                new CaffeineSwarmRegistry(RegistrySettings.defaults(), new FakeTime()), List.of()), announce, ids, false,
                metrics);
        EmbeddedChannel channel = new EmbeddedChannel();
        // A high mark below one answer: one answer not yet taken makes the channel unwritable.
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(1, 8));
        channel.pipeline().addLast(new EpollUdpTransport.Packets(new PacketDispatch(handler, metrics), metrics));

        // Written, not flushed: the answer waits as it would behind a full socket buffer.
        channel.pipeline().fireChannelRead(connect(1));
        assertFalse(channel.isWritable(), "one pending answer is above the high mark");
        assertEquals(0, dropped.get());

        for (int i = 0; i < 100; i++) {
            channel.pipeline().fireChannelRead(announce(100 + i));
        }
        assertEquals(100, dropped.get(), "every packet while unwritable is dropped and counted");
        assertEquals(1, answered.get(), "none of them reached the tracker");

        channel.flush(); // the kernel takes what waited
        DatagramPacket first = channel.readOutbound();
        assertNotNull(first, "the pending answer went out");
        first.release();
        assertTrue(channel.isWritable(), "writable again once drained");

        channel.pipeline().fireChannelRead(announce(7));
        channel.pipeline().fireChannelReadComplete();
        DatagramPacket next = channel.readOutbound();
        assertNotNull(next, "served again");
        assertEquals(7, next.content().getInt(4), "the announce's own transaction ID");
        next.release();
        assertEquals(100, dropped.get());
        channel.finishAndReleaseAll();
    }
}
