package dev.karuta.http;

import dev.karuta.core.PeerAddress;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A set of addresses and CIDR networks (IPv4 and IPv6) of reverse proxies whose forwarding headers
 * are believed. IPv4-mapped IPv6 addresses match as IPv4.
 */
public final class TrustedProxies {
    private static final TrustedProxies NONE = new TrustedProxies(List.of());

    private final List<Network> networks;

    private TrustedProxies(List<Network> networks) {
        this.networks = networks;
    }

    /** No trusted proxy: forwarding headers are ignored. */
    public static TrustedProxies none() {
        return NONE;
    }

    /**
     * Parses a comma-separated list of literal addresses or CIDR networks ({@code 10.0.0.0/8},
     * {@code ::1}, {@code fd00::/8}); host names are refused (no DNS at startup).
     *
     * @throws IllegalArgumentException naming the bad entry
     */
    public static TrustedProxies parse(String spec) {
        List<Network> networks = new ArrayList<>();
        for (String part : spec.split(",")) {
            String entry = part.trim();
            if (!entry.isEmpty()) {
                networks.add(Network.parse(entry));
            }
        }
        return networks.isEmpty() ? NONE : new TrustedProxies(List.copyOf(networks));
    }

    /** Whether no proxy is trusted. */
    public boolean isEmpty() {
        return networks.isEmpty();
    }

    /** Whether {@code address} is a trusted proxy. */
    public boolean contains(InetAddress address) {
        byte[] ip = PeerAddress.of(address, 0).ip();
        for (Network n : networks) {
            if (n.contains(ip)) {
                return true;
            }
        }
        return false;
    }

    private record Network(byte[] base, int bits) {
        static Network parse(String entry) {
            int slash = entry.indexOf('/');
            String host = slash < 0 ? entry : entry.substring(0, slash);
            byte[] ip = IpLiteral.parse(host);
            if (ip == null) {
                throw new IllegalArgumentException("not an IP address or CIDR network: " + entry);
            }
            ip = PeerAddress.of(ip, 0).ip();
            int bits = ip.length * 8;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(entry.substring(slash + 1));
                } catch (NumberFormatException e) {
                    bits = -1;
                }
                if (bits < 0 || bits > ip.length * 8) {
                    throw new IllegalArgumentException("bad prefix length in " + entry);
                }
            }
            return new Network(ip, bits);
        }

        boolean contains(byte[] ip) {
            if (ip.length != base.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (ip[i] != base[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (ip[full] & mask) == (base[full] & mask);
        }
    }
}
