package dev.karuta.http;

import dev.karuta.core.TrackerException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the client's address: the connection's, or, when the connection comes from a trusted proxy,
 * the right-most address of {@code Forwarded} (RFC 7239, preferred) or {@code X-Forwarded-For}
 * that is not itself a trusted proxy. Works the same on every servlet container.
 */
public final class ClientAddress {
    private final TrustedProxies trusted;

    /** A resolver believing the forwarding headers of {@code trusted} proxies only. */
    public ClientAddress(TrustedProxies trusted) {
        this.trusted = trusted;
    }

    /** Whether forwarding headers can matter (some proxy is trusted); if not, callers need not read them. */
    public boolean readsHeaders() {
        return !trusted.isEmpty();
    }

    /**
     * The client's address bytes (4 or 16; IPv4-mapped IPv6 as IPv4).
     *
     * @param remoteAddr     the connection's address as the container prints it
     * @param forwarded      all {@code Forwarded} header values in order (may be empty)
     * @param xForwardedFor  all {@code X-Forwarded-For} header values in order (may be empty)
     * @throws TrackerException when a trusted proxy forwards an address that cannot be read
     */
    public byte[] resolve(String remoteAddr, List<String> forwarded, List<String> xForwardedFor) {
        byte[] remote = IpLiteral.parse(remoteAddr);
        if (remote == null) {
            throw new TrackerException("cannot determine client address");
        }
        remote = normalize(remote);
        if (trusted.isEmpty() || !trusted.contains(toInet(remote))) {
            return remote;
        }
        List<String> hops = !forwarded.isEmpty() ? forwardedFor(forwarded) : split(xForwardedFor);
        byte[] candidate = remote;
        for (int i = hops.size() - 1; i >= 0; i--) {
            byte[] hop = IpLiteral.parse(stripPort(hops.get(i)));
            if (hop == null) {
                throw new TrackerException("cannot determine client address");
            }
            candidate = normalize(hop);
            if (!trusted.contains(toInet(candidate))) {
                return candidate;
            }
        }
        return candidate; // every hop is a trusted proxy: the left-most is as close to the client as we get
    }

    private static List<String> split(List<String> headers) {
        List<String> out = new ArrayList<>();
        for (String h : headers) {
            for (String part : h.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        }
        return out;
    }

    /** The {@code for=} values of RFC 7239 elements, in order. */
    private static List<String> forwardedFor(List<String> headers) {
        List<String> out = new ArrayList<>();
        for (String element : split(headers)) {
            for (String pair : element.split(";")) {
                String p = pair.trim();
                if (p.regionMatches(true, 0, "for=", 0, 4)) {
                    String v = p.substring(4).trim();
                    if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                        v = v.substring(1, v.length() - 1);
                    }
                    out.add(v);
                }
            }
        }
        return out;
    }

    /** {@code a.b.c.d:port} -> {@code a.b.c.d}; {@code [v6]:port} -> {@code [v6]}; bare IPv6 unchanged. */
    private static String stripPort(String hop) {
        if (hop.startsWith("[")) {
            int close = hop.indexOf(']');
            return close > 0 ? hop.substring(0, close + 1) : hop;
        }
        int colon = hop.indexOf(':');
        if (colon > 0 && colon == hop.lastIndexOf(':')) {
            return hop.substring(0, colon);
        }
        return hop;
    }

    private static byte[] normalize(byte[] ip) {
        return dev.karuta.core.PeerAddress.of(ip, 0).ip();
    }

    private static InetAddress toInet(byte[] ip) {
        return dev.karuta.core.PeerAddress.of(ip, 0).inetAddress();
    }
}
