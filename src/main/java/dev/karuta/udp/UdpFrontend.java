package dev.karuta.udp;

import dev.karuta.metrics.TrackerMetrics;
import java.io.IOException;
import java.lang.System.Logger.Level;

/**
 * The UDP listener: {@code settings.workers()} sockets on one port ({@code SO_REUSEPORT}, the kernel
 * spreads clients over them), each served by its own thread, over the {@link UdpTransport} that
 * {@code karuta.udp.transport} selects ({@link TransportChoice}); the start-up log says which runs and
 * why. Started and stopped by the webapp; {@link #close()} closes every socket and ends every thread,
 * so a redeploy can bind the port again at once.
 */
public final class UdpFrontend implements AutoCloseable {
    /** Kernel receive and send buffer of each socket, in bytes. */
    static final int SOCKET_BUFFER = 4 << 20;
    private static final System.Logger LOG = System.getLogger(UdpFrontend.class.getName());

    private final UdpTransport transport;

    private UdpFrontend(UdpTransport transport) {
        this.transport = transport;
    }

    /**
     * Binds the sockets and starts their threads. Throws {@link IOException} when the port cannot be
     * bound, {@link IllegalStateException} when {@code epoll} is asked for where it cannot load.
     */
    public static UdpFrontend start(UdpSettings settings, UdpHandler handler, TrackerMetrics metrics) throws IOException {
        TransportChoice choice = TransportChoice.of(settings.transport());
        UdpTransport transport = choice.epoll()
                ? EpollUdpTransport.start(settings, handler, metrics)
                : JdkUdpTransport.start(settings, handler, metrics);
        LOG.log(Level.INFO, "UDP tracker on {0} port {1} with {2} sockets, transport {3} ({4})", settings.host(),
                Integer.toString(transport.port()), transport.sockets(), transport.name(), choice.reason());
        return new UdpFrontend(transport);
    }

    /** {@code epoll} or {@code jdk}: the transport that runs. */
    public String transport() {
        return transport.name();
    }

    /** The bound port. */
    public int port() {
        return transport.port();
    }

    /** The sockets bound at start (one per worker; one alone without {@code SO_REUSEPORT}). */
    public int sockets() {
        return transport.sockets();
    }

    /** The sockets still open whose thread is alive: each receives and answers packets. */
    public int serving() {
        return transport.serving();
    }

    @Override
    public void close() {
        transport.close();
    }
}
