package dev.karuta.core;

import java.util.List;

/**
 * A scrape of some torrents (BEP 48).
 *
 * @param infoHashes the torrents, at least one; duplicates allowed (answered once)
 */
public record ScrapeRequest(List<InfoHash> infoHashes) {
    public ScrapeRequest {
        infoHashes = List.copyOf(infoHashes);
        if (infoHashes.isEmpty()) {
            throw new IllegalArgumentException("scrape needs at least one info_hash");
        }
    }
}
