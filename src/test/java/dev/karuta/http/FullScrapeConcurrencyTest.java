package dev.karuta.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.bencode.BencodeReader;
import dev.karuta.core.AnnounceRequest;
import dev.karuta.core.AnnounceResponse;
import dev.karuta.core.InfoHash;
import dev.karuta.core.PeerAddress;
import dev.karuta.core.ScrapeRequest;
import dev.karuta.core.ScrapeResponse;
import dev.karuta.core.SwarmStats;
import dev.karuta.core.Tracker;
import dev.karuta.metrics.TrackerMetrics;
import dev.karuta.testing.FakeTime;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * The bound on concurrent full scrapes ({@code karuta.scrape.fullConcurrent}) at the scrape route: a
 * tracker double holds full scrapes inside {@code scrapeAll} on a latch, so "at the same time" needs no
 * timing; every slot is given back after an answer and after a failure.
 */
class FullScrapeConcurrencyTest {
    private final CountDownLatch entered = new CountDownLatch(2);
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile boolean holding = true;
    private volatile RuntimeException scrapeAllFails;
    private final AtomicInteger limited = new AtomicInteger();
    private final FullScrapeLimiter limiter = new FullScrapeLimiter(Duration.ofSeconds(300), 2, new FakeTime());
    private final ScrapeServlet servlet = new ScrapeServlet(new HoldingTracker(),
            new HttpSettings(6144, 74, true, Duration.ofSeconds(300), 2, TrustedProxies.none(),
                    ProxyHeader.X_FORWARDED_FOR, false, true),
            new TrackerMetrics() {
                @Override
                public void fullScrapeLimited() {
                    limited.incrementAndGet();
                }
            }, limiter, 900);

    @Test
    void aThirdConcurrentFullScrapeIsRefusedAtOnceAndSlotsComeBackAfterAnswers() throws Exception {
        Response[] held = {new Response(false), new Response(false)};
        Thread a = new Thread(() -> fullScrape("198.51.100.1", held[0]));
        Thread b = new Thread(() -> fullScrape("198.51.100.2", held[1]));
        a.start();
        b.start();
        assertTrue(entered.await(30, TimeUnit.SECONDS), "both full scrapes are running");

        Map<String, Object> third = fullScrape("198.51.100.3", new Response(false));
        assertEquals("too many full scrapes at once", BencodeReader.latin1(third.get("failure reason")));
        assertEquals(1L, third.get("retry in"));
        assertEquals(1, limited.get(), "the refusal is counted");

        release.countDown();
        a.join(30_000);
        b.join(30_000);
        assertTrue(held[0].dict().containsKey("files") && held[1].dict().containsKey("files"));
        assertEquals(0, limiter.running(), "both slots were given back after their answers");
        assertTrue(fullScrape("198.51.100.3", new Response(false)).containsKey("files"),
                "the refused client was not charged its interval");
    }

    @Test
    void slotsComeBackWhenWritingFailsOrTheScrapeThrows() throws Exception {
        holding = false;
        for (int i = 1; i <= 3; i++) {
            HttpServletRequest req = request("198.51.100." + i);
            HttpServletResponse broken = new Response(true).proxy();
            assertThrows(IOException.class, () -> servlet.service(req, broken));
        }
        assertEquals(0, limiter.running(), "a write that failed gave its slot back");

        scrapeAllFails = new IllegalStateException("registry broke");
        for (int i = 1; i <= 3; i++) {
            Map<String, Object> failed = fullScrape("192.0.2." + i, new Response(false));
            assertTrue(failed.containsKey("failure reason"), failed::toString);
        }
        assertEquals(0, limiter.running(), "a scrape that threw gave its slot back");

        scrapeAllFails = null;
        assertTrue(fullScrape("203.0.113.1", new Response(false)).containsKey("files"));
        assertTrue(fullScrape("203.0.113.2", new Response(false)).containsKey("files"));
        assertEquals(0, limited.get());
    }

    private Map<String, Object> fullScrape(String client, Response response) {
        try {
            servlet.service(request(client), response.proxy());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return response.dict();
    }

    private static HttpServletRequest request(String remoteAddr) {
        return (HttpServletRequest) Proxy.newProxyInstance(FullScrapeConcurrencyTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (self, method, args) -> switch (method.getName()) {
                    case "getRemoteAddr" -> remoteAddr;
                    case "getRequestURI" -> "/scrape";
                    case "isAsyncSupported" -> false;
                    default -> null; // no query string, no headers
                });
    }

    /** A response that keeps its body, or whose stream fails every write. */
    private static final class Response {
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private final boolean broken;

        Response(boolean broken) {
            this.broken = broken;
        }

        Map<String, Object> dict() {
            return BencodeReader.parseDict(body.toByteArray());
        }

        HttpServletResponse proxy() {
            ServletOutputStream out = new ServletOutputStream() {
                @Override
                public void write(int b) throws IOException {
                    if (broken) {
                        throw new IOException("client went away");
                    }
                    body.write(b);
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                }
            };
            return (HttpServletResponse) Proxy.newProxyInstance(FullScrapeConcurrencyTest.class.getClassLoader(),
                    new Class<?>[] {HttpServletResponse.class},
                    (self, method, args) -> method.getName().equals("getOutputStream") ? out : null);
        }
    }

    /** Knows one torrent; while {@code holding}, each full scrape waits inside the registry for the latch. */
    private final class HoldingTracker implements Tracker {
        @Override
        public CompletionStage<AnnounceResponse> announce(AnnounceRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ScrapeResponse scrape(ScrapeRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void scrapeAll(PeerAddress source, BiConsumer<InfoHash, SwarmStats> sink) {
            if (scrapeAllFails != null) {
                throw scrapeAllFails;
            }
            if (holding) {
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            sink.accept(InfoHash.of(new byte[20]), new SwarmStats(1, 0, 0, 0));
        }
    }
}
