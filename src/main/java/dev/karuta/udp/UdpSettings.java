package dev.karuta.udp;

import java.time.Duration;

/**
 * Settings of the UDP frontend.
 *
 * @param enabled             whether the webapp starts a UDP listener
 * @param host                address to bind ({@code ::} listens on IPv6 and IPv4 where the system allows)
 * @param port                port to bind; 0 picks a free one
 * @param workers             receive threads, each with its own socket on the same port ({@code SO_REUSEPORT})
 * @param transport           which sockets carry the packets (see {@link Transport})
 * @param connectionIdLifetime how long a connection ID stays valid
 * @param secret              16-byte key for connection IDs shared by several nodes, or null for a random one
 * @param trustClientIp       whether the announce's IP field may replace the packet's source address
 */
public record UdpSettings(boolean enabled, String host, int port, int workers, Transport transport,
                          Duration connectionIdLifetime, byte[] secret, boolean trustClientIp) {
    /** The value of {@code karuta.udp.transport}. */
    public enum Transport {
        /** Epoll where Netty's native library loads, the JDK's sockets elsewhere. */
        AUTO,
        /** Netty's native epoll ({@code recvmmsg}/{@code sendmmsg}); an error where it cannot load. */
        EPOLL,
        /** The JDK's {@code DatagramChannel}, one system call per packet each way. */
        JDK;

        /** The transport named {@code auto}, {@code epoll} or {@code jdk}. */
        public static Transport named(String name) {
            return valueOf(name.toUpperCase(java.util.Locale.ROOT));
        }
    }

    public UdpSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("UDP port must be within 0..65535");
        }
        if (workers < 1) {
            throw new IllegalArgumentException("UDP workers must be at least 1");
        }
        if (transport == null) {
            throw new IllegalArgumentException("UDP transport must be auto, epoll or jdk");
        }
        if (secret != null && secret.length != 16) {
            throw new IllegalArgumentException("UDP secret must be 16 bytes (32 hex digits)");
        }
    }
}
