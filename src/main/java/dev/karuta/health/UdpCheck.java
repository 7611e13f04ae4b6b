package dev.karuta.health;

import dev.karuta.udp.UdpFrontend;

/**
 * The UDP tracker's part: up while every socket bound at start is open and its worker thread alive,
 * read from the frontend itself (no packet is sent); names the transport that runs ({@code epoll} or
 * {@code jdk}).
 */
public final class UdpCheck implements Check {
    private final UdpFrontend udp;

    /** A check of {@code udp}. */
    public UdpCheck(UdpFrontend udp) {
        this.udp = udp;
    }

    @Override
    public String name() {
        return "udp";
    }

    @Override
    public Status check() {
        int sockets = udp.sockets();
        int serving = udp.serving();
        if (sockets > 0 && serving == sockets) {
            return Status.up("port", udp.port(), "transport", udp.transport(), "sockets", sockets, "serving", serving);
        }
        return Status.down("port", udp.port(), "transport", udp.transport(), "sockets", sockets, "serving", serving,
                "error", (sockets - serving) + " of " + sockets + " UDP sockets no longer serve");
    }
}
