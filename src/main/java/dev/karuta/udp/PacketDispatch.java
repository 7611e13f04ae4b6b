package dev.karuta.udp;

import dev.karuta.core.PeerAddress;
import dev.karuta.metrics.TrackerMetrics;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * One receive thread's way from a received packet to {@link UdpHandler}, the same for every
 * {@link UdpTransport}: drops what is too large to be a request, decodes the source address once per
 * sender, and keeps a bug for one packet from stopping the thread. Not thread-safe: one per thread.
 */
final class PacketDispatch {
    /** Bytes a transport reads of one datagram: more than any request, so a larger one shows as too large. */
    static final int MAX_PACKET = 2048;
    /** The largest request worth parsing; BEP 15 requests are far smaller. */
    static final int MAX_REQUEST = 1500;
    private static final System.Logger LOG = System.getLogger(PacketDispatch.class.getName());

    private final UdpHandler handler;
    private final TrackerMetrics metrics;
    private InetAddress lastAddress;
    private byte[] lastIp;

    PacketDispatch(UdpHandler handler, TrackerMetrics metrics) {
        this.handler = handler;
        this.metrics = metrics;
    }

    /**
     * Handles the packet in {@code in} (position 0 to limit) from {@code source}; returns true when
     * {@code out} (position 0 to limit) holds the answer to send back to {@code source} now. An answer
     * that comes later goes through {@code late}.
     */
    boolean handle(ByteBuffer in, InetSocketAddress source, ByteBuffer out, UdpHandler.LateAnswers late) {
        InetAddress address = source.getAddress();
        if (address == null) {
            return false;
        }
        if (in.remaining() > MAX_REQUEST) {
            metrics.dropped(); // larger than any BEP 15 request; not worth parsing
            return false;
        }
        try {
            if (!address.equals(lastAddress)) {
                // A new sender: decode its bytes once. Consecutive packets from the same IP (any port)
                // reuse them, so the steady state allocates nothing here. The handler only reads the
                // array and copies what it keeps.
                lastIp = PeerAddress.of(address, 0).ip();
                lastAddress = address;
            }
            return handler.handle(in, lastIp, source.getPort(), out, late, source);
        } catch (RuntimeException e) {
            // A bug for one packet must not stop the thread.
            metrics.dropped();
            LOG.log(Level.WARNING, "UDP packet failed", e);
            return false;
        }
    }
}
