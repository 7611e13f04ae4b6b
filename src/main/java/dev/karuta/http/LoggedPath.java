package dev.karuta.http;

import dev.karuta.accounts.Passkey;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A request path (and query) as it may be logged: the passkey of {@code /<passkey>/announce} and
 * {@code /<passkey>/scrape}, the Ocelot secret of {@code /<secret>/update} and {@code /<secret>/report},
 * any other path segment or query value shaped like a passkey (32 letters and digits: a passkey or a
 * Gazelle secret sent to a mistyped route), and the values of credential parameters ({@code passkey},
 * {@code oldpasskey}, {@code passkeys} of Ocelot's control API, an announce's {@code key}) become a fixed
 * mark, so that no log line carries a credential. Every place that logs a request URI passes it through
 * {@link #redact(String)}; the request log takes {@link #forRequestLog(String, String)}.
 */
public final class LoggedPath {
    /** Longest path logged; a longer one is cut and ends with an ellipsis. */
    static final int MAX_LENGTH = 200;
    /** Longest path and query of a request log line; a longer one is cut and ends with {@code ...}. */
    static final int MAX_REQUEST_LOG_LENGTH = 2048;
    /** What stands for a passkey. */
    public static final String PASSKEY = "<passkey>";
    /** What stands for the Ocelot secret or another credential. */
    public static final String SECRET = "<secret>";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private LoggedPath() {
    }

    /**
     * {@code path} (a raw request URI without query, null for none) with every segment that precedes an
     * {@code announce} or {@code scrape} segment, or is itself shaped like a passkey, replaced by
     * {@code <passkey>}, and every segment that precedes {@code update} or {@code report} by
     * {@code <secret>} (path parameters such as {@code ;jsessionid=} and {@code %XX} escapes are looked
     * through when naming the route), cut to {@value #MAX_LENGTH} characters.
     */
    public static String redact(String path) {
        String out = redactPath(path);
        return out.length() > MAX_LENGTH ? out.substring(0, MAX_LENGTH) + "…" : out;
    }

    /**
     * {@code rawQuery} (undecoded, without {@code ?}; null for none) with the value of every credential
     * parameter, and every value shaped like a passkey, replaced by a mark: {@code <passkey>} for a name
     * that holds {@code passkey} or a passkey-shaped value, {@code <secret>} for {@code key} and a name
     * that holds {@code pass} or {@code secret}. Names are compared case-blind, through {@code %XX}.
     */
    public static String redactQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder(rawQuery.length());
        int start = 0;
        while (start <= rawQuery.length()) {
            int amp = rawQuery.indexOf('&', start);
            int end = amp < 0 ? rawQuery.length() : amp;
            int eq = rawQuery.indexOf('=', start);
            if (start > 0) {
                out.append('&');
            }
            if (eq < 0 || eq > end) {
                // A name alone: a passkey pasted as a parameter of its own is still one.
                String mark = Passkey.valid(decoded(rawQuery.substring(start, end))) ? PASSKEY : null;
                out.append(mark != null ? mark : rawQuery.substring(start, end));
            } else {
                String name = decoded(rawQuery.substring(start, eq)).toLowerCase(Locale.ROOT);
                String mark = valueMark(name, decoded(rawQuery.substring(eq + 1, end)));
                out.append(rawQuery, start, eq + 1).append(mark != null ? mark : rawQuery.substring(eq + 1, end));
            }
            start = end + 1;
        }
        return out.toString();
    }

    /**
     * The path and query of a request as a request log line shows it: {@link #redact(String)} and
     * {@link #redactQuery(String)} joined by {@code ?}, every character outside printable ASCII and every
     * {@code "}, {@code \} and {@code ,} written as a {@code %XX} escape (so that the text fits NCSA's
     * quotes and a JSON string unchanged), cut to {@value #MAX_REQUEST_LOG_LENGTH} characters.
     */
    public static String forRequestLog(String path, String rawQuery) {
        String text = redactPath(path) + (rawQuery == null ? "" : "?" + redactQuery(rawQuery));
        StringBuilder out = new StringBuilder(text.length() + 8);
        int i = 0;
        for (; i < text.length() && out.length() < MAX_REQUEST_LOG_LENGTH; i++) {
            char c = text.charAt(i);
            if (c > 0x20 && c < 0x7f && c != '"' && c != '\\' && c != ',') {
                out.append(c);
            } else if (c < 0x80) {
                escape(out, c);
            } else {
                // Rare: a container that hands over raw non-ASCII; its UTF-8 bytes, escaped.
                for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
                    escape(out, b & 0xff);
                }
            }
        }
        if (i < text.length()) {
            out.setLength(Math.min(out.length(), MAX_REQUEST_LOG_LENGTH));
            out.append("...");
        }
        return out.toString();
    }

    private static void escape(StringBuilder out, int b) {
        out.append('%').append(HEX[b >> 4]).append(HEX[b & 15]);
    }

    private static String redactPath(String path) {
        if (path == null) {
            return "";
        }
        String[] segments = path.split("/", -1);
        StringBuilder out = new StringBuilder(path.length());
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) {
                out.append('/');
            }
            String mark = i + 1 < segments.length ? routeMark(segments[i + 1]) : null;
            if (mark == null && Passkey.valid(decoded(withoutParameters(segments[i])))) {
                mark = PASSKEY;
            }
            out.append(mark != null && !segments[i].isEmpty() ? mark : segments[i]);
        }
        return out.toString();
    }

    /** The mark for the segment before {@code route}, or null when {@code route} names no secret route. */
    private static String routeMark(String route) {
        return switch (decoded(withoutParameters(route))) {
            case "announce", "scrape" -> PASSKEY;
            case "update", "report" -> SECRET;
            default -> null;
        };
    }

    /** The mark for the value of parameter {@code name} (lower case), or null to show {@code value}. */
    private static String valueMark(String name, String value) {
        if (name.contains("passkey") || Passkey.valid(value)) {
            return PASSKEY;
        }
        return name.equals("key") || name.contains("pass") || name.contains("secret") ? SECRET : null;
    }

    private static String withoutParameters(String segment) {
        int semicolon = segment.indexOf(';');
        return semicolon < 0 ? segment : segment.substring(0, semicolon);
    }

    /** {@code s} with its {@code %XX} escapes of ASCII decoded; anything else, a bad escape too, kept. */
    private static String decoded(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
            int lo = hi >= 0 ? Character.digit(s.charAt(i + 2), 16) : -1;
            if (c == '%' && hi >= 0 && hi < 8 && lo >= 0) {
                out.append((char) (hi * 16 + lo));
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
