package dev.karuta.swarm.redis;

import static dev.karuta.testing.TrackerClient.announce;
import static dev.karuta.testing.TrackerClient.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.bencode.BencodeReader;
import dev.karuta.testing.KarutaServer;
import dev.karuta.testing.UdpTrackerClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Announces to a node whose swarms are in Redis are answered asynchronously: while Redis is busy,
 * the announces waiting for it hold no container thread (HTTP) and no UDP worker, and each is
 * answered when its wait times out (HTTP: a bencoded failure with {@code retry in}, status 200; UDP: an
 * error packet). A real webapp in a container of few threads, and a {@code redis-server} of the
 * test's own kept busy by {@code DEBUG SLEEP}.
 */
class RedisHttpAnnounceTest {
    /** The container's threads: far fewer than the announces that wait. */
    private static final int THREADS = 12;
    private static final int WAITING = 40;
    private static final byte[] HASH = id("async-announce-torrent");

    private Path dir;
    private RedisServerProcess redis;
    private KarutaServer server;
    private final List<UdpTrackerClient> udp = new ArrayList<>();
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() throws Exception {
        RedisServerProcess.requireBinary();
        dir = Files.createTempDirectory("karuta-redis-http");
        redis = new RedisServerProcess(dir, List.of("--enable-debug-command", "yes"));
        server = KarutaServer.startWithThreads(THREADS, Map.of(
                "karuta.registry", "redis",
                "karuta.redis.uri", redis.uri(),
                "karuta.redis.timeout", "1500",
                "karuta.redis.prefix", "http-async:",
                "karuta.udp.secret", "00112233445566778899aabbccddeeff"));
    }

    @AfterEach
    void stop() throws Exception {
        udp.forEach(UdpTrackerClient::close);
        pool.shutdownNow();
        if (server != null) {
            server.close();
        }
        if (redis != null) {
            redis.stop();
        }
        RedisServerProcess.deleteTree(dir);
    }

    private CompletableFuture<HttpResponse<byte[]>> send(String pathAndQuery) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static Map<String, Object> dict(HttpResponse<byte[]> r) {
        assertEquals(200, r.statusCode());
        return BencodeReader.parseDict(r.body());
    }

    private long announcesSeen() {
        return server.components().admin().counter().announces();
    }

    @Test
    void announcesWaitingForRedisHoldNoThreadAndFailAtTheTimeout() throws Exception {
        Map<String, Object> first = dict(send(announce(HASH, id("first"), 7000, 0, "")).get(10, TimeUnit.SECONDS));
        assertFalse(first.containsKey("failure reason"), first.toString());
        try (Socket blocker = new Socket("127.0.0.1", redis.port); Socket ping = new Socket("127.0.0.1", redis.port)) {
            blocker.getOutputStream().write("DEBUG SLEEP 6\r\n".getBytes(StandardCharsets.US_ASCII));
            blocker.getOutputStream().flush();
            // Redis is asleep once a PING gets no answer.
            ping.setSoTimeout(300);
            ping.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            ping.getOutputStream().flush();
            InputStream pong = ping.getInputStream();
            assertThrows(SocketTimeoutException.class, pong::read, "Redis should be asleep");

            List<CompletableFuture<HttpResponse<byte[]>>> waiting = new ArrayList<>();
            for (int i = 0; i < WAITING; i++) {
                waiting.add(send(announce(HASH, id("waiting-" + i), 7100 + i, 10, "")));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            while (announcesSeen() < 1 + WAITING) {
                assertTrue(System.nanoTime() < deadline, "only " + announcesSeen() + " announces reached the tracker");
                Thread.sleep(5);
            }
            // Every announce waits for Redis, more of them than the container has threads; a request
            // that needs no Redis (refused by the parser) is answered meanwhile.
            Map<String, Object> refused = dict(send("/announce?info_hash=short").get(1, TimeUnit.SECONDS));
            assertTrue(refused.containsKey("failure reason"), refused.toString());
            assertTrue(waiting.stream().noneMatch(CompletableFuture::isDone),
                    "the announces were answered before Redis woke or their timeout");

            // The same over UDP: announces waiting for Redis hold no UDP worker (there are two), so a
            // connect is answered before any of them.
            List<CompletableFuture<byte[]>> udpWaiting = new ArrayList<>();
            List<Long> udpDone = new CopyOnWriteArrayList<>();
            for (int i = 0; i < 6; i++) {
                UdpTrackerClient c = new UdpTrackerClient("127.0.0.1", server.components().udp().port());
                udp.add(c);
                c.connect();
                int peer = i;
                udpWaiting.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        byte[] answer = c.announce(HASH, id("udp-waiting-" + peer), 10, 2, 50, 7300 + peer);
                        udpDone.add(System.nanoTime());
                        return answer;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, pool));
            }
            try (UdpTrackerClient probe = new UdpTrackerClient("127.0.0.1", server.components().udp().port())) {
                probe.connect();
            }
            long connected = System.nanoTime();
            for (CompletableFuture<byte[]> f : udpWaiting) {
                ByteBuffer answer = ByteBuffer.wrap(f.get(10, TimeUnit.SECONDS));
                assertEquals(3, answer.getInt(0), "an error packet");
                assertEquals("tracker storage unavailable, retry later",
                        new String(answer.array(), 8, answer.limit() - 8, StandardCharsets.US_ASCII));
            }
            assertTrue(udpDone.stream().allMatch(t -> t > connected), "a UDP announce was answered before the connect");

            for (CompletableFuture<HttpResponse<byte[]>> f : waiting) {
                Map<String, Object> r = dict(f.get(10, TimeUnit.SECONDS));
                assertEquals("tracker storage unavailable, retry later",
                        new String((byte[]) r.get("failure reason"), StandardCharsets.UTF_8));
                assertEquals(1L, r.get("retry in"));
            }
            assertTrue(blocker.getInputStream().read() >= 0, "+OK when the sleep ends");
        }
        Map<String, Object> after = dict(send(announce(HASH, id("after"), 7200, 10, "")).get(10, TimeUnit.SECONDS));
        assertFalse(after.containsKey("failure reason"), after.toString());
        assertEquals(1L, after.get("complete"), "the seeder announced before the sleep is still there");
    }
}
