package dev.karuta.http;

import dev.karuta.core.TrackerException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The parameters of a raw query string, with values kept as bytes. Only {@code %XX} is decoded;
 * {@code +} stays a literal {@code +} (RFC 3986; clients escape everything outside the unreserved
 * set), and no charset is ever applied, because an info_hash is arbitrary bytes. Part of the hot
 * path: one pass, no regex.
 */
public final class QueryString {
    private static final QueryString EMPTY = new QueryString("", new int[0], new int[0], new String[0], new byte[0][], 0);

    private final String raw;
    // Names stay in the raw string (start/end offsets) and are compared in place: no String per name.
    // A name that holds an escape is decoded once into decodedNames.
    private final int[] nameStart;
    private final int[] nameEnd;
    private final String[] decodedNames;
    private final byte[][] values;
    private final int count;

    private QueryString(String raw, int[] nameStart, int[] nameEnd, String[] decodedNames, byte[][] values,
                        int count) {
        this.raw = raw;
        this.nameStart = nameStart;
        this.nameEnd = nameEnd;
        this.decodedNames = decodedNames;
        this.values = values;
        this.count = count;
    }

    /**
     * Parses {@code raw} (the undecoded query, without {@code ?}; null means none).
     *
     * @throws TrackerException when it is longer than {@code maxLength}, holds a bad escape, or holds a
     *                          character that is not a byte
     */
    public static QueryString parse(String raw, int maxLength) {
        if (raw == null || raw.isEmpty()) {
            return EMPTY;
        }
        if (raw.length() > maxLength) {
            throw new TrackerException("request too long");
        }
        int max = 1;
        for (int i = 0; i < raw.length(); i++) {
            if (raw.charAt(i) == '&') {
                max++;
            }
        }
        int[] nameStart = new int[max];
        int[] nameEnd = new int[max];
        String[] decodedNames = new String[max];
        byte[][] values = new byte[max][];
        byte[] scratch = new byte[raw.length()];
        int count = 0;
        int start = 0;
        while (start <= raw.length()) {
            int end = raw.indexOf('&', start);
            if (end < 0) {
                end = raw.length();
            }
            if (end > start) {
                int eq = raw.indexOf('=', start);
                if (eq < 0 || eq > end) {
                    eq = end;
                }
                int nameLength = decode(raw, start, eq, scratch);
                if (nameLength != eq - start) {
                    // Escapes in the name: keep its decoded form (decode already refused non-bytes).
                    decodedNames[count] = new String(scratch, 0, nameLength, StandardCharsets.ISO_8859_1);
                }
                nameStart[count] = start;
                nameEnd[count] = eq;
                int valueLength = eq < end ? decode(raw, eq + 1, end, scratch) : 0;
                values[count] = Arrays.copyOf(scratch, valueLength);
                count++;
            }
            start = end + 1;
        }
        return new QueryString(raw, nameStart, nameEnd, decodedNames, values, count);
    }

    /** Decodes {@code raw[from, to)} into {@code out}; returns the number of bytes. */
    private static int decode(String raw, int from, int to, byte[] out) {
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int hi = i + 2 < to ? hex(raw.charAt(i + 1)) : -1;
                int lo = hi >= 0 ? hex(raw.charAt(i + 2)) : -1;
                if (lo < 0) {
                    throw new TrackerException("malformed percent-encoding in query");
                }
                out[n++] = (byte) ((hi << 4) | lo);
                i += 2;
            } else if (c > 0xff) {
                throw new TrackerException("query holds a character that is not a byte");
            } else {
                out[n++] = (byte) c;
            }
        }
        return n;
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** The value of the first parameter named {@code name}, or null when absent. */
    public byte[] first(String name) {
        for (int i = 0; i < count; i++) {
            if (nameIs(i, name)) {
                return values[i];
            }
        }
        return null;
    }

    private boolean nameIs(int i, String name) {
        if (decodedNames[i] != null) {
            return decodedNames[i].equals(name);
        }
        int length = nameEnd[i] - nameStart[i];
        return length == name.length() && raw.regionMatches(nameStart[i], name, 0, length);
    }

    /** The value of the first {@code name} as ISO-8859-1 text, or null when absent. */
    public String text(String name) {
        byte[] v = first(name);
        return v == null ? null : new String(v, StandardCharsets.ISO_8859_1);
    }

    /** Every value of {@code name}, in order. */
    public List<byte[]> all(String name) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (nameIs(i, name)) {
                out.add(values[i]);
            }
        }
        return out;
    }

    /** Whether {@code name} occurs at all. */
    public boolean has(String name) {
        return first(name) != null;
    }
}
