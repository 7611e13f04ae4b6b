package dev.karuta.accounts;

/**
 * Passkeys as Gazelle issues them: exactly 32 characters of {@code [0-9A-Za-z]}, the first segment of
 * the announce URL's path ({@code /<passkey>/announce}, over UDP in BEP 41 URL data).
 */
public final class Passkey {
    /** A passkey's length. */
    public static final int LENGTH = 32;

    private Passkey() {
    }

    private static final String ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /** A new random passkey (190 bits), for users added through Karuta. */
    public static String generate() {
        char[] out = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            out[i] = ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length()));
        }
        return new String(out);
    }

    /** Whether {@code s} is a well-formed passkey. */
    public static boolean valid(CharSequence s) {
        if (s == null || s.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z')) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns {@code s} when it is a well-formed passkey.
     *
     * @throws IllegalArgumentException when it is not
     */
    public static String check(String s) {
        if (!valid(s)) {
            throw new IllegalArgumentException("a passkey is 32 letters and digits");
        }
        return s;
    }

    /**
     * The passkey in the first segment of {@code path} ({@code /<passkey>/announce?...}), or null when
     * that segment is not one. A query is ignored.
     */
    public static String fromPath(String path) {
        if (path == null || path.length() < LENGTH + 1 || path.charAt(0) != '/') {
            return null;
        }
        String key = path.substring(1, LENGTH + 1);
        if (path.length() > LENGTH + 1) {
            char next = path.charAt(LENGTH + 1);
            if (next != '/' && next != '?') {
                return null;
            }
        }
        return valid(key) ? key : null;
    }
}
