package dev.karuta.http;

import dev.karuta.core.Tracker;
import dev.karuta.metrics.TrackerMetrics;
import dev.karuta.metrics.TrackerMetrics.Action;
import dev.karuta.policy.ClientSuppliedAddress;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.concurrent.CompletionStage;

/** {@code /announce}: parse the raw query, call the core, write bencode. */
public final class AnnounceServlet extends TrackerServlet {
    private static final long serialVersionUID = 1L;

    private final transient Tracker tracker;
    private final transient AnnounceParser parser;
    /** Whether the tracker is private: the path carries the passkey, the User-Agent goes into peer rows. */
    private final boolean accounted;

    /**
     * The announce route of {@code tracker}; {@code accounted} when the tracker is private (the path
     * carries the passkey, the User-Agent goes into peer rows).
     */
    public AnnounceServlet(Tracker tracker, HttpSettings settings, TrackerMetrics metrics, boolean accounted) {
        super(settings, metrics);
        this.tracker = tracker;
        this.parser = new AnnounceParser(settings.trustClientSupplied(),
                new ClientSuppliedAddress(settings.otherFamily()));
        this.accounted = accounted;
    }

    /** The User-Agent, cut to what a peer row keeps, or empty. */
    private static String userAgent(HttpServletRequest req) {
        String ua = req.getHeader("User-Agent");
        return ua == null ? "" : ua.length() > 64 ? ua.substring(0, 64) : ua;
    }

    @Override
    protected Action action(QueryString query) {
        return Action.ANNOUNCE;
    }

    /** Answers when the core has: at once in memory, when Redis answers for a registry there. */
    @Override
    protected CompletionStage<byte[]> handle(HttpServletRequest req, HttpServletResponse resp, QueryString query,
                                             byte[] client) {
        HttpAnnounce announce = accounted
                ? parser.parse(query, client, req.getRequestURI(), userAgent(req))
                : parser.parse(query, client);
        return tracker.announce(announce.request())
                .thenApply(response -> AnnounceWriter.write(response, announce.request().ipv6() != null,
                        announce.compact(), announce.noPeerId()));
    }
}
