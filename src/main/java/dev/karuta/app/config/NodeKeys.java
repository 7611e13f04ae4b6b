package dev.karuta.app.config;

import static dev.karuta.app.config.ValueParser.integer;
import static dev.karuta.app.config.ValueParser.oneOf;
import static dev.karuta.app.config.ValueParser.text;

import java.util.List;

/** The keys of several nodes: where the swarms live and the Redis the nodes share. */
public final class NodeKeys {
    public static final Key<String> REGISTRY = Key.of("karuta.registry", "memory", oneOf("memory", "redis"),
            "where the swarms live: `memory` (this node alone) or `redis` (shared by every node on"
                    + " `karuta.redis.uri`)");
    public static final Key<String> REDIS_URI = Key.of("karuta.redis.uri", "", text(),
            "the Redis several nodes share: `redis://host:6379[/db]`, `rediss://` (TLS),"
                    + " `redis-sentinel://h1:26379,h2:26379/0#master`, `redis-cluster://h1:7000,h2:7000`; set, it"
                    + " also carries access-list and private-mode changes between the nodes. A password in it"
                    + " (`redis://:password@host`) is never logged")
            .unechoed()
            .shownAs(NodeKeys::withoutPassword);
    public static final Key<Integer> REDIS_TIMEOUT = Key.of("karuta.redis.timeout", "500", integer(50, 60_000),
            "milliseconds a Redis command may take before the announce answers a failure with `retry in`"
                    + " (50..60000)");
    public static final Key<String> REDIS_PREFIX = Key.of("karuta.redis.prefix", "karuta:", NodeKeys::prefix,
            "what this tracker's Redis keys and change channel start with, so several trackers can share a Redis;"
                    + " the same on every node of one tracker");

    static final List<Key<?>> ALL = List.of(REGISTRY, REDIS_URI, REDIS_TIMEOUT, REDIS_PREFIX);

    private NodeKeys() {
    }

    /** {@code uri} with the user info (which holds any password) of each host replaced by {@code ***}. */
    public static String withoutPassword(String uri) {
        return uri.replaceAll("^([a-z-]+://)?[^@/]*@", "$1***@");
    }

    private static String prefix(String raw) {
        if (!raw.matches("[A-Za-z0-9_.:-]{1,64}")) {
            throw new IllegalArgumentException("must be 1 to 64 letters, digits or _ . : -");
        }
        return raw;
    }
}
