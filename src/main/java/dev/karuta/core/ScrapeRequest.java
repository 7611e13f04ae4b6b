package dev.karuta.core;

import java.util.List;
import java.util.Objects;

/**
 * A scrape of some torrents (BEP 48).
 *
 * @param infoHashes the torrents, at least one; duplicates allowed (answered once)
 * @param urlData    the path of the tracker URL the client used (for passkeys), empty when none
 * @param source     the address the request came from (after trusted proxies), null when unknown
 */
public record ScrapeRequest(List<InfoHash> infoHashes, String urlData, PeerAddress source) {
    public ScrapeRequest {
        infoHashes = List.copyOf(infoHashes);
        Objects.requireNonNull(urlData, "urlData");
        if (infoHashes.isEmpty()) {
            throw new IllegalArgumentException("scrape needs at least one info_hash");
        }
    }

    /** A scrape from an unknown address. */
    public ScrapeRequest(List<InfoHash> infoHashes, String urlData) {
        this(infoHashes, urlData, null);
    }

    /** A scrape without URL data from an unknown address. */
    public ScrapeRequest(List<InfoHash> infoHashes) {
        this(infoHashes, "", null);
    }
}
