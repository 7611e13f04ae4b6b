package dev.karuta.core;

import java.util.List;
import java.util.Objects;

/**
 * A scrape of some torrents (BEP 48).
 *
 * @param infoHashes the torrents, at least one; duplicates allowed (answered once)
 * @param urlData    the path of the tracker URL the client used (for passkeys), empty when none
 */
public record ScrapeRequest(List<InfoHash> infoHashes, String urlData) {
    public ScrapeRequest {
        infoHashes = List.copyOf(infoHashes);
        Objects.requireNonNull(urlData, "urlData");
        if (infoHashes.isEmpty()) {
            throw new IllegalArgumentException("scrape needs at least one info_hash");
        }
    }

    /** A scrape without URL data. */
    public ScrapeRequest(List<InfoHash> infoHashes) {
        this(infoHashes, "");
    }
}
