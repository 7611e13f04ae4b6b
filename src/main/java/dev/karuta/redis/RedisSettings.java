package dev.karuta.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where the shared swarm state lives and how long a command may take.
 * <p>
 * {@code uri} is one of:
 * <ul>
 * <li>{@code redis://host:port[/db]} or {@code rediss://host:port} (TLS): one standalone server;</li>
 * <li>{@code redis-sentinel://host:port[,host:port...]/db#masterName}: a master found through Sentinel;</li>
 * <li>{@code redis-cluster://host:port[,host:port...]} (or {@code rediss-cluster://} for TLS): a Redis
 *     Cluster, reached through any of the listed seed nodes; a plain comma list of {@code host:port}
 *     means the same.</li>
 * </ul>
 * Credentials, when needed, go in the URI ({@code redis://user:password@host:port}) and are never
 * printed by {@link #toString()}.
 *
 * @param uri            the Redis URI, as above
 * @param commandTimeout the longest one command may take before an announce fails with {@code retry in}
 * @param keyPrefix      what every key of this tracker starts with (several trackers may share a Redis)
 */
public record RedisSettings(String uri, Duration commandTimeout, String keyPrefix) {
    /** The default command timeout: an announce fails instead of waiting longer. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(500);
    /** The default key prefix. */
    public static final String DEFAULT_PREFIX = "karuta:";

    public RedisSettings {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        if (commandTimeout == null || commandTimeout.isNegative() || commandTimeout.isZero()) {
            throw new IllegalArgumentException("Redis command timeout must be positive");
        }
        if (keyPrefix.contains("{") || keyPrefix.contains("}")) {
            throw new IllegalArgumentException("Redis key prefix must not contain braces (they make hash tags)");
        }
        cluster(uri); // validates the form
    }

    /** {@code uri} with the default timeout and prefix. */
    public static RedisSettings of(String uri) {
        return new RedisSettings(uri, DEFAULT_TIMEOUT, DEFAULT_PREFIX);
    }

    /** Whether the URI names a Redis Cluster. */
    public boolean isCluster() {
        return cluster(uri) != null;
    }

    /** The cluster's seed node URIs ({@code redis://host:port} each), or null for a standalone or Sentinel URI. */
    public List<String> clusterSeeds() {
        return cluster(uri);
    }

    private static List<String> cluster(String uri) {
        String scheme;
        String rest;
        if (uri.startsWith("redis-cluster://")) {
            scheme = "redis://";
            rest = uri.substring("redis-cluster://".length());
        } else if (uri.startsWith("rediss-cluster://")) {
            scheme = "rediss://";
            rest = uri.substring("rediss-cluster://".length());
        } else if (!uri.contains("://") && uri.contains(",")) {
            scheme = "redis://";
            rest = uri;
        } else if (uri.startsWith("redis://") || uri.startsWith("rediss://") || uri.startsWith("redis-sentinel://")
                || uri.startsWith("rediss-sentinel://") || uri.startsWith("redis-socket://")) {
            return null;
        } else {
            throw new IllegalArgumentException("Redis URI must be redis://, rediss://, redis-sentinel:// or "
                    + "redis-cluster://host:port,host:port");
        }
        String credentials = "";
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            credentials = rest.substring(0, at + 1);
            rest = rest.substring(at + 1);
        }
        List<String> seeds = new ArrayList<>();
        for (String hostPort : rest.split(",")) {
            String h = hostPort.strip();
            if (h.endsWith("/")) {
                h = h.substring(0, h.length() - 1);
            }
            if (h.isEmpty() || !h.contains(":")) {
                throw new IllegalArgumentException("Redis Cluster seeds must be host:port");
            }
            seeds.add(scheme + credentials + h);
        }
        return List.copyOf(seeds);
    }

    @Override
    public String toString() {
        // The URI may carry a password: show only its scheme and hosts.
        String shown = uri.replaceAll("//[^@/]*@", "//***@");
        return "RedisSettings[uri=" + shown + ", commandTimeout=" + commandTimeout + ", keyPrefix=" + keyPrefix + "]";
    }
}
