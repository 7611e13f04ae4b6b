package dev.karuta.udp;

/**
 * The sockets and threads that carry UDP packets to and from {@link UdpHandler}: {@link JdkUdpTransport}
 * (one blocking {@code DatagramChannel} per thread, one system call per packet each way) or
 * {@link EpollUdpTransport} (Netty's native epoll, {@code recvmmsg}/{@code sendmmsg} batches). Both
 * hand every packet to a {@link PacketDispatch}, so limits, answers and metrics are the same.
 */
interface UdpTransport extends AutoCloseable {
    /** {@code jdk} or {@code epoll}: the value of {@code karuta.udp.transport} that selects it. */
    String name();

    /** The bound port. */
    int port();

    /** The sockets bound at start. */
    int sockets();

    /** The sockets still open whose thread serves them. */
    int serving();

    /** Closes every socket and ends every thread it started, so the port can be bound again at once. */
    @Override
    void close();
}
