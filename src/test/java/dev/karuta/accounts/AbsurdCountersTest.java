package dev.karuta.accounts;

import static dev.karuta.testing.TrackerClient.id;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.app.Components;
import dev.karuta.testing.Exposition;
import dev.karuta.testing.FakeTime;
import dev.karuta.testing.KarutaServer;
import dev.karuta.testing.MemoryAccountsStore;
import dev.karuta.testing.TrackerClient;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A client reporting counters no link can carry ({@code uploaded=9223372036854775807}) over real HTTP:
 * the announce is served, the growth credited nothing and counted, the next honest growth credited;
 * {@code karuta.private.maxRate} sets the bound.
 */
class AbsurdCountersTest {
    private static final String ALICE = PrivateModeTest.ALICE;
    private static final byte[] NORMAL = PrivateModeTest.NORMAL;

    private final FakeTime ticker = new FakeTime();
    private final MemoryAccountsStore store = new MemoryAccountsStore(PrivateModeTest.roster());
    private KarutaServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void anAbsurdGrowthIsServedCreditedNothingAndCountedAndTheNextHonestOneCounts() throws Exception {
        server = KarutaServer.start(Map.of("karuta.mode", "private", "karuta.private.flushInterval", "3600",
                "karuta.private.finalFlushTimeout", "0", "karuta.private.maxRate", "1000000"), ticker,
                Map.of(Components.ACCOUNTS_STORE_ATTRIBUTE, store));
        TrackerClient http = new TrackerClient("http://127.0.0.1:" + server.port());
        byte[] peer = id("-TR4050-absurd");
        http.get(PrivateModeTest.announce(ALICE, NORMAL, peer, 1, 0, 0, 100, "event=started"));
        ticker.advance(Duration.ofSeconds(60));
        Map<String, Object> absurd = http.get(PrivateModeTest.announce(ALICE, NORMAL, peer, 1, Long.MAX_VALUE,
                1000, 100, ""));
        assertFalse(absurd.containsKey("failure reason"), "the announce is served: " + absurd);
        ticker.advance(Duration.ofSeconds(60));
        // 61 MB in 60 s is what 1 MB/s carries in 61 s: counted.
        http.get(PrivateModeTest.announce(ALICE, NORMAL, peer, 1, Long.MAX_VALUE, 1000 + 61_000_000, 100, ""));
        ticker.advance(Duration.ofSeconds(60));
        http.get(PrivateModeTest.announce(ALICE, NORMAL, peer, 1, Long.MAX_VALUE, 1000 + 61_000_000 + 61_000_001, 100,
                ""));
        assertTrue(server.components().accounts().flusher().flush());

        assertArrayEquals(new long[] {0, 1000 + 61_000_000}, store.user(1), "only what a 1 MB/s link carries");
        Exposition metrics = metrics();
        assertEquals(1.0, metrics.value("karuta_accounts_deltas_refused_total", "direction", "uploaded"));
        assertEquals(1.0, metrics.value("karuta_accounts_deltas_refused_total", "direction", "downloaded"));
        assertEquals(0.0, metrics.value("karuta_accounts_rows_refused_total", "kind", "user"));
    }

    private Exposition metrics() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.uri("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        return Exposition.parse(r.body());
    }
}
