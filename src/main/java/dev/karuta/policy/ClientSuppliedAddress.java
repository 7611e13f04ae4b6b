package dev.karuta.policy;

import dev.karuta.core.PeerAddress;

/**
 * Which client-supplied addresses (HTTP {@code ip=}, {@code ipv4=}, {@code ipv6=}; the UDP announce's IP
 * field) may stand for a peer, the one rule of every frontend. An address is never believed when it is
 * loopback, unspecified ({@code 0.0.0.0/8}, {@code ::}), link-local, multicast, reserved or broadcast
 * ({@code 240.0.0.0/4}), site-local, IPv4-mapped ({@code ::ffff:0:0/96}) or IPv4-compatible
 * ({@code ::/96}) IPv6, nor an IPv6 address that carries an IPv4 one to be reached through a relay or
 * gateway (6to4 {@code 2002::/16}, Teredo {@code 2001::/32}, NAT64 {@code 64:ff9b::/96} and
 * {@code 64:ff9b:1::/48}: the IPv4 address inside is not checked, and a NAT64 gateway would reach the
 * gateway's private networks); a private address ({@code 10/8}, {@code 172.16/12}, {@code 192.168/16},
 * {@code 100.64/10} CGNAT, unique-local {@code fc00::/7}) only from a requester whose own address is
 * private or loopback itself. Otherwise anyone could hand thousands of peers a victim's address or
 * make them probe their own networks. Whether the other family's address ({@code ipv4=} over IPv6,
 * {@code ipv6=} over IPv4, BEP 7) is taken at all is the operator's {@link #otherFamily()}.
 */
public final class ClientSuppliedAddress {
    /** The default: the other family allowed (BEP 7 dual-stack clients need it). */
    public static final ClientSuppliedAddress DEFAULT = new ClientSuppliedAddress(true);

    private final boolean otherFamily;

    /** The policy; {@code otherFamily} lets a client add its address of the other family. */
    public ClientSuppliedAddress(boolean otherFamily) {
        this.otherFamily = otherFamily;
    }

    /** Whether a client may add its address of the other family ({@code karuta.ip.otherFamily}). */
    public boolean otherFamily() {
        return otherFamily;
    }

    /**
     * Whether {@code supplied} (4 or 16 raw bytes, taken as they are: an IPv4-mapped address is refused)
     * may stand for a peer whose request came from {@code requester} (4 or 16 bytes, the connection's
     * address after trusted proxies).
     */
    public boolean accepts(byte[] supplied, byte[] requester) {
        if (supplied.length == 4 ? neverV4(supplied) : supplied.length != 16 || neverV6(supplied)) {
            return false;
        }
        if (supplied.length == 4 ? privateV4(supplied) : uniqueLocal(supplied)) {
            byte[] from = PeerAddress.of(requester, 0).ip();
            return from.length == 4 ? privateV4(from) || from[0] == 127
                    : uniqueLocal(from) || PeerAddress.of(from, 0).isLoopback();
        }
        return true;
    }

    private static boolean neverV4(byte[] ip) {
        int a = ip[0] & 0xff;
        int b = ip[1] & 0xff;
        return a == 0 // "this network", 0.0.0.0 included
                || a == 127 // loopback
                || a == 169 && b == 254 // link-local
                || a >= 224; // multicast (224/4), reserved (240/4) and broadcast 255.255.255.255
    }

    private static boolean privateV4(byte[] ip) {
        int a = ip[0] & 0xff;
        int b = ip[1] & 0xff;
        return a == 10 || a == 172 && (b & 0xf0) == 16 || a == 192 && b == 168 || a == 100 && (b & 0xc0) == 64;
    }

    private static boolean neverV6(byte[] ip) {
        int first = ip[0] & 0xff;
        int second = ip[1] & 0xff;
        if (first == 0xff || first == 0xfe && (second & 0x80) == 0x80) {
            return true; // multicast ff00::/8, link-local fe80::/10, site-local fec0::/10
        }
        if (first == 0x20 && (second == 0x02 || second == 0x01 && ip[2] == 0 && ip[3] == 0)) {
            return true; // 6to4 2002::/16, Teredo 2001:0::/32
        }
        if (first == 0x00 && second == 0x64 && ip[2] == (byte) 0xff && ip[3] == (byte) 0x9b
                && (ip[4] == 0 && ip[5] == 0 && ip[6] == 0 && ip[7] == 0 && ip[8] == 0 && ip[9] == 0
                        && ip[10] == 0 && ip[11] == 0 || ip[4] == 0 && ip[5] == 1)) {
            return true; // NAT64 64:ff9b::/96 and the local-use 64:ff9b:1::/48
        }
        for (int i = 0; i < 10; i++) {
            if (ip[i] != 0) {
                return false;
            }
        }
        // ::/96 (unspecified, loopback, IPv4-compatible) and ::ffff:0:0/96 (IPv4-mapped).
        return ip[10] == 0 && ip[11] == 0 || ip[10] == (byte) 0xff && ip[11] == (byte) 0xff;
    }

    private static boolean uniqueLocal(byte[] ip) {
        return (ip[0] & 0xfe) == 0xfc;
    }
}
