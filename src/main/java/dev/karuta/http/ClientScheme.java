package dev.karuta.http;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Finds the scheme ({@code http} or {@code https}) the client used: the connection's, or, when the
 * connection comes from a trusted proxy (one that terminates TLS and forwards plain HTTP), the one that
 * proxy names. With {@code karuta.proxy.header} {@code X-Forwarded-For} or {@code X-Real-IP} it is the
 * right-most value of {@code X-Forwarded-Proto} (nginx and HAProxy set it); with {@code Forwarded} the
 * {@code proto=} of the element that names the client, the one {@link ClientAddress} picks. From any
 * other source these headers are never read; a value other than {@code http} or {@code https} is
 * ignored. The admin API compares it with the browser's {@code Origin}.
 */
public final class ClientScheme {
    /** The header a proxy sets to the scheme of the client's connection, beside X-Forwarded-For or X-Real-IP. */
    public static final String X_FORWARDED_PROTO = "X-Forwarded-Proto";

    private final TrustedProxies trusted;
    private final ProxyHeader header;

    /** A resolver believing the scheme header that goes with {@code header} from {@code trusted} proxies only. */
    public ClientScheme(TrustedProxies trusted, ProxyHeader header) {
        this.trusted = trusted;
        this.header = header;
    }

    /** The header this resolver reads from a trusted proxy: {@code Forwarded} or {@code X-Forwarded-Proto}. */
    public String headerName() {
        return header == ProxyHeader.FORWARDED ? ProxyHeader.FORWARDED.headerName() : X_FORWARDED_PROTO;
    }

    /** The scheme of {@code req}'s client. */
    public String of(HttpServletRequest req) {
        String connection = req.getScheme();
        if (trusted.isEmpty()) {
            return connection;
        }
        var values = req.getHeaders(headerName());
        return resolve(req.getRemoteAddr(), connection,
                values == null ? List.of() : Collections.list(values));
    }

    /**
     * The client's scheme.
     *
     * @param remoteAddr the connection's address as the container prints it
     * @param connection the connection's own scheme
     * @param values     all values of {@link #headerName()} in order (may be empty)
     */
    public String resolve(String remoteAddr, String connection, List<String> values) {
        byte[] remote = IpLiteral.parse(remoteAddr);
        if (remote == null || trusted.isEmpty() || !trusted.contains(ClientAddress.toInet(remote))) {
            return connection;
        }
        String named = header == ProxyHeader.FORWARDED ? forwardedProto(values) : lastValue(values);
        return named == null ? connection : named;
    }

    /** The right-most value of the lines in order: the one the trusted proxy itself set or appended. */
    private static String lastValue(List<String> lines) {
        List<String> all = ClientAddress.split(lines);
        return all.isEmpty() ? null : scheme(all.get(all.size() - 1));
    }

    /**
     * The {@code proto=} of the right-most element whose {@code for=} is not a trusted proxy (or has none),
     * as {@link ClientAddress} walks them; the left-most element when every one names a trusted proxy.
     */
    private String forwardedProto(List<String> lines) {
        List<String> elements = ClientAddress.split(lines);
        String proto = null;
        for (int i = elements.size() - 1; i >= 0; i--) {
            String forHop = null;
            proto = null;
            for (String pair : elements.get(i).split(";")) {
                String p = pair.trim();
                if (p.regionMatches(true, 0, "for=", 0, 4)) {
                    forHop = ClientAddress.unquote(p.substring(4).trim());
                } else if (p.regionMatches(true, 0, "proto=", 0, 6)) {
                    proto = scheme(ClientAddress.unquote(p.substring(6).trim()));
                }
            }
            byte[] hop = forHop == null ? null : IpLiteral.parse(ClientAddress.stripPort(forHop));
            if (hop == null || !trusted.contains(ClientAddress.toInet(hop))) {
                return proto;
            }
        }
        return proto;
    }

    /** {@code http} or {@code https} in lower case, or null for anything else. */
    private static String scheme(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        return v.equals("http") || v.equals("https") ? v : null;
    }
}
