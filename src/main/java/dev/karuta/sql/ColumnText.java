package dev.karuta.sql;

/**
 * Text made to fit a character column, so that a batch is never refused (and put back, to be refused
 * again) for one client's odd value: PostgreSQL refuses a NUL, a latin1 MariaDB an emoji, strict mode a
 * value longer than the column.
 */
public final class ColumnText {
    private ColumnText() {
    }

    /**
     * {@code s} cut to {@code max} characters, every character outside printable ASCII replaced by
     * {@code ?}; null is the empty string.
     */
    public static String clip(String s, int max) {
        if (s == null) {
            return "";
        }
        int n = Math.min(s.length(), max);
        StringBuilder out = null;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                if (out == null) {
                    out = new StringBuilder(n).append(s, 0, i);
                }
                out.append('?');
            } else if (out != null) {
                out.append(c);
            }
        }
        if (out != null) {
            return out.toString();
        }
        return n == s.length() ? s : s.substring(0, n);
    }

    /**
     * {@code s} when it fits in {@code width} characters, else (and for null) the empty string: for a
     * value that cut would be wrong rather than short, an address say.
     */
    public static String fitOrEmpty(String s, int width) {
        return s == null || s.length() > width ? "" : s;
    }
}
