package dev.karuta.http;

import dev.karuta.core.AnnounceResponse;
import dev.karuta.metrics.TrackerMetrics.Action;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** {@code /announce}: parse the raw query, call the core, write bencode. */
public final class AnnounceServlet extends TrackerServlet {
    private static final long serialVersionUID = 1L;

    private transient AnnounceParser parser;

    @Override
    public void init() throws ServletException {
        super.init();
        parser = new AnnounceParser(components().config().http().trustClientSupplied());
    }

    @Override
    protected Action action(QueryString query) {
        return Action.ANNOUNCE;
    }

    @Override
    protected byte[] handle(HttpServletRequest req, HttpServletResponse resp, QueryString query, byte[] client) {
        HttpAnnounce announce = parser.parse(query, client);
        AnnounceResponse response = components().tracker().announce(announce.request());
        return AnnounceWriter.write(response, announce.request().ipv6() != null, announce.compact(),
                announce.noPeerId());
    }
}
