package dev.karuta.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.karuta.testing.WebTorrentPeers;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * One file moved between two browsers by WebTorrent: the seeder announces to one tracker URL, the
 * leecher to another (the same one on a single node, another node's in a cluster); the leecher's
 * SHA-256 must be that of the bytes the test served.
 *
 * @param magnet    the seeder's magnet URI
 * @param infoHash  the torrent's info_hash, hex
 * @param elapsed   from the seeder's torrent made to the leecher's copy hashed
 */
record WebTorrentTransfer(String magnet, String infoHash, Duration elapsed) {
    /** The size of the shared file: several pieces, small enough for a quick test. */
    static final int FILE_BYTES = 3 << 20;
    private static final Duration DOWNLOAD_DEADLINE = Duration.ofSeconds(90);
    private static final Pattern XT = Pattern.compile("xt=urn:btih:([0-9a-f]{40})");

    private static byte[] file;

    /** The random file this JVM's browser tests share (the same bytes for every call). */
    static synchronized byte[] randomFile() {
        if (file == null) {
            file = new byte[FILE_BYTES];
            new SecureRandom().nextBytes(file);
        }
        return file;
    }

    /**
     * Opens a seeder and a leecher browser (profiles under {@code tmp}), seeds the file announcing to
     * {@code seedTracker}, downloads it announcing to {@code leechTracker} only, and checks its hash.
     */
    static WebTorrentTransfer run(WebTorrentPeers peers, Path tmp, String seedTracker, String leechTracker)
            throws Exception {
        ChromeDriver seeder = peers.browser(tmp.resolve("seeder"));
        ChromeDriver leecher = peers.browser(tmp.resolve("leecher"));
        long start = System.nanoTime();
        String magnet = peers.seed(seeder, "karuta-webtorrent.bin", seedTracker);
        Matcher xt = XT.matcher(magnet);
        if (!xt.find()) {
            throw new AssertionError("no info_hash in the seeder's magnet URI " + magnet);
        }
        String infoHash = xt.group(1);
        String leecherMagnet = "magnet:?xt=urn:btih:" + infoHash + "&tr="
                + URLEncoder.encode(leechTracker, StandardCharsets.UTF_8);
        String received = peers.download(leecher, leecherMagnet, DOWNLOAD_DEADLINE);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(sha256(randomFile()), received, "the SHA-256 of the leecher's copy" + peers.report());
        return new WebTorrentTransfer(magnet, infoHash, elapsed);
    }

    /** Polls {@code read} until {@code condition} holds, failing with the browsers' state at a deadline. */
    static <T> T await(Supplier<T> read, Predicate<T> condition, String what, WebTorrentPeers peers)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        T value = read.get();
        while (!condition.test(value)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s: " + what + "; last seen " + value + peers.report());
            }
            // The tracker's state is the signal; nothing notifies the test of an announce.
            Thread.sleep(100);
            value = read.get();
        }
        return value;
    }

    static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
