package dev.karuta.app;

import static dev.karuta.testing.TrackerClient.announce;
import static dev.karuta.testing.TrackerClient.id;
import static dev.karuta.testing.TrackerClient.scrape;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.karuta.bencode.BencodeReader;
import dev.karuta.testing.FakeTime;
import dev.karuta.testing.KarutaServer;
import dev.karuta.testing.TrackerClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The whole webapp from {@code webapp/} on a real Jetty: a swarm's life told through announces and scrapes. */
class TrackerScenarioTest {
    private static final byte[] HASH = id("scenario-torrent");
    private static final byte[] SEEDER = id("-TR3000-seeder");
    private static final byte[] LEECHER = id("-qB4650-leecher");

    private final FakeTime ticker = new FakeTime();
    private KarutaServer server;
    private TrackerClient client;

    @BeforeEach
    void start() throws Exception {
        server = KarutaServer.start(Map.of("karuta.peer.ttl", "600", "karuta.swarm.idle", "3600",
                "karuta.announce.intervalJitter", "0"), ticker);
        client = new TrackerClient("http://127.0.0.1:" + server.port());
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> files(byte[] hash) throws Exception {
        Map<String, Object> files = (Map<String, Object>) client.get(scrape(hash)).get("files");
        return (Map<String, Object>) files.get(BencodeReader.latin1(hash));
    }

    private static byte[] compactLoopback(int port) {
        return new byte[] {127, 0, 0, 1, (byte) (port >> 8), (byte) port};
    }

    @Test
    void twoPeersFindEachOtherAndCountsFollowEveryEvent() throws Exception {
        Map<String, Object> first = client.get(announce(HASH, SEEDER, 51413, 0, "event=started"));
        assertEquals(1L, first.get("complete"));
        assertEquals(0L, first.get("incomplete"));
        assertArrayEquals(new byte[0], (byte[]) first.get("peers"), "a lone seeder gets nobody, not itself");
        assertEquals(1800L, first.get("interval"));
        assertEquals(900L, first.get("min interval"));
        assertArrayEquals(new byte[] {127, 0, 0, 1}, (byte[]) first.get("external ip"));

        Map<String, Object> second = client.get(announce(HASH, LEECHER, 6881, 1000, "event=started"));
        assertEquals(1L, second.get("complete"));
        assertEquals(1L, second.get("incomplete"));
        assertArrayEquals(compactLoopback(51413), (byte[]) second.get("peers"));

        Map<String, Object> again = client.get(announce(HASH, SEEDER, 51413, 0, ""));
        assertArrayEquals(compactLoopback(6881), (byte[]) again.get("peers"), "the seeder learns of the leecher");

        Map<String, Object> f = files(HASH);
        assertEquals(1L, f.get("complete"));
        assertEquals(1L, f.get("incomplete"));
        assertEquals(1L, f.get("downloaders"));
        assertEquals(0L, f.get("downloaded"));

        client.get(announce(HASH, LEECHER, 6881, 0, "event=completed"));
        client.get(announce(HASH, LEECHER, 6881, 0, "event=completed"));
        f = files(HASH);
        assertEquals(2L, f.get("complete"));
        assertEquals(0L, f.get("incomplete"));
        assertEquals(1L, f.get("downloaded"), "one snatch per peer, however often it says completed");

        Map<String, Object> stopped = client.get(announce(HASH, LEECHER, 6881, 0, "event=stopped"));
        assertArrayEquals(new byte[0], (byte[]) stopped.get("peers"), "stopped gets no peers");
        assertEquals(1L, stopped.get("complete"));
        f = files(HASH);
        assertEquals(1L, f.get("complete"));
        assertEquals(1L, f.get("downloaded"), "snatches outlive the peer");
    }

    @Test
    void peersExpireAfterTheirTtlUnlessTheyAnnounceOnTime() throws Exception {
        client.get(announce(HASH, SEEDER, 51413, 0, "event=started"));
        client.get(announce(HASH, LEECHER, 6881, 500, "event=started"));
        ticker.advance(Duration.ofSeconds(599));
        client.get(announce(HASH, SEEDER, 51413, 0, "")); // on time
        ticker.advance(Duration.ofSeconds(2));            // the leecher is now 601 s silent

        Map<String, Object> f = files(HASH);
        assertEquals(1L, f.get("complete"));
        assertEquals(0L, f.get("incomplete"));
        assertEquals(1L, server.components().registry().totals().peers());

        ticker.advance(Duration.ofSeconds(600));
        assertEquals(1L, server.components().registry().sweep());
        assertEquals(0L, server.components().registry().totals().peers());
        assertEquals(0L, files(HASH).get("complete"));
    }

    @Test
    void pausedPeerIsAPartialSeedNotADownloader() throws Exception {
        client.get(announce(HASH, SEEDER, 51413, 0, "event=started"));
        Map<String, Object> paused = client.get(announce(HASH, LEECHER, 6881, 700, "event=paused"));
        assertArrayEquals(new byte[0], (byte[]) paused.get("peers"), "a partial seed wants no seeders");
        assertEquals(1L, paused.get("incomplete"));
        Map<String, Object> f = files(HASH);
        assertEquals(1L, f.get("incomplete"));
        assertEquals(0L, f.get("downloaders"));
    }

    @Test
    void aDownloaderThatStopsWithNothingLeftCountsItsSnatch() throws Exception {
        client.get(announce(HASH, LEECHER, 6881, 1000, "event=started"));
        client.get(announce(HASH, LEECHER, 6881, 0, "event=stopped"));
        assertEquals(1L, files(HASH).get("downloaded"));
        // A seeder that merely stops has downloaded nothing here.
        client.get(announce(HASH, SEEDER, 51413, 0, "event=started"));
        client.get(announce(HASH, SEEDER, 51413, 0, "event=stopped"));
        assertEquals(1L, files(HASH).get("downloaded"));
    }

    @Test
    void scrapeOfUnknownTorrentIsZerosAndCreatesNothing() throws Exception {
        Map<String, Object> f = files(id("never-announced"));
        assertEquals(0L, f.get("complete"));
        assertEquals(0L, f.get("incomplete"));
        assertEquals(0L, f.get("downloaded"));
        assertEquals(0L, server.components().registry().totals().torrents());
    }
}
