package dev.karuta.testing;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;

/** What the test machine's own network offers. */
public final class LocalNetwork {
    private LocalNetwork() {
    }

    /** Whether {@code ::1} is configured, so IPv6 clients can reach servers on loopback. */
    public static boolean ipv6LoopbackUp() {
        try {
            InetAddress lo = InetAddress.getByName("::1");
            return lo instanceof Inet6Address && NetworkInterface.getByInetAddress(lo) != null;
        } catch (Exception e) {
            return false;
        }
    }
}
