package dev.karuta.udp;

import dev.karuta.core.PeerAddress;
import dev.karuta.metrics.TrackerMetrics;
import java.io.IOException;
import java.lang.System.Logger.Level;
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
 * The UDP listener: several worker threads, each blocking on its own socket bound to the same port
 * with {@code SO_REUSEPORT} (the kernel spreads clients over them), each with its own direct buffers.
 * Started and stopped by the webapp; {@link #close()} closes every socket and joins every thread, so a
 * redeploy can bind the port again at once.
 */
public final class UdpFrontend implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(UdpFrontend.class.getName());
    private static final int MAX_PACKET = 2048;

    private final UdpHandler handler;
    private final TrackerMetrics metrics;
    private final List<DatagramChannel> channels = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private int port;

    private UdpFrontend(UdpHandler handler, TrackerMetrics metrics) {
        this.handler = handler;
        this.metrics = metrics;
    }

    /** Binds {@code settings.workers()} sockets and starts their threads. */
    public static UdpFrontend start(UdpSettings settings, UdpHandler handler, TrackerMetrics metrics) throws IOException {
        UdpFrontend frontend = new UdpFrontend(handler, metrics);
        try {
            frontend.bind(settings);
        } catch (IOException | RuntimeException e) {
            frontend.close();
            throw e;
        }
        return frontend;
    }

    private void bind(UdpSettings settings) throws IOException {
        InetAddress host = InetAddress.getByName(settings.host());
        int workers = settings.workers();
        port = settings.port();
        for (int i = 0; i < workers; i++) {
            DatagramChannel channel = open(host);
            channels.add(channel);
            boolean shared = workers > 1 && channel.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
            if (shared) {
                channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            channel.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
            channel.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
            channel.bind(new InetSocketAddress(host, port));
            port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
            if (!shared) {
                break; // without SO_REUSEPORT one socket serves alone
            }
        }
        for (int i = 0; i < channels.size(); i++) {
            DatagramChannel channel = channels.get(i);
            Thread t = new Thread(() -> serve(channel), "karuta-udp-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        LOG.log(Level.INFO, "UDP tracker on {0} port {1} with {2} sockets", host.getHostAddress(), port, channels.size());
    }

    private static DatagramChannel open(InetAddress host) throws IOException {
        return host instanceof java.net.Inet6Address
                ? DatagramChannel.open(StandardProtocolFamily.INET6)
                : DatagramChannel.open(StandardProtocolFamily.INET);
    }

    /** The bound port. */
    public int port() {
        return port;
    }

    /** The sockets bound at start (one per worker; one alone without {@code SO_REUSEPORT}). */
    public int sockets() {
        return channels.size();
    }

    /** The sockets still open whose worker thread is alive: each receives and answers packets. */
    public int serving() {
        int n = 0;
        for (int i = 0; i < channels.size(); i++) {
            if (channels.get(i).isOpen() && i < threads.size() && threads.get(i).isAlive()) {
                n++;
            }
        }
        return n;
    }

    private void serve(DatagramChannel channel) {
        ByteBuffer in = ByteBuffer.allocateDirect(MAX_PACKET);
        ByteBuffer out = ByteBuffer.allocateDirect(MAX_PACKET);
        InetAddress lastAddress = null;
        byte[] lastIp = null;
        // Announces answered later (a registry in Redis) go out of the same socket, from the thread that has them.
        UdpHandler.LateAnswers late = (answer, to) -> sendLate(channel, answer, to);
        while (channel.isOpen()) {
            try {
                in.clear();
                SocketAddress from = channel.receive(in);
                in.flip();
                if (!(from instanceof InetSocketAddress source) || source.getAddress() == null) {
                    continue;
                }
                if (in.remaining() > 1500) {
                    metrics.dropped(); // larger than any BEP 15 request; not worth parsing
                    continue;
                }
                InetAddress address = source.getAddress();
                if (!address.equals(lastAddress)) {
                    // A new sender: decode its bytes once. Consecutive packets from the same IP (any
                    // port) reuse them, so the steady state allocates nothing here. The handler only
                    // reads the array and copies what it keeps.
                    lastIp = PeerAddress.of(address, 0).ip();
                    lastAddress = address;
                }
                if (handler.handle(in, lastIp, source.getPort(), out, late, source)) {
                    channel.send(out, source);
                }
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                // A send to an unreachable address, say: one lost answer, the loop goes on.
                LOG.log(Level.DEBUG, "UDP I/O error", e);
            } catch (RuntimeException e) {
                // A bug for one packet must not stop the worker.
                metrics.dropped();
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
