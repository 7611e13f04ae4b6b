package dev.karuta.udp;

import dev.karuta.metrics.TrackerMetrics;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * The JDK transport, everywhere: several worker threads, each blocking on its own
 * {@code DatagramChannel} bound to the same port with {@code SO_REUSEPORT} (the kernel spreads clients
 * over them), each with its own direct buffers; one system call per packet each way.
 */
final class JdkUdpTransport implements UdpTransport {
    private static final System.Logger LOG = System.getLogger(JdkUdpTransport.class.getName());

    private final List<DatagramChannel> channels = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private int port;

    private JdkUdpTransport() {
    }

    /** Binds {@code settings.workers()} sockets and starts their threads; on failure closes what it opened. */
    static JdkUdpTransport start(UdpSettings settings, UdpHandler handler, TrackerMetrics metrics) throws IOException {
        JdkUdpTransport transport = new JdkUdpTransport();
        try {
            transport.bind(settings, handler, metrics);
        } catch (IOException | RuntimeException e) {
            transport.close();
            throw e;
        }
        return transport;
    }

    private void bind(UdpSettings settings, UdpHandler handler, TrackerMetrics metrics) throws IOException {
        InetAddress host = InetAddress.getByName(settings.host());
        int workers = settings.workers();
        port = settings.port();
        for (int i = 0; i < workers; i++) {
            DatagramChannel channel = DatagramChannel.open(host instanceof Inet6Address
                    ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
            channels.add(channel);
            boolean shared = workers > 1 && channel.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
            if (shared) {
                channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            channel.setOption(StandardSocketOptions.SO_RCVBUF, UdpFrontend.SOCKET_BUFFER);
            channel.setOption(StandardSocketOptions.SO_SNDBUF, UdpFrontend.SOCKET_BUFFER);
            channel.bind(new InetSocketAddress(host, port));
            port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
            if (!shared) {
                break; // without SO_REUSEPORT one socket serves alone
            }
        }
        for (int i = 0; i < channels.size(); i++) {
            DatagramChannel channel = channels.get(i);
            PacketDispatch dispatch = new PacketDispatch(handler, metrics);
            Thread t = new Thread(() -> serve(channel, dispatch), "karuta-udp-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    @Override
    public String name() {
        return "jdk";
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
        for (int i = 0; i < channels.size(); i++) {
            if (channels.get(i).isOpen() && i < threads.size() && threads.get(i).isAlive()) {
                n++;
            }
        }
        return n;
    }

    private static void serve(DatagramChannel channel, PacketDispatch dispatch) {
        ByteBuffer in = ByteBuffer.allocateDirect(PacketDispatch.MAX_PACKET);
        ByteBuffer out = ByteBuffer.allocateDirect(PacketDispatch.MAX_PACKET);
        // Announces answered later (a registry in Redis) go out of the same socket, from the thread that has them.
        UdpHandler.LateAnswers late = (answer, to) -> sendLate(channel, answer, to);
        while (channel.isOpen()) {
            try {
                in.clear();
                SocketAddress from = channel.receive(in);
                in.flip();
                if (from instanceof InetSocketAddress source && dispatch.handle(in, source, out, late)) {
                    channel.send(out, source);
                }
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                // A send to an unreachable address, say: one lost answer, the loop goes on.
                LOG.log(Level.DEBUG, "UDP I/O error", e);
            } catch (RuntimeException e) {
                // Whatever it is, the worker goes on with the next packet.
                LOG.log(Level.WARNING, "UDP packet failed", e);
            }
        }
    }

    private static void sendLate(DatagramChannel channel, ByteBuffer answer, SocketAddress to) {
        try {
            channel.send(answer, to);
        } catch (IOException e) {
            // Closed meanwhile, or an unreachable address: one lost answer.
            LOG.log(Level.DEBUG, "UDP late answer not sent", e);
        }
    }

    @Override
    public void close() {
        for (DatagramChannel c : channels) {
            try {
                c.close();
            } catch (IOException e) {
                LOG.log(Level.WARNING, "closing UDP socket", e);
            }
        }
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (t.isAlive()) {
                LOG.log(Level.WARNING, "UDP worker {0} did not stop", t.getName());
            }
        }
    }
}
