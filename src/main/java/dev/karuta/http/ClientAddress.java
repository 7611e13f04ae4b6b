package dev.karuta.http;

import dev.karuta.core.TrackerException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the client's address: the connection's, or, when the connection comes from a trusted proxy,
 * the right-most address of the one configured forwarding header ({@link ProxyHeader}) that is not
 * itself a trusted proxy. The other forwarding headers are never read: the proxy does not touch them,
 * so they say whatever the client wrote. Works the same on every servlet container.
 */
public final class ClientAddress {
    private final TrustedProxies trusted;
    private final ProxyHeader header;

    /** A resolver believing {@code header} from {@code trusted} proxies only. */
    public ClientAddress(TrustedProxies trusted, ProxyHeader header) {
        this.trusted = trusted;
        this.header = header;
    }

    /** Whether forwarding headers can matter (some proxy is trusted); if not, callers need not read them. */
    public boolean readsHeaders() {
        return !trusted.isEmpty();
    }

    /** The one forwarding header this resolver reads. */
    public ProxyHeader header() {
        return header;
    }

    /**
     * The client's address bytes (4 or 16; IPv4-mapped IPv6 as IPv4).
     *
     * @param remoteAddr the connection's address as the container prints it
     * @param values     all values of {@link #header()} in order (may be empty)
     * @throws TrackerException when a trusted proxy forwards an address that cannot be read
     */
    public byte[] resolve(String remoteAddr, List<String> values) {
        byte[] remote = IpLiteral.parse(remoteAddr);
        if (remote == null) {
            throw new TrackerException("cannot determine client address");
        }
        remote = normalize(remote);
        if (trusted.isEmpty() || !trusted.contains(toInet(remote))) {
            return remote;
        }
        List<String> hops = header == ProxyHeader.FORWARDED ? forwardedFor(values) : split(values);
        // Right to left: each trusted proxy appended the peer it saw; the first untrusted hop is the
        // client as the outermost trusted proxy saw it. Anything left of it is the client's own claim.
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

    /** The comma-separated entries of all {@code headers} lines in order, trimmed, blanks dropped. */
    static List<String> split(List<String> headers) {
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
                    out.add(unquote(p.substring(4).trim()));
                }
            }
        }
        return out;
    }

    /** An RFC 7239 value without its surrounding double quotes, if it has them. */
    static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    /** {@code a.b.c.d:port} -> {@code a.b.c.d}; {@code [v6]:port} -> {@code [v6]}; bare IPv6 unchanged. */
    static String stripPort(String hop) {
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

    static InetAddress toInet(byte[] ip) {
        return dev.karuta.core.PeerAddress.of(ip, 0).inetAddress();
    }
}
