package dev.karuta.http;

/**
 * A request path as it may be logged: the passkey of {@code /<passkey>/announce} and
 * {@code /<passkey>/scrape} and the Ocelot secret of {@code /<secret>/update} and {@code /<secret>/report}
 * become a fixed mark, so that no log line carries a credential. Every place that logs a request URI
 * passes it through {@link #redact(String)}.
 */
public final class LoggedPath {
    /** Longest path logged; a longer one is cut and ends with an ellipsis. */
    static final int MAX_LENGTH = 200;
    private static final String PASSKEY = "<passkey>";
    private static final String SECRET = "<secret>";

    private LoggedPath() {
    }

    /**
     * {@code path} (a raw request URI without query, null for none) with every segment that precedes an
     * {@code announce} or {@code scrape} segment replaced by {@code <passkey>}, and every segment that
     * precedes {@code update} or {@code report} by {@code <secret>} (path parameters such as
     * {@code ;jsessionid=} are ignored when naming the route), cut to {@value #MAX_LENGTH} characters.
     */
    public static String redact(String path) {
        if (path == null) {
            return "";
        }
        String[] segments = path.split("/", -1);
        StringBuilder out = new StringBuilder(path.length());
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) {
                out.append('/');
            }
            String mark = i + 1 < segments.length ? mark(segments[i + 1]) : null;
            out.append(mark != null && !segments[i].isEmpty() ? mark : segments[i]);
        }
        return out.length() > MAX_LENGTH ? out.substring(0, MAX_LENGTH) + "…" : out.toString();
    }

    /** The mark for the segment before {@code route}, or null when {@code route} names no secret route. */
    private static String mark(String route) {
        int semicolon = route.indexOf(';');
        return switch (semicolon < 0 ? route : route.substring(0, semicolon)) {
            case "announce", "scrape" -> PASSKEY;
            case "update", "report" -> SECRET;
            default -> null;
        };
    }
}
