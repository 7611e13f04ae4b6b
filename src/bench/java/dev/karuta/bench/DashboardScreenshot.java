package dev.karuta.bench;

import static dev.karuta.testing.TrackerClient.announce;

import dev.karuta.testing.ExternalTools;
import dev.karuta.testing.KarutaServer;
import dev.karuta.testing.TrackerClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.openqa.selenium.HasAuthentication;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.UsernameAndPassword;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Takes {@code docs/dashboard.png}: the real webapp under a varying announce load (peers joining,
 * re-announcing and stopping over 300 torrents, the rate swinging between about 200 and 1800 per
 * second) for the given minutes, then the dashboard in headless Chromium.
 * Run by bench/dashboard.sh.
 */
public final class DashboardScreenshot {
    private DashboardScreenshot() {
    }

    public static void main(String[] args) throws Exception {
        double minutes = args.length > 0 ? Double.parseDouble(args[0]) : 6;
        Path out = Path.of(args.length > 1 ? args[1] : "docs/dashboard.png");
        ExternalTools.requireChromium();
        try (KarutaServer server = KarutaServer.start(Map.of("karuta.announce.intervalJitter", "0"), null)) {
            String base = "http://127.0.0.1:" + server.port();
            AtomicBoolean running = new AtomicBoolean(true);
            long start = System.nanoTime();
            Thread[] load = new Thread[4];
            for (int t = 0; t < load.length; t++) {
                load[t] = new Thread(() -> announceLoop(base, running, start), "load-" + t);
                load[t].start();
            }
            Thread.sleep((long) (minutes * 60_000));
            ChromeOptions options = new ChromeOptions();
            options.setBinary(ExternalTools.CHROMIUM.toFile());
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--window-size=1280,820",
                    "--user-data-dir=" + Files.createTempDirectory("karuta-chromium"));
            ChromeDriver browser = new ChromeDriver(new ChromeDriverService.Builder()
                    .usingDriverExecutable(ExternalTools.CHROMEDRIVER.toFile()).usingAnyFreePort().build(), options);
            try {
                ((HasAuthentication) browser).register(UsernameAndPassword.of(KarutaServer.ADMIN, KarutaServer.ADMIN_PASSWORD));
                browser.get(base + "/admin/index.html");
                Thread.sleep(3000); // the page's first refresh of stats and chart
                Files.createDirectories(out.toAbsolutePath().getParent());
                Files.write(out, browser.getScreenshotAs(OutputType.BYTES));
                System.out.println("wrote " + out);
            } finally {
                browser.quit();
                running.set(false);
                for (Thread t : load) {
                    t.join();
                }
            }
        }
    }

    private static void announceLoop(String base, AtomicBoolean running, long start) {
        HttpClient http = HttpClient.newHttpClient();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (running.get()) {
            double minutes = (System.nanoTime() - start) / 60e9;
            // A slow swing of the rate, so the chart has a shape.
            double perThread = 250 + 200 * Math.sin(minutes * 2);
            long pause = (long) (1e9 / perThread);
            int torrent = (int) Math.min(299, Math.abs(random.nextGaussian() * 80));
            int peer = random.nextInt(8000);
            byte[] hash = TrackerClient.id("dashboard-" + torrent + "-");
            byte[] id = String.format("-qB4650-%012d", peer).getBytes();
            String event = random.nextInt(20) == 0 ? "event=stopped" : "";
            long left = random.nextInt(3) == 0 ? 0 : 1000;
            try {
                http.send(HttpRequest.newBuilder(URI.create(base + announce(hash, id, 6881 + peer % 1000, left, event)))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
                java.util.concurrent.locks.LockSupport.parkNanos(pause);
            } catch (Exception e) {
                if (running.get()) {
                    System.err.println("announce failed: " + e);
                }
            }
        }
    }
}
