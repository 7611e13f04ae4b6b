package dev.karuta.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.bencode.BencodeReader;
import dev.karuta.core.InfoHash;
import dev.karuta.testing.ChildProcess;
import dev.karuta.testing.ExternalTools;
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

/**
 * Real BitTorrent clients from Debian (libtorrent, aria2, Transmission) around one random payload: makes
 * the .torrent, starts clients with DHT, local discovery, peer exchange and port mapping off (so the
 * tracker is their only source of peers), and waits for a leecher's copy to hash like the original.
 */
final class ClientRig implements AutoCloseable {
    static final Duration TRANSFER_DEADLINE = Duration.ofSeconds(120);
    private static final int LOG_TAIL = 6000;

    private final Path tmp;
    final Path seedDir;
    final Path leechDir;
    final long size;
    private final byte[] sha256;
    private final Map<String, ChildProcess> clients = new LinkedHashMap<>();
    private final long startNanos = System.nanoTime();

    /** A rig in {@code tmp} with a random payload of about 3 MiB to seed. */
    ClientRig(Path tmp) throws Exception {
        this.tmp = tmp;
        seedDir = Files.createDirectories(tmp.resolve("seed"));
        leechDir = Files.createDirectories(tmp.resolve("leech"));
        byte[] data = new byte[3 * 1024 * 1024 + 12345];
        new Random().nextBytes(data);
        Files.write(seedDir.resolve("payload.bin"), data);
        size = data.length;
        sha256 = MessageDigest.getInstance("SHA-256").digest(data);
    }

    private Path script() throws Exception {
        Path script = tmp.resolve("lt_client.py");
        try (InputStream in = getClass().getResourceAsStream("/e2e/lt_client.py")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        return script;
    }

    /** A v1 .torrent of the payload announcing to {@code announceUrl}; {@code priv} sets BEP 27's private flag. */
    Path makeTorrent(String announceUrl, boolean priv) throws Exception {
        Path torrent = tmp.resolve("payload.torrent");
        List<String> command = new ArrayList<>(List.of(ExternalTools.SYSTEM_PYTHON, script().toString(), "create",
                seedDir.resolve("payload.bin").toString(), torrent.toString(), announceUrl));
        if (priv) {
            command.add("private");
        }
        try (ChildProcess create = ChildProcess.start("create torrent", command, tmp, tmp.resolve("create.log"))) {
            assertEquals(0, create.awaitExit(Duration.ofSeconds(60)), create.log());
        }
        return torrent;
    }

    /** A copy of {@code torrent} named {@code name} that announces to {@code announceUrl} (same info hash). */
    Path withAnnounce(Path torrent, String announceUrl, String name) throws Exception {
        Map<String, Object> dict = new LinkedHashMap<>(BencodeReader.parseDict(Files.readAllBytes(torrent)));
        dict.put("announce", announceUrl.getBytes(StandardCharsets.ISO_8859_1));
        dict.remove("announce-list");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        encode(new java.util.TreeMap<>(dict), out);
        Path copy = tmp.resolve(name);
        Files.write(copy, out.toByteArray());
        return copy;
    }

    ChildProcess client(String name, List<String> command) throws Exception {
        ChildProcess c = ChildProcess.start(name, command, tmp, tmp.resolve(name + ".log"));
        clients.put(name, c);
        return c;
    }

    List<String> libtorrent(String mode, Path torrent, Path dir) throws Exception {
        return List.of(ExternalTools.SYSTEM_PYTHON, script().toString(), mode, torrent.toString(), dir.toString(),
                Integer.toString(freePort()), Long.toString(TRANSFER_DEADLINE.toSeconds()));
    }

    static List<String> aria2(Path torrent, Path dir, boolean seed) throws Exception {
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

    /** transmission-cli seeding from {@code dir}, with its own config directory (DHT, LPD, PEX, port mapping off). */
    List<String> transmission(Path torrent, Path dir) throws Exception {
        Path config = Files.createDirectories(tmp.resolve("transmission"));
        Files.writeString(config.resolve("settings.json"), """
                {"dht-enabled": false, "lpd-enabled": false, "pex-enabled": false, "port-forwarding-enabled": false,
                 "ratio-limit-enabled": false, "idle-seeding-limit-enabled": false, "blocklist-enabled": false,
                 "bind-address-ipv4": "127.0.0.1", "rpc-enabled": false}
                """);
        return List.of("transmission-cli", "-g", config.toString(), "-w", dir.toString(),
                "-p", Integer.toString(freePort()), "-M", torrent.toString());
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The SHA-1 of the bencoded info dictionary; the reader is strict, so re-encoding gives back the file's bytes. */
    static InfoHash infoHashOf(Path torrent) throws Exception {
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
    String logs() {
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

    /** Fails with the logs when a client other than {@code except} has exited. */
    void failIfAClientDied(ChildProcess except) {
        for (Map.Entry<String, ChildProcess> e : clients.entrySet()) {
            if (e.getValue() != except && !e.getValue().isAlive()) {
                throw new AssertionError(e.getKey() + " exited early" + logs());
            }
        }
    }

    /** Waits until the leecher's copy hashes like the original; fails with the logs at the deadline. */
    void awaitCopy(ChildProcess leecher) throws Exception {
        Path copy = leechDir.resolve("payload.bin");
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
    }

    void progress(String what) {
        System.out.printf("[%5.1f s] %s%n", (System.nanoTime() - startNanos) / 1e9, what);
    }

    @Override
    public void close() {
        clients.values().forEach(ChildProcess::close);
    }
}
