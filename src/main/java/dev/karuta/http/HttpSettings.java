package dev.karuta.http;

import java.time.Duration;

/**
 * Settings of the HTTP frontend.
 *
 * @param maxQueryLength       longest accepted query string in bytes; longer is a failure
 * @param maxScrapeHashes      most info_hashes in one scrape
 * @param fullScrape           whether a scrape without info_hash lists every torrent
 * @param fullScrapeInterval   least time between two full scrapes from one address
 * @param trustedProxies       proxies whose {@code Forwarded}/{@code X-Forwarded-For} is believed
 * @param trustClientSupplied  whether {@code ip=} and a same-family {@code ipv4=}/{@code ipv6=} may
 *                             replace the connection's address (lets anyone point a swarm elsewhere)
 * @param otherFamily          whether {@code ipv4=} over IPv6 and {@code ipv6=} over IPv4 may add the
 *                             peer's address of the other family (BEP 7 dual stack)
 */
public record HttpSettings(int maxQueryLength, int maxScrapeHashes, boolean fullScrape,
                           Duration fullScrapeInterval, TrustedProxies trustedProxies,
                           boolean trustClientSupplied, boolean otherFamily) {
    /** Settings with the other family allowed (the default). */
    public HttpSettings(int maxQueryLength, int maxScrapeHashes, boolean fullScrape, Duration fullScrapeInterval,
                        TrustedProxies trustedProxies, boolean trustClientSupplied) {
        this(maxQueryLength, maxScrapeHashes, fullScrape, fullScrapeInterval, trustedProxies, trustClientSupplied,
                true);
    }
}
