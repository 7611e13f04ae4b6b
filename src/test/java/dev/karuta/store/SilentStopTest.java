package dev.karuta.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.testing.KarutaServer;
import dev.karuta.testing.TcpProxy;
import dev.karuta.testing.TrackerClient;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A public tracker's stop with its PostgreSQL or MariaDB gone silent behind a {@link TcpProxy} (a
 * partition: no byte, no reset): the swarm snapshot and the last snatch counts cannot be written, and
 * the stop still ends within the bound its timeouts ({@code karuta.db.connectTimeout},
 * {@code karuta.db.socketTimeout}) set, with none of the store's threads left.
 */
class SilentStopTest extends StoreTestBase {
    /**
     * Connect 1 s, socket 2 s: each of the two steps (snapshot, snatch counts) fails within 2 s waiting
     * for a connection, 2 s for a reply and 1 s for PostgreSQL's cancel; 6 s and 4 s measured here.
     */
    private static final Duration BOUND = Duration.ofSeconds(15);

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = TestDatabase.class, names = {"POSTGRESQL", "MARIADB"})
    void aStopWithTheDatabaseSilentEndsWithinItsBound(TestDatabase kind) throws Exception {
        StoreSettings s = fresh(kind);
        InetSocketAddress server = TestDatabase.server(s.url());
        TcpProxy proxy = closeLater(new TcpProxy(server.getHostString(), server.getPort()));
        KarutaServer tracker = KarutaServer.start(Map.of("karuta.db.url", TestDatabase.via(s.url(), proxy.port(), ""),
                "karuta.db.user", s.user(), "karuta.db.connectTimeout", "1", "karuta.db.socketTimeout", "2",
                "karuta.db.flushInterval", "3600"), null);
        try {
            TrackerClient http = new TrackerClient("http://127.0.0.1:" + tracker.port());
            byte[] hash = TrackerClient.id("silent-stop-torrent");
            Map<String, Object> seeder = http.get(TrackerClient.announce(hash, TrackerClient.id("-qB4630-seed"),
                    6881, 0, "event=started"));
            assertFalse(seeder.containsKey("failure reason"));
            // A download completes: a snatch count waits for the next flush, the stop's.
            http.get(TrackerClient.announce(hash, TrackerClient.id("-qB4630-leech"), 6882, 100, "event=started"));
            http.get(TrackerClient.announce(hash, TrackerClient.id("-qB4630-leech"), 6882, 0, "event=completed"));
        } finally {
            proxy.silence();
            long start = System.nanoTime();
            tracker.close();
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(took.compareTo(BOUND) < 0, "the stop took " + took);
        }
        assertEquals(Set.of(), DatabaseTest.threadsNamed("karuta-db"), "the pool's threads are gone");
        assertEquals(Set.of(), DatabaseTest.threadsNamed("karuta-store-flusher"));
    }
}
