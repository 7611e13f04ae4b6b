package dev.karuta.core;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An IP address and TCP port where a peer accepts connections. IPv4-mapped IPv6 addresses
 * ({@code ::ffff:a.b.c.d}) are IPv4. Immutable.
 */
public final class PeerAddress {
    private static final byte[] V4_MAPPED_PREFIX = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff};

    private final byte[] ip;
    private final int port;

    private PeerAddress(byte[] ip, int port) {
        this.ip = ip;
        this.port = port;
    }

    /** The address with these 4 or 16 raw bytes (IPv4-mapped IPv6 becomes IPv4) and port 0..65535. */
    public static PeerAddress of(byte[] ip, int port) {
        if (port < 0 || port > 0xffff) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        return new PeerAddress(normalize(ip), port);
    }

    /** The address of {@code address} with {@code port}. */
    public static PeerAddress of(InetAddress address, int port) {
        return of(address.getAddress(), port);
    }

    /** Copies of 4 or 16 bytes, with IPv4-mapped IPv6 reduced to its 4 IPv4 bytes. */
    static byte[] normalize(byte[] ip) {
        if (ip.length == 4) {
            return ip.clone();
        }
        if (ip.length != 16) {
            throw new IllegalArgumentException("IP address must be 4 or 16 bytes");
        }
        if (Arrays.equals(ip, 0, 12, V4_MAPPED_PREFIX, 0, 12)) {
            return Arrays.copyOfRange(ip, 12, 16);
        }
        return ip.clone();
    }

    /** The address family. */
    public AddressFamily family() {
        return ip.length == 4 ? AddressFamily.V4 : AddressFamily.V6;
    }

    /** TCP port. */
    public int port() {
        return port;
    }

    /** A copy of the raw address bytes (4 or 16). */
    public byte[] ip() {
        return ip.clone();
    }

    /** Writes the compact entry (address, then big-endian port) into {@code dst} at {@code offset}. */
    public void writeCompact(byte[] dst, int offset) {
        System.arraycopy(ip, 0, dst, offset, ip.length);
        dst[offset + ip.length] = (byte) (port >>> 8);
        dst[offset + ip.length + 1] = (byte) port;
    }

    /** The address of a compact entry of {@code family} at {@code offset} of {@code src}. */
    public static PeerAddress fromCompact(AddressFamily family, byte[] src, int offset) {
        int len = family.addressLength();
        byte[] ip = Arrays.copyOfRange(src, offset, offset + len);
        return new PeerAddress(ip, ((src[offset + len] & 0xff) << 8) | (src[offset + len + 1] & 0xff));
    }

    /** Whether the compact entry at {@code offset} of {@code src} has this IP (whatever its port). */
    public boolean sameIpAs(byte[] src, int offset) {
        return Arrays.equals(ip, 0, ip.length, src, offset, offset + ip.length);
    }

    /** Whether the compact entry at {@code offset} of {@code src} is this address and port. */
    public boolean sameAs(byte[] src, int offset) {
        return sameIpAs(src, offset) && ((src[offset + ip.length] & 0xff) << 8 | (src[offset + ip.length + 1] & 0xff)) == port;
    }

    /** The first {@code bits} bits of the IP (0..64, at most the address), as a number. */
    public long leadingBits(int bits) {
        return leadingBits(ip, 0, ip.length, bits);
    }

    /** The first {@code bits} bits (0..64) of the {@code length}-byte IP at {@code offset} of {@code src}. */
    public static long leadingBits(byte[] src, int offset, int length, int bits) {
        int n = Math.min(length, 8);
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << 8) | (src[offset + i] & 0xff);
        }
        int width = n * 8;
        int keep = Math.min(bits, width);
        return keep == 0 ? 0 : v >>> (width - keep);
    }

    /** The last 8 bytes of an IPv6 address as a number; 0 for IPv4. */
    public long low64() {
        if (ip.length == 4) {
            return 0;
        }
        long v = 0;
        for (int i = 8; i < 16; i++) {
            v = (v << 8) | (ip[i] & 0xff);
        }
        return v;
    }

    /** Whether this is a loopback address (127.0.0.0/8 or ::1). */
    public boolean isLoopback() {
        if (ip.length == 4) {
            return ip[0] == 127;
        }
        for (int i = 0; i < 15; i++) {
            if (ip[i] != 0) {
                return false;
            }
        }
        return ip[15] == 1;
    }

    /** True when both have the same IP address, whatever their ports. */
    public boolean sameIp(PeerAddress other) {
        return other != null && Arrays.equals(ip, other.ip);
    }

    /** The same IP with another port. */
    public PeerAddress withPort(int newPort) {
        return of(ip, newPort);
    }

    /** The address as an {@link InetAddress}. */
    public InetAddress inetAddress() {
        try {
            return InetAddress.getByAddress(ip);
        } catch (UnknownHostException e) {
            throw new AssertionError(e); // length is always 4 or 16
        }
    }

    /** The address as text: dotted quad, or RFC 5952 IPv6 (lower case, longest zero run as {@code ::}). */
    public String host() {
        if (ip.length == 4) {
            return (ip[0] & 0xff) + "." + (ip[1] & 0xff) + "." + (ip[2] & 0xff) + "." + (ip[3] & 0xff);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((ip[2 * i] & 0xff) << 8) | (ip[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1; // a single zero group is not shortened (RFC 5952 4.2.2)
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PeerAddress other && port == other.port && Arrays.equals(ip, other.ip);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ip) * 31 + port;
    }

    @Override
    public String toString() {
        return family() == AddressFamily.V6 ? "[" + host() + "]:" + port : host() + ":" + port;
    }
}
