package dev.karuta.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.bencode.BencodeReader;
import dev.karuta.core.InfoHash;
import dev.karuta.core.SwarmStats;
import dev.karuta.testing.ChildProcess;
import dev.karuta.testing.ExternalTools;
import dev.karuta.testing.KarutaServer;
import dev.karuta.testing.TrackerClient;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
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
    private static final Duration SWARM_DEADLINE = Duration.ofSeconds(60);
    private static final int LOG_TAIL = 6000;

    @TempDir
    Path tmp;
    private KarutaServer server;
    private final Map<String, ChildProcess> clients = new LinkedHashMap<>();
    private Path seedDir;
    private Path leechDir;
    private byte[] sha256;
    private long startNanos;

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
        startNanos = System.nanoTime();
    }

    @AfterEach
    void stop() {
        clients.values().forEach(ChildProcess::close);
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
        clients.put(name, c);
        return c;
    }

    private List<String> libtorrent(String mode, Path torrent, Path dir) throws Exception {
        return List.of(ExternalTools.SYSTEM_PYTHON, script().toString(), mode, torrent.toString(), dir.toString(),
                Integer.toString(freePort()), Long.toString(TRANSFER_DEADLINE.toSeconds()));
    }

    private static List<String> aria2(Path torrent, Path dir, boolean seed) throws Exception {
        List<String> c = new ArrayList<>(List.of("aria2c", "--dir=" + dir, "--enable-dht=false", "--enable-dht6=false",
                "--bt-enable-lpd=false", "--enable-peer-exchange=false", "--listen-port=" + freePort(),
                "--console-log-level=notice", "--summary-interval=5", "--enable-color=false", "--file-allocation=none",
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

    /** The SHA-1 of the bencoded info dictionary; the reader is strict, so re-encoding gives back the file's bytes. */
    private static InfoHash infoHashOf(Path torrent) throws Exception {
        Object info = BencodeReader.parseDict(Files.readAllBytes(torrent)).get("info");
        assertTrue(info instanceof Map, "the torrent has an info dictionary");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        encode(info, out);
        return InfoHash.of(MessageDigest.getInstance("SHA-1").digest(out.toByteArray()));
    }

    private static void encode(Object value, ByteArrayOutputStream out) {
        if (value instanceof Long n) {
            out.writeBytes(("i" + n + "e").getBytes(StandardCharsets.US_ASCII));
        } else if (value instanceof byte[] b) {
            out.writeBytes((b.length + ":").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(b);
        } else if (value instanceof List<?> list) {
            out.write('l');
            list.forEach(v -> encode(v, out));
            out.write('e');
        } else if (value instanceof Map<?, ?> map) {
            out.write('d');
            map.forEach((k, v) -> {
                encode(((String) k).getBytes(StandardCharsets.ISO_8859_1), out);
                encode(v, out);
            });
            out.write('e');
        } else {
            throw new IllegalArgumentException("not bencode: " + value);
        }
    }

    /**
     * The end of every client's log so far: progress lines written with carriage returns split onto lines,
     * runs of the same line (Transmission's status) collapsed.
     */
    private String logs() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, ChildProcess> e : clients.entrySet()) {
            StringBuilder log = new StringBuilder();
            String previous = null;
            int repeats = 0;
            for (String line : e.getValue().log().split("[\r\n]+")) {
                line = line.stripTrailing();
                if (line.equals(previous)) {
                    repeats++;
                    continue;
                }
                if (repeats > 0) {
                    log.append("  (same line ").append(repeats).append(" more times)\n");
                }
                log.append(line).append('\n');
                previous = line;
                repeats = 0;
            }
            if (repeats > 0) {
                log.append("  (same line ").append(repeats).append(" more times)\n");
            }
            String text = log.length() > LOG_TAIL ? "[...]" + log.substring(log.length() - LOG_TAIL) : log.toString();
            sb.append("\n--- ").append(e.getKey()).append(e.getValue().isAlive() ? "" : " (exited)").append(" ---\n")
                    .append(text);
        }
        return sb.toString();
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
                throw new AssertionError(what + " within " + SWARM_DEADLINE + "; swarm: " + stats + logs());
            }
            failIfAClientDied(mayExit);
            // The tracker state is the signal; nothing notifies the test of an announce.
            Thread.sleep(100);
            stats = server.components().registry().stats(hash);
        }
        return stats;
    }

    private void failIfAClientDied(ChildProcess except) {
        for (Map.Entry<String, ChildProcess> e : clients.entrySet()) {
            if (e.getValue() != except && !e.getValue().isAlive()) {
                throw new AssertionError(e.getKey() + " exited early" + logs());
            }
        }
    }

    /** Starts the seeder and waits until the tracker has it, so that the leecher's first announce finds it. */
    private InfoHash seed(Path torrent, String name, List<String> command) throws Exception {
        InfoHash hash = infoHashOf(torrent);
        client(name, command);
        awaitSwarm(hash, s -> s.seeders() >= 1, name + " announced as a seeder", null);
        progress(name + " is in the swarm");
        return hash;
    }

    /**
     * Waits until the leecher's copy hashes like the original, then checks through the tracker's registry
     * and over HTTP scrape that the swarm saw both peers: the seeder, and the leecher's completed download.
     */
    private void awaitTransfer(InfoHash hash, ChildProcess leecher) throws Exception {
        Path copy = leechDir.resolve("payload.bin");
        long size = Files.size(seedDir.resolve("payload.bin"));
        long deadline = System.nanoTime() + TRANSFER_DEADLINE.toNanos();
        byte[] got = new byte[0];
        while (System.nanoTime() < deadline) {
            if (Files.exists(copy) && Files.size(copy) == size) {
                got = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(copy));
                if (MessageDigest.isEqual(sha256, got)) {
                    break;
                }
            }
            failIfAClientDied(leecher);
            if (!leecher.isAlive() && !Files.exists(copy)) {
                break;
            }
            // The clients give no other signal of progress than the file itself.
            Thread.sleep(250);
        }
        assertArrayEquals(sha256, got, "the downloaded file differs or is missing" + logs());
        progress("the download hashes like the original");
        SwarmStats stats = awaitSwarm(hash, s -> s.snatches() >= 1, "the leecher announced its completed download",
                leecher);
        assertTrue(stats.seeders() >= 1, "the seeder is in the swarm: " + stats + logs());
        assertEquals(1, stats.snatches(), "one completed download: " + stats + logs());

        Map<String, Object> scrape = new TrackerClient("http://127.0.0.1:" + server.port())
                .get(TrackerClient.scrape(hash.bytes()));
        Map<?, ?> files = (Map<?, ?>) scrape.get("files");
        Map<?, ?> entry = (Map<?, ?>) files.get(new String(hash.bytes(), StandardCharsets.ISO_8859_1));
        assertTrue(entry != null, "scrape lists the torrent: " + scrape);
        assertTrue((Long) entry.get("complete") >= 1, "scrape counts a seeder: " + entry);
        assertEquals(1L, entry.get("downloaded"), "scrape counts the snatch: " + entry);
        progress("the tracker counted the snatch: " + stats);
    }

    private void progress(String what) {
        System.out.printf("[%5.1f s] %s%n", (System.nanoTime() - startNanos) / 1e9, what);
    }

    @Test
    void libtorrentSeedsAndAria2DownloadsOverHttp() throws Exception {
        ExternalTools.requirePrograms("aria2c");
        ExternalTools.requireLibtorrent();
        Path torrent = makeTorrent("http://127.0.0.1:" + server.port() + "/announce");
        InfoHash hash = seed(torrent, "libtorrent-seed", libtorrent("seed", torrent, seedDir));
        ChildProcess leecher = client("aria2-leech", aria2(torrent, leechDir, false));
        awaitTransfer(hash, leecher);
    }

    @Test
    void aria2SeedsAndLibtorrentDownloadsOverHttp() throws Exception {
        ExternalTools.requirePrograms("aria2c");
        ExternalTools.requireLibtorrent();
        Path torrent = makeTorrent("http://127.0.0.1:" + server.port() + "/announce");
        InfoHash hash = seed(torrent, "aria2-seed", aria2(torrent, seedDir, true));
        ChildProcess leecher = client("libtorrent-leech", libtorrent("download", torrent, leechDir));
        awaitTransfer(hash, leecher);
    }

    @Test
    void transmissionSeedsAndAria2DownloadsOverHttp() throws Exception {
        // Transmission 3.00 refuses loopback peers from a tracker as a leecher, so here it only seeds.
        ExternalTools.requirePrograms("transmission-cli", "aria2c");
        ExternalTools.requireLibtorrent(); // creates the .torrent
        Path torrent = makeTorrent("http://127.0.0.1:" + server.port() + "/announce");
        InfoHash hash = seed(torrent, "transmission-seed", transmission(torrent, seedDir));
        ChildProcess leecher = client("aria2-leech", aria2(torrent, leechDir, false));
        awaitTransfer(hash, leecher);
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
        awaitTransfer(infoHashOf(torrent), leecher);
    }

    @Test
    void libtorrentClientsFindEachOtherOverUdp() throws Exception {
        ExternalTools.requireLibtorrent();
        Path torrent = makeTorrent("udp://127.0.0.1:" + server.components().udp().port() + "/announce");
        InfoHash hash = seed(torrent, "libtorrent-seed", libtorrent("seed", torrent, seedDir));
        ChildProcess leecher = client("libtorrent-leech", libtorrent("download", torrent, leechDir));
        awaitTransfer(hash, leecher);
    }

    /** transmission-cli seeding from {@code dir}, with its own config directory (DHT, LPD, PEX, port mapping off). */
    private List<String> transmission(Path torrent, Path dir) throws Exception {
        Path config = Files.createDirectories(tmp.resolve("transmission"));
        Files.writeString(config.resolve("settings.json"), """
                {"dht-enabled": false, "lpd-enabled": false, "pex-enabled": false, "port-forwarding-enabled": false,
                 "ratio-limit-enabled": false, "idle-seeding-limit-enabled": false, "blocklist-enabled": false,
                 "bind-address-ipv4": "127.0.0.1", "rpc-enabled": false}
                """);
        return List.of("transmission-cli", "-g", config.toString(), "-w", dir.toString(),
                "-p", Integer.toString(freePort()), "-M", torrent.toString());
    }
}
