package dev.karuta.udp;

import dev.karuta.metrics.TrackerMetrics;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The answers of one epoll channel that come later (a registry in Redis answers a call's announces one
 * after another in Lettuce's thread), sent from the channel's event loop in bursts: the first answer
 * of a burst schedules one task, which writes every answer queued by then and flushes once (one
 * {@code sendmmsg}), where a write and flush per answer cost a wake-up of the event loop and a system
 * call each. While the channel is not writable an answer is dropped and counted, as a packet is.
 * Bounded by what may wait for Redis at once (the registry's queue and calls in flight).
 */
final class LateAnswerQueue implements UdpHandler.LateAnswers {
    private final Channel channel;
    private final TrackerMetrics metrics;
    private final Queue<DatagramPacket> queued = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Runnable drain = this::drain;

    LateAnswerQueue(Channel channel, TrackerMetrics metrics) {
        this.channel = channel;
        this.metrics = metrics;
    }

    @Override
    public void send(ByteBuffer answer, SocketAddress to) {
        queued.add(new DatagramPacket(Unpooled.wrappedBuffer(answer), (InetSocketAddress) to));
        if (scheduled.compareAndSet(false, true)) {
            channel.eventLoop().execute(drain);
        }
    }

    private void drain() {
        // Cleared first: an answer queued from here on schedules the next task.
        scheduled.set(false);
        boolean wrote = false;
        for (DatagramPacket p; (p = queued.poll()) != null; ) {
            if (channel.isWritable()) {
                channel.write(p, channel.voidPromise());
                wrote = true;
            } else {
                p.release();
                metrics.dropped();
            }
        }
        if (wrote) {
            channel.flush();
        }
    }
}
