package dev.karuta.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.core.InfoHash;
import dev.karuta.core.SwarmStats;
import dev.karuta.testing.ChildProcess;
import dev.karuta.testing.ExternalTools;
import dev.karuta.testing.KarutaServer;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real BitTorrent clients from Debian (libtorrent, aria2, Transmission) move a random file through a
 * swarm they find only through Karuta (DHT, local discovery, peer exchange and port mapping off), over
 * HTTP and over UDP; each leecher's copy must hash like the original.
 */
class RealClientTransferIT {
    private static final Duration TRANSFER_DEADLINE = Duration.ofSeconds(120);

    @TempDir
    Path tmp;
    private KarutaServer server;
    private final List<ChildProcess> clients = new ArrayList<>();
    private Path seedDir;
    private Path leechDir;
    private byte[] sha256;

    @BeforeEach
    void start() throws Exception {
        // Short intervals so that clients re-announce (and learn of each other) within the test.
        server = KarutaServer.start(Map.of("karuta.announce.interval", "5", "karuta.announce.intervalJitter", "0",
                "karuta.announce.minInterval", "1"), null);
        seedDir = Files.createDirectories(tmp.resolve("seed"));
        leechDir = Files.createDirectories(tmp.resolve("leech"));
        byte[] data = new byte[3 * 1024 * 1024 + 12345];
        new Random().nextBytes(data);
        Files.write(seedDir.resolve("payload.bin"), data);
        sha256 = MessageDigest.getInstance("SHA-256").digest(data);
    }

    @AfterEach
    void stop() {
        clients.forEach(ChildProcess::close);
        if (server != null) {
            server.close();
        }
    }

    private Path script() throws Exception {
        Path script = tmp.resolve("lt_client.py");
        try (InputStream in = getClass().getResourceAsStream("/e2e/lt_client.py")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        return script;
    }

    private Path makeTorrent(String announceUrl) throws Exception {
        Path torrent = tmp.resolve("payload.torrent");
        try (ChildProcess create = ChildProcess.start("create torrent", List.of(ExternalTools.SYSTEM_PYTHON,
                script().toString(), "create", seedDir.resolve("payload.bin").toString(), torrent.toString(),
                announceUrl), tmp, tmp.resolve("create.log"))) {
            assertEquals(0, create.awaitExit(Duration.ofSeconds(60)), create.log());
        }
        return torrent;
    }

    private ChildProcess client(String name, List<String> command) throws Exception {
        ChildProcess c = ChildProcess.start(name, command, tmp, tmp.resolve(name + ".log"));
        clients.add(c);
        return c;
    }

    private List<String> libtorrent(String mode, Path torrent, Path dir) throws Exception {
        return List.of(ExternalTools.SYSTEM_PYTHON, script().toString(), mode, torrent.toString(), dir.toString(),
                Integer.toString(freePort()), Long.toString(TRANSFER_DEADLINE.toSeconds()));
    }

    private static List<String> aria2(Path torrent, Path dir, boolean seed) throws Exception {
        List<String> c = new ArrayList<>(List.of("aria2c", "--dir=" + dir, "--enable-dht=false", "--enable-dht6=false",
                "--bt-enable-lpd=false", "--enable-peer-exchange=false", "--listen-port=" + freePort(),
                "--console-log-level=notice", "--summary-interval=1", "--file-allocation=none",
                "--bt-tracker-connect-timeout=5", "--bt-tracker-timeout=5"));
        if (seed) {
            // aria2 seeds existing data only after checking it, and needs the loopback interface.
            c.addAll(List.of("--check-integrity=true", "--seed-ratio=0.0", "--interface=127.0.0.1"));
        } else {
            c.add("--seed-time=0");
        }
        c.add(torrent.toString());
        return c;
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private InfoHash infoHashOf(Path torrent) throws Exception {
        Map<String, Object> meta = dev.karuta.bencode.BencodeReader.parseDict(Files.readAllBytes(torrent));
        // The info_hash is the SHA-1 of the raw bencoded info dictionary: locate it in the file bytes.
        byte[] raw = Files.readAllBytes(torrent);
        byte[] key = "4:infod".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int start = indexOf(raw, key) + 6;
        assertTrue(meta.containsKey("info") && start > 6);
        return InfoHash.of(MessageDigest.getInstance("SHA-1").digest(java.util.Arrays.copyOfRange(raw, start, raw.length - 1)));
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Waits until the leecher's copy hashes like the original, then checks what the tracker saw. */
    private void awaitTransfer(Path torrent, ChildProcess leecher) throws Exception {
        Path copy = leechDir.resolve("payload.bin");
        long deadline = System.nanoTime() + TRANSFER_DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(copy) && Files.size(copy) == Files.size(seedDir.resolve("payload.bin"))
                    && MessageDigest.isEqual(sha256, MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(copy)))) {
                break;
            }
            for (ChildProcess c : clients) {
                if (!c.isAlive() && c != leecher) {
                    throw new AssertionError("a client died:\n" + c.log());
                }
            }
            // The clients give no other signal of progress than the file itself.
            Thread.sleep(250);
        }
        byte[] got = Files.exists(copy) ? MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(copy)) : new byte[0];
        StringBuilder logs = new StringBuilder();
        clients.forEach(c -> logs.append("\n--- client log ---\n").append(c.log()));
        assertArrayEquals(sha256, got, "the downloaded file differs or is missing" + logs);
        // Both peers announced through Karuta: the leecher as it came, the seeder throughout.
        long snatchDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        SwarmStats stats = server.components().registry().stats(infoHashOf(torrent));
        while (stats.snatches() < 1 && System.nanoTime() < snatchDeadline) {
            Thread.sleep(250);
            stats = server.components().registry().stats(infoHashOf(torrent));
        }
        assertTrue(stats.seeders() >= 1, "the seeder is in the swarm: " + stats + logs);
        assertEquals(1, stats.snatches(), "the leecher reported its completed download: " + stats + logs);
    }

    @Test
    void libtorrentSeedsAndAria2DownloadsOverHttp() throws Exception {
        ExternalTools.requirePrograms("aria2c");
        ExternalTools.requireLibtorrent();
        Path torrent = makeTorrent("http://127.0.0.1:" + server.port() + "/announce");
        client("libtorrent-seed", libtorrent("seed", torrent, seedDir));
        ChildProcess leecher = client("aria2-leech", aria2(torrent, leechDir, false));
        awaitTransfer(torrent, leecher);
    }

    @Test
    void aria2SeedsAndLibtorrentDownloadsOverHttp() throws Exception {
        ExternalTools.requirePrograms("aria2c");
        ExternalTools.requireLibtorrent();
        Path torrent = makeTorrent("http://127.0.0.1:" + server.port() + "/announce");
        client("aria2-seed", aria2(torrent, seedDir, true));
        ChildProcess leecher = client("libtorrent-leech", libtorrent("download", torrent, leechDir));
        awaitTransfer(torrent, leecher);
    }

    @Test
    void transmissionSeedsAndLibtorrentDownloadsOverHttp() throws Exception {
        // Transmission 3.00 refuses loopback peers from a tracker as a leecher, so here it only seeds.
        ExternalTools.requirePrograms("transmission-cli");
        ExternalTools.requireLibtorrent();
        Path torrent = makeTorrent("http://127.0.0.1:" + server.port() + "/announce");
        Path config = Files.createDirectories(tmp.resolve("transmission"));
        Files.writeString(config.resolve("settings.json"), """
                {"dht-enabled": false, "lpd-enabled": false, "pex-enabled": false, "port-forwarding-enabled": false,
                 "ratio-limit-enabled": false, "idle-seeding-limit-enabled": false, "blocklist-enabled": false,
                 "bind-address-ipv4": "127.0.0.1", "rpc-enabled": false}
                """);
        client("transmission-seed", List.of("transmission-cli", "-g", config.toString(), "-w", seedDir.toString(),
                "-p", Integer.toString(freePort()), "-M", torrent.toString()));
        ChildProcess leecher = client("libtorrent-leech", libtorrent("download", torrent, leechDir));
        awaitTransfer(torrent, leecher);
    }

    @Test
    void libtorrentClientsFindEachOtherOverUdp() throws Exception {
        ExternalTools.requireLibtorrent();
        Path torrent = makeTorrent("udp://127.0.0.1:" + server.components().udp().port() + "/announce");
        client("libtorrent-seed", libtorrent("seed", torrent, seedDir));
        ChildProcess leecher = client("libtorrent-leech", libtorrent("download", torrent, leechDir));
        awaitTransfer(torrent, leecher);
    }
}
