package dev.karuta.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

/**
 * How this node shares state with others: whether its swarms live in Redis, and the Redis through
 * which nodes tell each other about access-list and private-mode changes.
 *
 * @param redisRegistry whether the swarm registry is the Redis one ({@code karuta.registry=redis})
 * @param redisUri      the Redis URI ({@code karuta.redis.uri}); empty: no Redis, this node alone.
 *                      May carry a password: never log it, log {@link #shownUri()}
 * @param timeout       the most a Redis command may take before it fails ({@code karuta.redis.timeout})
 * @param prefix        what every Redis key and channel of this tracker starts with ({@code karuta.redis.prefix}),
 *                      so that several trackers (or test runs) can share one Redis
 */
public record NodeSettings(boolean redisRegistry, String redisUri, Duration timeout, String prefix) {
    /** Whether this node agrees with others over Redis (the URI is set). */
    public boolean shared() {
        return !redisUri.isEmpty();
    }

    /** The URI with any password replaced by {@code ***}: safe to log. */
    public String shownUri() {
        return withoutPassword(redisUri);
    }

    @Override
    public String toString() {
        return "NodeSettings[redisRegistry=" + redisRegistry + ", redisUri=" + shownUri() + ", timeout=" + timeout + ", prefix=" + prefix + "]";
    }

    /**
     * Whether {@code uri} has one of the forms Lettuce takes: {@code redis://[user:password@]host[:port][/db]},
     * {@code rediss://...} (TLS), {@code redis-sentinel://host:port[,host:port]/db#master}, or a Redis
     * Cluster as several comma-separated {@code host:port} in one {@code redis://} URI.
     */
    static boolean validUri(String uri) {
        String scheme;
        int colon = uri.indexOf("://");
        if (colon <= 0) {
            return false;
        }
        scheme = uri.substring(0, colon);
        if (!scheme.equals("redis") && !scheme.equals("rediss") && !scheme.equals("redis-sentinel")) {
            return false;
        }
        String rest = uri.substring(colon + 3);
        int at = rest.lastIndexOf('@');
        String hosts = rest.substring(at + 1).split("[/?#]", 2)[0];
        if (hosts.isEmpty()) {
            return false;
        }
        for (String host : hosts.split(",")) {
            try {
                URI one = new URI("redis://" + host);
                if (one.getHost() == null) {
                    return false;
                }
            } catch (URISyntaxException e) {
                return false;
            }
        }
        return true;
    }

    /** {@code uri} with the password part of its user info replaced by {@code ***}. */
    static String withoutPassword(String uri) {
        int scheme = uri.indexOf("://");
        if (scheme < 0) {
            return uri;
        }
        int start = scheme + 3;
        int at = uri.lastIndexOf('@');
        int end = uri.indexOf('/', start);
        if (at < start || (end >= 0 && at > end)) {
            return uri;
        }
        return uri.substring(0, start) + "***@" + uri.substring(at + 1);
    }
}
