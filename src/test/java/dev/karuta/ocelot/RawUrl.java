package dev.karuta.ocelot;

/** PHP's {@code rawurlencode}, as Gazelle encodes a binary info hash for Ocelot. */
final class RawUrl {
    private RawUrl() {
    }

    /** Every byte but {@code A-Z a-z 0-9 - _ . ~} as {@code %XX} (upper case), those as they are. */
    static String encode(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            char c = (char) (b & 0xff);
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || "-_.~".indexOf(c) >= 0) {
                sb.append(c);
            } else {
                sb.append('%').append(String.format("%02X", (int) c));
            }
        }
        return sb.toString();
    }
}
