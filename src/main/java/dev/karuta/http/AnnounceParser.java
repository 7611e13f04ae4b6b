package dev.karuta.http;

import dev.karuta.core.AddressFamily;
import dev.karuta.core.AnnounceRequest;
import dev.karuta.core.Event;
import dev.karuta.core.InfoHash;
import dev.karuta.core.PeerAddress;
import dev.karuta.core.PeerId;
import dev.karuta.core.RequestContext;
import dev.karuta.core.TrackerException;
import dev.karuta.policy.ClientSuppliedAddress;
import java.util.Arrays;

/**
 * Turns an HTTP announce query into an {@link HttpAnnounce} (BEP 3, 7, 23, 21), refusing anything
 * malformed with a client-visible {@link TrackerException}. No servlet types: the servlet hands it
 * the query and the resolved client address.
 */
public final class AnnounceParser {
    private final boolean trustClientSupplied;
    private final ClientSuppliedAddress addresses;

    /** A parser under the default address policy; see {@link #AnnounceParser(boolean, ClientSuppliedAddress)}. */
    public AnnounceParser(boolean trustClientSupplied) {
        this(trustClientSupplied, ClientSuppliedAddress.DEFAULT);
    }

    /**
     * A parser; {@code trustClientSupplied} lets {@code ip=} and same-family addresses replace the source;
     * every client-supplied address must pass {@code addresses}, and one that does not is ignored.
     */
    public AnnounceParser(boolean trustClientSupplied, ClientSuppliedAddress addresses) {
        this.trustClientSupplied = trustClientSupplied;
        this.addresses = addresses;
    }

    /** Parses the announce in {@code query} sent from {@code client} (4 or 16 address bytes). */
    public HttpAnnounce parse(QueryString query, byte[] client) {
        return parse(query, client, "", "");
    }

    /**
     * Parses the announce in {@code query} sent from {@code client} (4 or 16 address bytes) to
     * {@code path} (the request path, which carries a private tracker's passkey) by {@code userAgent}
     * (empty when none).
     */
    public HttpAnnounce parse(QueryString query, byte[] client, String path, String userAgent) {
        InfoHash infoHash = InfoHash.of(id20(query, "info_hash"));
        PeerId peerId = PeerId.of(id20(query, "peer_id"));
        int port = port(query);
        long uploaded = optionalCount(query, "uploaded");
        long downloaded = optionalCount(query, "downloaded");
        long left = count(query, "left");
        Event event = event(query);
        int numWant = numWant(query);

        PeerAddress source = PeerAddress.of(client, port);
        PeerAddress v4 = clientAddress(query, "ipv4", port, client);
        PeerAddress v6 = clientAddress(query, "ipv6", port, client);
        PeerAddress ip = clientAddress(query, "ip", port, client);
        if (trustClientSupplied) {
            // The operator vouches for client-supplied addresses (e.g. a trusted local network).
            PeerAddress override = ip != null ? ip : source.family() == AddressFamily.V4 ? v4 : v6;
            if (override != null) {
                source = override;
            }
        }
        PeerAddress other = source.family() == AddressFamily.V4 ? v6 : v4;
        if (other != null && (other.family() == source.family() || !addresses.otherFamily())) {
            other = null;
        }

        byte[] keyBytes = query.first("key");
        boolean compact = !"0".equals(query.text("compact"));
        boolean noPeerId = "1".equals(query.text("no_peer_id"));
        AnnounceRequest request = new AnnounceRequest(infoHash, peerId, source, other, uploaded, downloaded, left,
                event, numWant, keyBytes == null ? 0 : foldKey(keyBytes), keyBytes != null,
                RequestContext.of(path, userAgent, !compact && !noPeerId));
        return new HttpAnnounce(request, compact, noPeerId);
    }

    private static byte[] id20(QueryString query, String name) {
        byte[] v = query.first(name);
        if (v == null) {
            throw new TrackerException("missing " + name);
        }
        if (v.length != 20) {
            throw new TrackerException(name + " must be 20 bytes");
        }
        return v;
    }

    private static int port(QueryString query) {
        byte[] v = query.first("port");
        if (v == null) {
            throw new TrackerException("missing port");
        }
        long port = value(v, "port"); // -1 when too large for a long: out of range like any other
        if (port < 1 || port > 65535) {
            throw new TrackerException("port must be within 1..65535");
        }
        return (int) port;
    }

    private static long count(QueryString query, String name) {
        byte[] v = query.first(name);
        if (v == null) {
            throw new TrackerException("missing " + name);
        }
        return digits(v, name);
    }

    private static long optionalCount(QueryString query, String name) {
        byte[] v = query.first(name);
        return v == null ? 0 : digits(v, name);
    }

    /**
     * A non-negative decimal of at most 63 bits (leading zeros allowed): anything else is refused with a
     * message naming {@code name}, a larger value with "must be at most 9223372036854775807".
     */
    static long digits(byte[] v, String name) {
        long n = value(v, name);
        if (n < 0) {
            throw new TrackerException(name + " must be at most " + Long.MAX_VALUE);
        }
        return n;
    }

    /** The non-negative decimal {@code v}, or -1 when it is larger than a long; non-digits are refused. */
    private static long value(byte[] v, String name) {
        if (v.length == 0) {
            throw new TrackerException(name + " must be a non-negative integer");
        }
        long n = 0;
        for (byte b : v) {
            if (b < '0' || b > '9') {
                throw new TrackerException(name + " must be a non-negative integer");
            }
            // n * 10 + d overflows exactly when n > (MAX - d) / 10; once over, keep checking the digits.
            n = n < 0 || n > (Long.MAX_VALUE - (b - '0')) / 10 ? -1 : n * 10 + (b - '0');
        }
        return n;
    }

    private static Event event(QueryString query) {
        String v = query.text("event");
        if (v == null) {
            return Event.NONE;
        }
        Event e = Event.fromWireName(v);
        if (e == null) {
            throw new TrackerException("unknown event");
        }
        return e;
    }

    private static int numWant(QueryString query) {
        byte[] v = query.first("numwant");
        if (v == null || Arrays.equals(v, new byte[] {'-', '1'})) {
            return -1;
        }
        long n = value(v, "numwant");
        // Any larger count, however many digits, is clamped to the configured maximum anyway.
        return n < 0 || n > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) n;
    }

    /**
     * A client-supplied address ({@code ip}, {@code ipv4}, {@code ipv6}: a literal, optionally with a
     * port as {@code a.b.c.d:p} or {@code [v6]:p}), or null when absent, unusable or refused by the
     * {@link ClientSuppliedAddress} policy for a request from {@code client}. Such values are ignored rather
     * than refused: clients send odd things here, and the announce goes on with the connection address.
     */
    private PeerAddress clientAddress(QueryString query, String name, int defaultPort, byte[] client) {
        String v = query.text(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        String host = v;
        int port = defaultPort;
        int colon = v.lastIndexOf(':');
        boolean bracketed = v.startsWith("[");
        if (colon > 0 && (bracketed ? v.lastIndexOf(']') == colon - 1 : v.indexOf(':') == colon)) {
            host = v.substring(0, colon);
            try {
                port = Integer.parseInt(v.substring(colon + 1));
            } catch (NumberFormatException e) {
                return null;
            }
            if (port < 1 || port > 65535) {
                return null;
            }
        }
        byte[] ip = IpLiteral.parse(host);
        // An IPv6 literal read as 4 bytes was IPv4-mapped (::ffff:a.b.c.d): never believed.
        if (ip == null || ip.length == 4 && host.indexOf(':') >= 0 || !addresses.accepts(ip, client)) {
            return null;
        }
        PeerAddress address = PeerAddress.of(ip, port);
        if (name.equals("ipv4") && address.family() != AddressFamily.V4
                || name.equals("ipv6") && address.family() != AddressFamily.V6) {
            return null;
        }
        return address;
    }

    /** The BEP 3 {@code key} as 32 bits: up to 8 hex digits as their value (as UDP sends it), else a hash. */
    static int foldKey(byte[] key) {
        if (key.length > 0 && key.length <= 8) {
            long value = 0;
            boolean hex = true;
            for (byte b : key) {
                int d = Character.digit(b, 16);
                if (d < 0) {
                    hex = false;
                    break;
                }
                value = (value << 4) | d;
            }
            if (hex) {
                return (int) value;
            }
        }
        return Arrays.hashCode(key);
    }
}
