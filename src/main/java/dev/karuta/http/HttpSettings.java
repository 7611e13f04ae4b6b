package dev.karuta.http;

import java.time.Duration;

/**
 * Settings of the HTTP frontend.
 *
 * @param maxQueryLength       longest accepted query string in bytes; longer is a failure
 * @param maxScrapeHashes      most info_hashes in one scrape
 * @param fullScrape           whether a scrape without info_hash lists every torrent
 * @param fullScrapeInterval   least time between two full scrapes from one address
 * @param fullScrapeConcurrent most full scrapes answered at the same time; more are refused at once
 * @param trustedProxies       proxies whose forwarding header is believed
 * @param proxyHeader          the one forwarding header read from a trusted proxy
 * @param trustClientSupplied  whether {@code ip=} and a same-family {@code ipv4=}/{@code ipv6=} may
 *                             replace the connection's address (lets anyone point a swarm elsewhere)
 * @param otherFamily          whether {@code ipv4=} over IPv6 and {@code ipv6=} over IPv4 may add the
 *                             peer's address of the other family (BEP 7 dual stack)
 */
public record HttpSettings(int maxQueryLength, int maxScrapeHashes, boolean fullScrape,
                           Duration fullScrapeInterval, int fullScrapeConcurrent, TrustedProxies trustedProxies,
                           ProxyHeader proxyHeader, boolean trustClientSupplied, boolean otherFamily) {

    /** The resolver of client addresses these settings describe. */
    public ClientAddress clientAddress() {
        return new ClientAddress(trustedProxies, proxyHeader);
    }

    /** The resolver of the client's scheme (behind a TLS-terminating proxy) these settings describe. */
    public ClientScheme clientScheme() {
        return new ClientScheme(trustedProxies, proxyHeader);
    }
}
