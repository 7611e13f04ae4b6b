package dev.karuta.core;

import java.util.SortedMap;

/**
 * The answer to a scrape.
 *
 * @param files              counts per torrent, in raw-byte order of the info_hash
 * @param minRequestInterval BEP 48 {@code flags.min_request_interval} in seconds
 */
public record ScrapeResponse(SortedMap<InfoHash, SwarmStats> files, int minRequestInterval) {
}
