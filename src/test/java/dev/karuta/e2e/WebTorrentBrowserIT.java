package dev.karuta.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.core.InfoHash;
import dev.karuta.core.SwarmStats;
import dev.karuta.testing.KarutaServer;
import dev.karuta.testing.WebTorrentPeers;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real browsers share a file through Karuta's WebSocket tracker: two headless Chromiums (each its
 * own ChromeDriver session) load npm webtorrent's browser bundle; one seeds a random file the test
 * made, with {@code ws://127.0.0.1:PORT/announce} as its only tracker (no DHT, no peer exchange), the
 * other downloads it from the magnet URI over WebRTC, and the SHA-256 of what it received must be the
 * test's. Needs Debian's chromium and chromium-driver and the bundle ({@code npm ci} in
 * {@code src/test/webtorrent}; {@code .ci/run} does it); skips saying what is missing, unless
 * {@code -Dkaruta.it.required=true}.
 */
class WebTorrentBrowserIT {
    @TempDir
    Path tmp;
    private KarutaServer server;
    private WebTorrentPeers peers;

    @BeforeEach
    void start() throws Exception {
        WebTorrentPeers.require();
        server = KarutaServer.start(Map.of(), null);
        peers = WebTorrentPeers.serve(WebTorrentTransfer.randomFile());
    }

    @AfterEach
    void stop() throws Exception {
        if (peers != null) {
            peers.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aBrowserDownloadsWhatAnotherSeedsThroughKaruta() throws Exception {
        String tracker = "ws://127.0.0.1:" + server.port() + "/announce";
        WebTorrentTransfer transfer = WebTorrentTransfer.run(peers, tmp, tracker, tracker);

        // Both ended in Karuta's WebRTC swarm as seeders: the leecher announced its completion there.
        InfoHash hash = InfoHash.fromHex(transfer.infoHash());
        SwarmStats stats = WebTorrentTransfer.await(() -> server.components().ws().swarms().stats(hash),
                s -> s.seeders() == 2, "both browsers seeding in Karuta's swarm", peers);
        assertEquals(0, stats.downloaders(), stats.toString());
        assertTrue(transfer.magnet().contains("tr=ws%3A%2F%2F127.0.0.1%3A" + server.port() + "%2Fannounce"),
                transfer.magnet());
    }
}
