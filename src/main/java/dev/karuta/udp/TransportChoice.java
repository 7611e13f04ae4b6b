package dev.karuta.udp;

import io.netty.channel.epoll.Epoll;

/**
 * Which {@link UdpTransport} runs, and why, from {@code karuta.udp.transport}: {@code auto} takes
 * Netty's native epoll transport where its library loads (Linux x86_64) and the JDK's elsewhere;
 * {@code epoll} asked for where it cannot load is a configuration error, not a silent fallback.
 *
 * @param epoll  whether the epoll transport runs
 * @param reason the words the start-up log gives for the choice
 */
record TransportChoice(boolean epoll, String reason) {
    /** The choice for {@code requested} on this machine. */
    static TransportChoice of(UdpSettings.Transport requested) {
        boolean available = Epoll.isAvailable();
        return of(requested, available, available ? null : Epoll.unavailabilityCause());
    }

    /** The choice for {@code requested} where the epoll library {@code available}s or fails with {@code cause}. */
    static TransportChoice of(UdpSettings.Transport requested, boolean available, Throwable cause) {
        return switch (requested) {
            case JDK -> new TransportChoice(false, "karuta.udp.transport=jdk");
            case EPOLL -> {
                if (!available) {
                    throw new IllegalStateException("karuta.udp.transport=epoll, but Netty's native epoll transport "
                            + "cannot load here (" + describe(cause) + "); use auto or jdk");
                }
                yield new TransportChoice(true, "karuta.udp.transport=epoll");
            }
            case AUTO -> available
                    ? new TransportChoice(true, "karuta.udp.transport=auto, Netty's native epoll library loaded")
                    : new TransportChoice(false, "karuta.udp.transport=auto, Netty's native epoll library unavailable: "
                            + describe(cause));
        };
    }

    private static String describe(Throwable cause) {
        if (cause == null) {
            return "no cause given";
        }
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == cause ? String.valueOf(cause) : cause + ", caused by " + root;
    }
}
