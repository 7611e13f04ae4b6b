package dev.karuta.swarm.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The Redis the tests use: {@code -Dkaruta.test.redis.uri} (default {@code redis://127.0.0.1:6379}).
 * An unreachable one skips its tests, saying so, unless {@code -Dkaruta.it.required=true} (CI), which
 * fails them instead.
 */
final class TestRedis {
    static final String URI = System.getProperty("karuta.test.redis.uri", "redis://127.0.0.1:6379");
    private static volatile String unreachable;

    private TestRedis() {
    }

    /** Skips (or, when required, fails) the calling test when the Redis is not reachable. */
    static void requireReachable() {
        String why = unreachable;
        if (why == null) {
            why = probe();
            unreachable = why;
        }
        if (!why.isEmpty()) {
            String message = "Redis at " + URI + " is not reachable: " + why
                    + " (set -Dkaruta.test.redis.uri=...; .ci/run passes the machine's own)";
            if (Boolean.getBoolean("karuta.it.required")) {
                throw new AssertionError("required for this test: " + message);
            }
            Assumptions.abort("skipped: " + message);
        }
    }

    private static String probe() {
        RedisURI uri = RedisURI.create(URI);
        uri.setTimeout(Duration.ofSeconds(2));
        RedisClient client = RedisClient.create(uri);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            return "PONG".equals(c.sync().ping()) ? "" : "no PONG";
        } catch (RuntimeException e) {
            return String.valueOf(e.getMessage());
        } finally {
            client.shutdown();
        }
    }

    /** A key prefix no other test uses. */
    static String uniquePrefix() {
        return "karuta-test:" + UUID.randomUUID() + ":";
    }

    /** Deletes every key under {@code prefixes} in the Redis at {@code uri} (standalone). */
    static void deleteKeys(String uri, List<String> prefixes) {
        RedisClient client = RedisClient.create(uri);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            for (String prefix : prefixes) {
                List<String> keys = c.sync().keys(prefix + "*");
                if (!keys.isEmpty()) {
                    c.sync().del(keys.toArray(String[]::new));
                }
            }
        } finally {
            client.shutdown();
        }
    }
}
