package dev.karuta.udp;

import dev.karuta.metrics.TrackerMetrics;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The batched transport on Linux: Netty's native epoll, one {@link EpollDatagramChannel} per event-loop
 * thread, all bound to the port with {@code SO_REUSEPORT}. With a maximum datagram payload size set,
 * Netty reads up to {@link #BATCH} datagrams with one {@code recvmmsg} into one direct buffer; each
 * packet is handled on the event loop from a slice of it (no copy), its answer written into a direct
 * buffer of the channel's allocator, and all answers of one read are flushed together, which Netty
 * sends with one {@code sendmmsg}.
 */
final class EpollUdpTransport implements UdpTransport {
    /** Datagrams one {@code recvmmsg} reads at most, and so the most answers one {@code sendmmsg} sends. */
    static final int BATCH = 32;
    /** Bytes of answers waiting for the kernel above which packets are dropped, and below which served again. */
    static final int PENDING_HIGH = 1 << 20;
    static final int PENDING_LOW = 1 << 19;
    private static final System.Logger LOG = System.getLogger(EpollUdpTransport.class.getName());

    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final List<Channel> channels = new ArrayList<>();
    private final EventLoopGroup group;
    private int port;

    private EpollUdpTransport(int workers) {
        ThreadFactory names = new DefaultThreadFactory("karuta-udp-epoll", true);
        // Kept so that close() can join them: the port and the webapp's classes are free once it returns.
        ThreadFactory kept = task -> {
            Thread t = names.newThread(task);
            threads.add(t);
            return t;
        };
        group = new MultiThreadIoEventLoopGroup(workers, kept, EpollIoHandler.newFactory());
    }

    /** Binds {@code settings.workers()} channels, one per event loop; on failure closes what it opened. */
    static EpollUdpTransport start(UdpSettings settings, UdpHandler handler, TrackerMetrics metrics)
            throws IOException {
        EpollUdpTransport transport = new EpollUdpTransport(settings.workers());
        try {
            transport.bind(settings, handler, metrics);
        } catch (IOException | RuntimeException e) {
            transport.close();
            throw e;
        } finally {
            // Netty keeps a thread-local map on the threads that call it: not on the container's.
            FastThreadLocal.removeAll();
        }
        return transport;
    }

    private void bind(UdpSettings settings, UdpHandler handler, TrackerMetrics metrics) throws IOException {
        InetAddress host = InetAddress.getByName(settings.host());
        SocketProtocolFamily family = host instanceof Inet6Address ? SocketProtocolFamily.INET6 : SocketProtocolFamily.INET;
        int workers = settings.workers();
        port = settings.port();
        for (int i = 0; i < workers; i++) {
            Bootstrap bootstrap = new Bootstrap()
                    .group(group)
                    .channelFactory(() -> new EpollDatagramChannel(family))
                    .option(EpollChannelOption.SO_REUSEPORT, workers > 1)
                    .option(ChannelOption.SO_RCVBUF, UdpFrontend.SOCKET_BUFFER)
                    .option(ChannelOption.SO_SNDBUF, UdpFrontend.SOCKET_BUFFER)
                    // recvmmsg: BATCH slots of MAX_PACKET bytes in one buffer; one recvmmsg per read, then a flush.
                    .option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, PacketDispatch.MAX_PACKET)
                    .option(ChannelOption.RCVBUF_ALLOCATOR,
                            new FixedRecvByteBufAllocator(PacketDispatch.MAX_PACKET * BATCH).maxMessagesPerRead(BATCH))
                    // Answers the kernel has not taken yet: above the high mark the channel is unwritable and
                    // packets are dropped unanswered (the JDK path blocks instead), so memory stays bounded.
                    .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(PENDING_LOW, PENDING_HIGH))
                    .handler(new Packets(new PacketDispatch(handler, metrics), metrics));
            ChannelFuture bound = bootstrap.bind(new InetSocketAddress(host, port)).awaitUninterruptibly();
            if (!bound.isSuccess()) {
                Throwable cause = bound.cause();
                throw cause instanceof IOException io ? io : new IOException(String.valueOf(cause.getMessage()), cause);
            }
            Channel channel = bound.channel();
            channels.add(channel);
            port = ((InetSocketAddress) channel.localAddress()).getPort();
        }
    }

    @Override
    public String name() {
        return "epoll";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public int sockets() {
        return channels.size();
    }

    @Override
    public int serving() {
        int n = 0;
        for (Channel c : channels) {
            if (c.isActive() && !c.eventLoop().isShuttingDown()) {
                n++;
            }
        }
        return n;
    }

    @Override
    public void close() {
        try {
            stop();
        } finally {
            FastThreadLocal.removeAll(); // see start
        }
    }

    private void stop() {
        for (Channel c : channels) {
            c.close().awaitUninterruptibly(10, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        try {
            for (Thread t : threads) {
                t.join(10_000);
                if (t.isAlive()) {
                    LOG.log(Level.WARNING, "UDP event loop {0} did not stop", t.getName());
                }
            }
            // Netty tells the group of its event loops' end through its global executor, whose thread
            // (of this webapp's classes) ends about a second after its last task: wait for it, so that
            // no thread is left when the webapp's stop returns.
            if (!GlobalEventExecutor.INSTANCE.awaitInactivity(5, TimeUnit.SECONDS)) {
                LOG.log(Level.WARNING, "Netty's global event executor did not stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * One channel's packets, on its event loop: each handled as it comes, the answers flushed per read;
     * while the channel is not writable (answers piled up above the high water mark) a packet is
     * dropped unanswered, and so is an answer that comes later.
     */
    static final class Packets extends ChannelInboundHandlerAdapter {
        private final PacketDispatch dispatch;
        private final TrackerMetrics metrics;
        private UdpHandler.LateAnswers late;

        Packets(PacketDispatch dispatch, TrackerMetrics metrics) {
            this.dispatch = dispatch;
            this.metrics = metrics;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            Channel channel = ctx.channel();
            // Announces answered later (a registry in Redis) go out of the same channel, from its event
            // loop, a burst at a time.
            late = new LateAnswerQueue(channel, metrics);
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            DatagramPacket packet = (DatagramPacket) msg;
            ByteBuf answer = null;
            if (!ctx.channel().isWritable()) {
                metrics.dropped();
                packet.release();
                return;
            }
            try {
                ByteBuf content = packet.content();
                ByteBuffer in = content.nioBuffer(content.readerIndex(), content.readableBytes());
                answer = ctx.alloc().directBuffer(PacketDispatch.MAX_PACKET);
                ByteBuffer out = answer.nioBuffer(0, answer.capacity());
                if (dispatch.handle(in, packet.sender(), out, late)) {
                    answer.writerIndex(out.limit());
                    ctx.write(new DatagramPacket(answer, packet.sender()), ctx.voidPromise());
                    answer = null;
                }
            } finally {
                packet.release();
                if (answer != null) {
                    answer.release();
                }
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush(); // the read's answers together: one sendmmsg
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // A send to an unreachable address, say: one lost answer; the channel goes on, as it does
            // after anything else, which is logged louder.
            LOG.log(cause instanceof IOException ? Level.DEBUG : Level.WARNING, "UDP I/O error", cause);
        }
    }
}
