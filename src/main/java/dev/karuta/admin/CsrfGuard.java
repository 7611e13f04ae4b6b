package dev.karuta.admin;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Refuses cross-site changes: a changing request must carry the header {@value #HEADER} (a page of
 * another origin cannot add it without a CORS preflight, which this API never grants) and, when the
 * browser names an {@code Origin} or {@code Sec-Fetch-Site}, come from this very origin: the scheme the
 * client used (behind a TLS-terminating proxy, the one the trusted proxy names, see
 * {@link dev.karuta.http.ClientScheme}) and the {@code Host} it asked for.
 */
final class CsrfGuard {
    /** The header every changing request must carry (any non-empty value). */
    static final String HEADER = "X-Karuta-Admin";

    private CsrfGuard() {
    }

    /** Refuses {@code req} (403) unless it is a same-origin change; {@code scheme} is the client's. */
    static void check(HttpServletRequest req, String scheme) {
        String marker = req.getHeader(HEADER);
        if (marker == null || marker.isBlank()) {
            throw new ApiException(403, "changes need the " + HEADER + " header (cross-site request refused)");
        }
        String site = req.getHeader("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            throw new ApiException(403, "cross-site request refused");
        }
        String origin = req.getHeader("Origin");
        if (origin != null && !origin.equalsIgnoreCase(scheme + "://" + req.getHeader("Host"))) {
            throw new ApiException(403, "request from another origin refused");
        }
    }
}
