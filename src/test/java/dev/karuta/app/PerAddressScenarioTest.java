package dev.karuta.app;

import static dev.karuta.testing.TrackerClient.announce;
import static dev.karuta.testing.TrackerClient.id;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.karuta.testing.Exposition;
import dev.karuta.testing.FakeTime;
import dev.karuta.testing.KarutaServer;
import dev.karuta.testing.RawHttp;
import dev.karuta.testing.TrackerClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 19: one address cannot fill a swarm. Over the real webapp, 200 peer_ids announced from one
 * address leave the default 64 of them (the most recent), the swarm's counts exact, and
 * {@code karuta_peers_replaced_total} counts the others.
 */
class PerAddressScenarioTest {
    private static final byte[] HASH = id("per-address-torrent");

    private final FakeTime ticker = new FakeTime();
    private KarutaServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aFloodFromOneAddressKeepsTheSwarmAtTheBound() throws Exception {
        server = KarutaServer.start(Map.of("karuta.announce.intervalJitter", "0"), ticker);
        TrackerClient client = new TrackerClient("http://127.0.0.1:" + server.port());
        Map<String, Object> last = null;
        for (int n = 0; n < 200; n++) {
            ticker.advance(Duration.ofMillis(1));
            // Peers 136..199 stay: 32 seeders (even n) and 32 leechers.
            last = client.get(announce(HASH, id(String.format("-FL0000-%012d", n)), 10_000 + n, n % 2 == 0 ? 0 : 100,
                    "event=started&numwant=200&compact=1"));
        }
        assertEquals(List.of(32L, 32L), List.of(last.get("complete"), last.get("incomplete")), last.toString());
        assertEquals(63 * 6, ((byte[]) last.get("peers")).length, "every other peer of the swarm, all from the flood");

        RawHttp.Response r = RawHttp.get(server.port(), "/metrics".getBytes(StandardCharsets.US_ASCII));
        assertEquals(200, r.status());
        Exposition e = Exposition.parse(new String(r.body(), StandardCharsets.UTF_8));
        assertEquals(136, e.value("karuta_peers_replaced_total"));
        assertEquals(32, e.value("karuta_seeders"));
        assertEquals(32, e.value("karuta_leechers"));
        assertEquals(64, e.value("karuta_peers", "family", "ipv4"));
    }
}
