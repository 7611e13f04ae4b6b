package dev.karuta.policy;

import dev.karuta.core.PeerAddress;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * One banned address or CIDR range, canonical: the host bits are cleared, an IPv4-mapped IPv6 address
 * ({@code ::ffff:a.b.c.d}) is IPv4, and the text is dotted-quad or RFC 5952 IPv6 with {@code /bits}
 * unless the range is one address. Ordered IPv4 first, then by address, then by prefix length.
 *
 * @param v6   whether the range is IPv6
 * @param bits the prefix length: 0..32 for IPv4, 0..128 for IPv6
 * @param hi   IPv4: the 32-bit address; IPv6: its first 64 bits (host bits cleared)
 * @param lo   IPv6: its last 64 bits (host bits cleared); IPv4: 0
 */
record BanRange(boolean v6, int bits, long hi, long lo) implements Comparable<BanRange> {
    /** Longest entry text read: the longest IPv6 literal with a prefix length fits. */
    static final int MAX_TEXT = 60;

    /**
     * The range {@code text} names: an IPv4 or IPv6 address, optionally with {@code /bits}.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    static BanRange parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("an address or CIDR range is needed");
        }
        String s = text.trim();
        if (s.length() > MAX_TEXT) {
            throw new IllegalArgumentException("not an IP address or CIDR range");
        }
        int slash = s.indexOf('/');
        String address = slash < 0 ? s : s.substring(0, slash);
        byte[] ip = literal(address);
        if (ip == null) {
            throw new IllegalArgumentException("not an IP address or CIDR range");
        }
        boolean writtenV6 = address.indexOf(':') >= 0;
        int width = writtenV6 ? 128 : 32;
        int bits = slash < 0 ? width : prefix(s.substring(slash + 1), width);
        if (ip.length == 4 && writtenV6) {
            // An IPv4-mapped IPv6 address: the range is IPv4 only if it lies within ::ffff:0:0/96.
            if (bits < 96) {
                throw new IllegalArgumentException("an IPv4-mapped range needs a prefix length of at least 96");
            }
            bits -= 96;
        }
        return of(ip, bits);
    }

    /** The range of the first {@code bits} bits of the 4- or 16-byte {@code ip}. */
    static BanRange of(byte[] ip, int bits) {
        if (ip.length == 4) {
            long v = ((ip[0] & 0xffL) << 24) | ((ip[1] & 0xffL) << 16) | ((ip[2] & 0xffL) << 8) | (ip[3] & 0xffL);
            long mask = bits == 0 ? 0 : (0xffffffffL << (32 - bits)) & 0xffffffffL;
            return new BanRange(false, bits, v & mask, 0);
        }
        long hi = word(ip, 0);
        long lo = word(ip, 8);
        return new BanRange(true, bits, hi & mask64(Math.min(bits, 64)), lo & mask64(Math.max(bits - 64, 0)));
    }

    /** The first {@code n} (0..64) bits set. */
    static long mask64(int n) {
        return n == 0 ? 0 : -1L << (64 - n);
    }

    private static long word(byte[] ip, int from) {
        long v = 0;
        for (int i = from; i < from + 8; i++) {
            v = (v << 8) | (ip[i] & 0xff);
        }
        return v;
    }

    private static int prefix(String text, int width) {
        if (text.isEmpty() || text.length() > 3 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("the prefix length must be a number of 0 to " + width);
        }
        int bits = Integer.parseInt(text);
        if (bits > width) {
            throw new IllegalArgumentException("the prefix length must be a number of 0 to " + width);
        }
        return bits;
    }

    /** The 4 or 16 bytes of a dotted-quad or IPv6 literal (never a host name), or null. */
    private static byte[] literal(String s) {
        if (s.isEmpty()) {
            return null;
        }
        if (s.indexOf(':') < 0) {
            return dottedQuad(s);
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
                return null;
            }
        }
        try {
            return InetAddress.getByName(s).getAddress();
        } catch (UnknownHostException | IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] dottedQuad(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return null;
            }
            out[i] = (byte) v;
        }
        return out;
    }

    @Override
    public int compareTo(BanRange o) {
        if (v6 != o.v6) {
            return v6 ? 1 : -1;
        }
        int c = Long.compareUnsigned(hi, o.hi);
        if (c == 0) {
            c = Long.compareUnsigned(lo, o.lo);
        }
        return c != 0 ? c : Integer.compare(bits, o.bits);
    }

    @Override
    public String toString() {
        byte[] ip = new byte[v6 ? 16 : 4];
        if (v6) {
            for (int i = 0; i < 8; i++) {
                ip[i] = (byte) (hi >>> (56 - 8 * i));
                ip[i + 8] = (byte) (lo >>> (56 - 8 * i));
            }
        } else {
            for (int i = 0; i < 4; i++) {
                ip[i] = (byte) (hi >>> (24 - 8 * i));
            }
        }
        // PeerAddress prints as RFC 5952 asks (lower-case hex, the longest zero run as ::).
        String address = PeerAddress.of(ip, 0).host();
        return bits == (v6 ? 128 : 32) ? address : address + "/" + bits;
    }
}
