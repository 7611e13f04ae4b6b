package dev.karuta.core;

import java.util.Objects;

/**
 * What some frontends or modes carry beside an announce's protocol fields.
 *
 * @param urlData   path and query of the tracker URL the client used (BEP 41 URL data over UDP; the
 *                  request path over HTTP), for hooks such as passkeys; empty when none
 * @param userAgent the client's User-Agent (HTTP), recorded by a private tracker; empty when none
 * @param peerIds   whether the answer will carry the picked peers' peer_ids (HTTP {@code compact=0}
 *                  without {@code no_peer_id}); compact and UDP answers never do, so their picks
 *                  copy addresses only
 */
public record RequestContext(String urlData, String userAgent, boolean peerIds) {
    /** No URL data, no User-Agent, peer_ids wanted. */
    public static final RequestContext NONE = new RequestContext("", "", true);
    /** What a compact or UDP answer needs: nothing but addresses. */
    public static final RequestContext COMPACT = new RequestContext("", "", false);

    public RequestContext {
        Objects.requireNonNull(urlData, "urlData");
        Objects.requireNonNull(userAgent, "userAgent");
    }

    /** The context of these values; a shared one when there is no URL data nor User-Agent (no allocation). */
    public static RequestContext of(String urlData, String userAgent, boolean peerIds) {
        if (urlData.isEmpty() && userAgent.isEmpty()) {
            return peerIds ? NONE : COMPACT;
        }
        return new RequestContext(urlData, userAgent, peerIds);
    }
}
