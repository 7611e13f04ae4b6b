package dev.karuta.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.core.InfoHash;
import dev.karuta.core.SwarmStats;
import dev.karuta.testing.ChildProcess;
import dev.karuta.testing.ExternalTools;
import dev.karuta.testing.HealthProbe;
import dev.karuta.testing.KarutaServer;
import dev.karuta.testing.TrackerClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real BitTorrent clients from Debian (libtorrent, aria2, Transmission) move a random file through a
 * swarm they find only through Karuta, over HTTP and over UDP (on the epoll and the JDK transport); each
 * leecher's copy must hash like the original.
 */
class RealClientTransferIT {
    private static final Duration SWARM_DEADLINE = Duration.ofSeconds(60);

    @TempDir
    Path tmp;
    private KarutaServer server;
    private ClientRig rig;

    @BeforeEach
    void start() throws Exception {
        // Short intervals so that clients re-announce (and learn of each other) within the test.
        server = KarutaServer.start(Map.of("karuta.announce.interval", "5", "karuta.announce.intervalJitter", "0",
                "karuta.announce.minInterval", "1"), null);
        rig = new ClientRig(tmp);
    }

    @AfterEach
    void stop() {
        if (rig != null) {
            rig.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /**
     * Polls the tracker's registry until {@code condition} holds; fails with the client logs at the deadline or
     * when a client other than {@code mayExit} has exited.
     */
    private SwarmStats awaitSwarm(InfoHash hash, Predicate<SwarmStats> condition, String what, ChildProcess mayExit)
            throws Exception {
        long deadline = System.nanoTime() + SWARM_DEADLINE.toNanos();
        SwarmStats stats = server.components().registry().stats(hash);
        while (!condition.test(stats)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " within " + SWARM_DEADLINE + "; swarm: " + stats + rig.logs());
            }
            rig.failIfAClientDied(mayExit);
            // The tracker state is the signal; nothing notifies the test of an announce.
            Thread.sleep(100);
            stats = server.components().registry().stats(hash);
        }
        return stats;
    }

    /** Starts the seeder and waits until the tracker has it, so that the leecher's first announce finds it. */
    private InfoHash seed(Path torrent, String name, List<String> command) throws Exception {
        InfoHash hash = ClientRig.infoHashOf(torrent);
        rig.client(name, command);
        awaitSwarm(hash, s -> s.seeders() >= 1, name + " announced as a seeder", null);
        rig.progress(name + " is in the swarm");
        return hash;
    }

    /**
     * Waits until the leecher's copy hashes like the original, then checks through the tracker's registry
     * and over HTTP scrape that the swarm saw both peers: the seeder, and the leecher's completed download.
     */
    private void awaitTransfer(InfoHash hash, ChildProcess leecher) throws Exception {
        rig.awaitCopy(leecher);
        SwarmStats stats = awaitSwarm(hash, s -> s.snatches() >= 1, "the leecher announced its completed download",
                leecher);
        assertTrue(stats.seeders() >= 1, "the seeder is in the swarm: " + stats + rig.logs());
        assertEquals(1, stats.snatches(), "one completed download: " + stats + rig.logs());

        Map<String, Object> scrape = new TrackerClient("http://127.0.0.1:" + server.port())
                .get(TrackerClient.scrape(hash.bytes()));
        Map<?, ?> files = (Map<?, ?>) scrape.get("files");
        Map<?, ?> entry = (Map<?, ?>) files.get(new String(hash.bytes(), StandardCharsets.ISO_8859_1));
        assertTrue(entry != null, "scrape lists the torrent: " + scrape);
        assertTrue((Long) entry.get("complete") >= 1, "scrape counts a seeder: " + entry);
        assertEquals(1L, entry.get("downloaded"), "scrape counts the snatch: " + entry);
        rig.progress("the tracker counted the snatch: " + stats);
    }

    private Path torrent(String announceUrl) throws Exception {
        return rig.makeTorrent(announceUrl, false);
    }

    @Test
    void libtorrentSeedsAndAria2DownloadsOverHttp() throws Exception {
        ExternalTools.requirePrograms("aria2c");
        ExternalTools.requireLibtorrent();
        Path torrent = torrent("http://127.0.0.1:" + server.port() + "/announce");
        InfoHash hash = seed(torrent, "libtorrent-seed", rig.libtorrent("seed", torrent, rig.seedDir));
        ChildProcess leecher = rig.client("aria2-leech", ClientRig.aria2(torrent, rig.leechDir, false));
        awaitTransfer(hash, leecher);
    }

    @Test
    void aria2SeedsAndLibtorrentDownloadsOverHttp() throws Exception {
        ExternalTools.requirePrograms("aria2c");
        ExternalTools.requireLibtorrent();
        Path torrent = torrent("http://127.0.0.1:" + server.port() + "/announce");
        InfoHash hash = seed(torrent, "aria2-seed", ClientRig.aria2(torrent, rig.seedDir, true));
        ChildProcess leecher = rig.client("libtorrent-leech", rig.libtorrent("download", torrent, rig.leechDir));
        awaitTransfer(hash, leecher);
    }

    @Test
    void transmissionSeedsAndAria2DownloadsOverHttp() throws Exception {
        // Transmission 3.00 refuses loopback peers from a tracker as a leecher, so here it only seeds.
        ExternalTools.requirePrograms("transmission-cli", "aria2c");
        ExternalTools.requireLibtorrent(); // creates the .torrent
        Path torrent = torrent("http://127.0.0.1:" + server.port() + "/announce");
        InfoHash hash = seed(torrent, "transmission-seed", rig.transmission(torrent, rig.seedDir));
        ChildProcess leecher = rig.client("aria2-leech", ClientRig.aria2(torrent, rig.leechDir, false));
        awaitTransfer(hash, leecher);
    }

    /**
     * Over UDP, on each transport: {@code auto}, which is Netty's native epoll ({@code recvmmsg}/{@code sendmmsg}
     * batches) on the Linux x86_64 machines the tests run on, and the JDK's sockets.
     */
    @ParameterizedTest(name = "karuta.udp.transport={0}")
    @ValueSource(strings = {"auto", "jdk"})
    void libtorrentClientsFindEachOtherOverUdp(String transport) throws Exception {
        ExternalTools.requireLibtorrent();
        server.close();
        server = KarutaServer.start(Map.of("karuta.announce.interval", "5", "karuta.announce.intervalJitter", "0",
                "karuta.announce.minInterval", "1", "karuta.udp.transport", transport), null);
        String expected = transport.equals("auto") ? "epoll" : transport;
        assertEquals(expected, server.components().udp().transport(), "the UDP transport that runs");
        assertEquals(expected, HealthProbe.of(server).ready().part("udp").get("transport"), "health names it");
        Path torrent = torrent("udp://127.0.0.1:" + server.components().udp().port() + "/announce");
        InfoHash hash = seed(torrent, "libtorrent-seed", rig.libtorrent("seed", torrent, rig.seedDir));
        ChildProcess leecher = rig.client("libtorrent-leech", rig.libtorrent("download", torrent, rig.leechDir));
        awaitTransfer(hash, leecher);
    }
}
