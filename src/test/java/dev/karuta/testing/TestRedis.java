package dev.karuta.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assumptions;

/**
 * The Redis the multi-node tests share: {@code -Dkaruta.test.redis.uri} (default
 * {@code redis://127.0.0.1:6379}). Unreachable, a test skips saying so, unless
 * {@code -Dkaruta.it.required=true} (CI), which makes it a failure. Each test takes a prefix of its own,
 * so that runs sharing the Redis never see each other's keys or messages.
 */
public final class TestRedis {
    private TestRedis() {
    }

    /** The Redis URI, after checking that it answers PING; skips (or fails, when required) if not. */
    public static String uri() {
        String uri = System.getProperty("karuta.test.redis.uri", "redis://127.0.0.1:6379");
        String why = ping(URI.create(uri));
        if (why != null) {
            String message = "Redis at " + uri + " is not reachable: " + why + " (set -Dkaruta.test.redis.uri=...)";
            if (Boolean.getBoolean("karuta.it.required")) {
                throw new AssertionError("required for this test: " + message);
            }
            Assumptions.abort("skipped: " + message);
        }
        return uri;
    }

    /** A key prefix no other test run uses. */
    public static String uniquePrefix() {
        return "karuta-t:" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE) + ":";
    }

    /** Deletes the keys under {@code prefix} (a standalone Redis), what a test leaves behind. */
    public static void deleteKeys(String uri, String prefix) {
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(uri);
        try (var c = client.connect()) {
            var keys = c.sync().keys(prefix + "*");
            if (!keys.isEmpty()) {
                c.sync().del(keys.toArray(String[]::new));
            }
        } finally {
            client.shutdown();
        }
    }

    private static String ping(URI uri) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort()), 2000);
            s.setSoTimeout(2000);
            OutputStream out = s.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] answer = new byte[7];
            InputStream in = s.getInputStream();
            int n = in.readNBytes(answer, 0, 5);
            String got = new String(answer, 0, n, StandardCharsets.US_ASCII);
            return got.startsWith("+PONG") ? null : "answered " + got.trim();
        } catch (IOException e) {
            return e.toString();
        }
    }
}
