package dev.karuta.http;

import dev.karuta.core.InfoHash;
import dev.karuta.core.PeerAddress;
import dev.karuta.core.ScrapeRequest;
import dev.karuta.core.ScrapeResponse;
import dev.karuta.core.SwarmStats;
import dev.karuta.core.TrackerException;
import dev.karuta.core.Tracker;
import dev.karuta.metrics.TrackerMetrics;
import dev.karuta.metrics.TrackerMetrics.Action;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.zip.GZIPOutputStream;

/**
 * {@code /scrape}: BEP 48 scrape of up to {@code karuta.scrape.maxHashes} torrents; without any
 * {@code info_hash}, the full scrape when enabled (rate-limited per address or IPv6 /64, a bounded number
 * at a time, gzip when accepted).
 */
public final class ScrapeServlet extends TrackerServlet {
    private static final long serialVersionUID = 1L;

    private final transient Tracker tracker;
    private final transient HttpSettings settings;
    private final transient FullScrapeLimiter limiter;
    private final int minInterval;

    /**
     * The scrape route of {@code tracker}, with full scrapes rate-limited by {@code limiter} and
     * {@code minInterval} as BEP 48's {@code min_request_interval} of a full scrape.
     */
    public ScrapeServlet(Tracker tracker, HttpSettings settings, TrackerMetrics metrics, FullScrapeLimiter limiter,
                         int minInterval) {
        super(settings, metrics);
        this.tracker = tracker;
        this.settings = settings;
        this.limiter = limiter;
        this.minInterval = minInterval;
    }

    @Override
    protected Action action(QueryString query) {
        return query == null || query.has("info_hash") ? Action.SCRAPE : Action.FULL_SCRAPE;
    }

    @Override
    protected CompletionStage<byte[]> handle(HttpServletRequest req, HttpServletResponse resp, QueryString query,
                                             byte[] client) throws IOException {
        return CompletableFuture.completedFuture(scrape(req, resp, query, client));
    }

    /** The scrape's body, or null when a full scrape was written already. */
    private byte[] scrape(HttpServletRequest req, HttpServletResponse resp, QueryString query, byte[] client)
            throws IOException {
        List<byte[]> raw = query.all("info_hash");
        if (raw.isEmpty()) {
            fullScrape(req, resp, client);
            return null;
        }
        if (raw.size() > settings.maxScrapeHashes()) {
            throw new TrackerException("too many info_hash values (at most " + settings.maxScrapeHashes() + ")");
        }
        List<InfoHash> hashes = new ArrayList<>(raw.size());
        for (byte[] h : raw) {
            if (h.length != InfoHash.LENGTH) {
                throw new TrackerException("info_hash must be 20 bytes");
            }
            hashes.add(InfoHash.of(h));
        }
        ScrapeResponse response = tracker.scrape(new ScrapeRequest(hashes, req.getRequestURI(),
                PeerAddress.of(client, 0)));
        ByteArrayOutputStream body = new ByteArrayOutputStream(64 + 90 * response.files().size());
        ScrapeWriter.write(response.files().entrySet(), response.minRequestInterval(), body);
        return body.toByteArray();
    }

    private void fullScrape(HttpServletRequest req, HttpServletResponse resp, byte[] client) throws IOException {
        if (!settings.fullScrape()) {
            throw TrackerException.refused("full scrape is disabled; give info_hash");
        }
        FullScrapeLimiter.Slot slot;
        try {
            slot = limiter.start(client);
        } catch (TrackerException e) {
            metrics().fullScrapeLimited();
            throw e;
        }
        // The slot is given back however the scrape ends: answered, or failed while scraping or writing.
        try (slot) {
            TreeMap<InfoHash, SwarmStats> files = new TreeMap<>();
            tracker.scrapeAll(PeerAddress.of(client, 0), files::put);
            prepare(resp);
            boolean gzip = acceptsGzip(req.getHeader("Accept-Encoding"));
            resp.setHeader("Vary", "Accept-Encoding");
            if (gzip) {
                resp.setHeader("Content-Encoding", "gzip");
            }
            // The response stream stays open: the container completes the response after the request
            // has been counted, so a client never has a full scrape that is not counted yet.
            OutputStream out = new LeftOpen(resp.getOutputStream());
            OutputStream body = gzip ? new GZIPOutputStream(out, 64 * 1024) : out;
            ScrapeWriter.write(files.entrySet(), minInterval, body);
            body.close();
        }
    }

    /** Whether an {@code Accept-Encoding} value accepts gzip (and does not give it q=0). */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String part : acceptEncoding.split(",")) {
            String[] p = part.trim().split(";");
            if (p[0].trim().equalsIgnoreCase("gzip")) {
                for (int i = 1; i < p.length; i++) {
                    String param = p[i].trim().replace(" ", "");
                    if (param.equals("q=0") || param.matches("q=0\\.0*")) {
                        return false;
                    }
                }
                return true;
            }
        }
        return false;
    }

    /** Passes writes through and ignores {@code close()}, so closing a gzip stream ends only the gzip data. */
    private static final class LeftOpen extends FilterOutputStream {
        LeftOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() {
        }
    }
}
