package dev.karuta.http;

import dev.karuta.core.AnnounceResponse;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** {@code /announce}: parse the raw query, call the core, write bencode. */
public final class AnnounceServlet extends TrackerServlet {
    private static final long serialVersionUID = 1L;

    private transient AnnounceParser parser;
    private transient int maxQueryLength;

    @Override
    public void init() throws ServletException {
        super.init();
        HttpSettings settings = components().config().http();
        parser = new AnnounceParser(settings.trustClientSupplied());
        maxQueryLength = settings.maxQueryLength();
    }

    @Override
    protected byte[] handle(HttpServletRequest req, HttpServletResponse resp) {
        QueryString query = QueryString.parse(req.getQueryString(), maxQueryLength);
        HttpAnnounce announce = parser.parse(query, clientAddress(req));
        AnnounceResponse response = components().tracker().announce(announce.request());
        return AnnounceWriter.write(response, announce.request().ipv6() != null, announce.compact(),
                announce.noPeerId());
    }
}
