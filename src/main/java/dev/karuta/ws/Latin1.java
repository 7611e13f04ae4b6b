package dev.karuta.ws;

/**
 * The binary strings of the WebTorrent protocol: bittorrent-tracker clients send an info_hash, peer_id
 * or offer_id as a JavaScript string of 20 characters, each one byte (U+0000 to U+00FF).
 */
final class Latin1 {
    private Latin1() {
    }

    /** The bytes of {@code s}, or null when it is not {@code length} characters of U+0000..U+00FF. */
    static byte[] bytes(String s, int length) {
        if (s.length() != length) {
            return null;
        }
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c > 0xff) {
                return null;
            }
            out[i] = (byte) c;
        }
        return out;
    }

    /** The string of one character per byte of {@code b}. */
    static String string(byte[] b) {
        char[] c = new char[b.length];
        for (int i = 0; i < b.length; i++) {
            c[i] = (char) (b[i] & 0xff);
        }
        return new String(c);
    }
}
