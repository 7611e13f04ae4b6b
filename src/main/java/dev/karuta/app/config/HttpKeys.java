package dev.karuta.app.config;

import static dev.karuta.app.config.ValueParser.addresses;
import static dev.karuta.app.config.ValueParser.bool;
import static dev.karuta.app.config.ValueParser.integer;

import dev.karuta.http.ProxyHeader;
import dev.karuta.http.TrustedProxies;
import java.util.List;

/** The keys of the HTTP frontend: request limits, scrape, proxies and client-supplied addresses. */
public final class HttpKeys {
    public static final Key<Integer> MAX_QUERY_LENGTH = Key.of("karuta.http.maxQueryLength", "6144",
            integer(256, 1 << 20), "longest query string accepted (bytes)");
    public static final Key<Integer> SCRAPE_MAX_HASHES = Key.of("karuta.scrape.maxHashes", "74", integer(1, 10_000),
            "most `info_hash` values in one scrape");
    public static final Key<Boolean> SCRAPE_FULL = Key.of("karuta.scrape.full", "false", bool(),
            "whether `/scrape` without `info_hash` lists every torrent");
    public static final Key<Integer> SCRAPE_FULL_INTERVAL = Key.of("karuta.scrape.fullInterval", "300",
            integer(0, 86_400), "seconds between two full scrapes from one address (an IPv6 /64 counts as one)");
    public static final Key<Integer> SCRAPE_FULL_CONCURRENT = Key.of("karuta.scrape.fullConcurrent", "2",
            integer(1, 64), "most full scrapes answered at the same time; one more is refused at once with `retry in`");
    public static final Key<TrustedProxies> PROXY_TRUSTED = Key.of("karuta.proxy.trusted", "", addresses(),
            "comma-separated addresses/CIDRs of reverse proxies to believe");
    public static final Key<ProxyHeader> PROXY_HEADER = Key.of("karuta.proxy.header", "X-Forwarded-For",
            ProxyHeader::named, "the one header read from a trusted proxy: `X-Forwarded-For`, `Forwarded` or"
                    + " `X-Real-IP` (the proxy must set or clear it; the others are ignored); the scheme behind a"
                    + " TLS proxy comes from `proto=` with `Forwarded`, else from `X-Forwarded-Proto`");
    public static final Key<Boolean> TRUST_CLIENT_IP = Key.of("karuta.ip.trustClientSupplied", "false", bool(),
            "let `ip=` and a same-family `ipv4=`/`ipv6=` replace the connection address (lets anyone point a"
                    + " swarm elsewhere: only for closed networks)");
    public static final Key<Boolean> OTHER_FAMILY = Key.of("karuta.ip.otherFamily", "true", bool(),
            "let `ipv4=` over IPv6 and `ipv6=` over IPv4 add the peer's other-family address (BEP 7 dual stack;"
                    + " false closes pointing peers at a public address of the other family)");

    static final List<Key<?>> ALL = List.of(MAX_QUERY_LENGTH, SCRAPE_MAX_HASHES, SCRAPE_FULL, SCRAPE_FULL_INTERVAL,
            SCRAPE_FULL_CONCURRENT, PROXY_TRUSTED, PROXY_HEADER, TRUST_CLIENT_IP, OTHER_FAMILY);

    private HttpKeys() {
    }
}
