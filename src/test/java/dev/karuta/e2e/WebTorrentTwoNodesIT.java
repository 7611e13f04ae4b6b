package dev.karuta.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.karuta.core.InfoHash;
import dev.karuta.testing.KarutaServer;
import dev.karuta.testing.TestRedis;
import dev.karuta.testing.WebTorrentPeers;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The browser transfer of {@link WebTorrentBrowserIT} through two Karuta nodes on one Redis
 * ({@code karuta.registry=redis}, a key prefix of this test's own): the seeder's only tracker is node
 * A, the leecher's node B, so the leecher's offer reaches the seeder only if node B routes it to the
 * node holding the seeder's socket, and the answer comes back the same way. Needs what
 * {@link WebTorrentBrowserIT} needs and the Redis of {@link TestRedis}.
 */
class WebTorrentTwoNodesIT {
    @TempDir
    Path tmp;
    private String redisUri;
    private String prefix;
    private KarutaServer nodeA;
    private KarutaServer nodeB;
    private WebTorrentPeers peers;

    @BeforeEach
    void start() throws Exception {
        WebTorrentPeers.require();
        redisUri = TestRedis.uri();
        prefix = TestRedis.uniquePrefix();
        Map<String, String> shared = Map.of("karuta.registry", "redis", "karuta.redis.uri", redisUri,
                "karuta.redis.prefix", prefix, "karuta.redis.timeout", "5000");
        nodeA = KarutaServer.start(shared, null);
        nodeB = KarutaServer.start(shared, null);
        peers = WebTorrentPeers.serve(WebTorrentTransfer.randomFile());
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (peers != null) {
                peers.close();
            }
        } finally {
            if (nodeA != null) {
                nodeA.close();
            }
            if (nodeB != null) {
                nodeB.close();
            }
            if (prefix != null) {
                TestRedis.deleteKeys(redisUri, prefix);
            }
        }
    }

    @Test
    void aBrowserOnOneNodeDownloadsWhatABrowserOnAnotherSeeds() throws Exception {
        String trackerA = "ws://127.0.0.1:" + nodeA.port() + "/announce";
        String trackerB = "ws://127.0.0.1:" + nodeB.port() + "/announce";
        WebTorrentTransfer transfer = WebTorrentTransfer.run(peers, tmp, trackerA, trackerB);
        System.out.println("WebTorrentTwoNodesIT: " + WebTorrentTransfer.FILE_BYTES + " bytes from a browser on node A to"
                + " one on node B in " + transfer.elapsed().toMillis() + " ms");

        // Each node holds the socket of its own browser, and both see the whole swarm: two seeders.
        InfoHash hash = InfoHash.fromHex(transfer.infoHash());
        for (KarutaServer node : new KarutaServer[] {nodeA, nodeB}) {
            var stats = WebTorrentTransfer.await(() -> node.components().ws().swarms().stats(hash),
                    s -> s.seeders() == 2, "both browsers seeding, as node " + node.port() + " sees it", peers);
            assertEquals(0, stats.downloaders(), stats.toString());
        }
    }
}
