package dev.karuta.admin;

import static dev.karuta.testing.TrackerClient.announce;
import static dev.karuta.testing.TrackerClient.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.testing.ExternalTools;
import dev.karuta.testing.HeadlessChromium;
import dev.karuta.testing.KarutaServer;
import dev.karuta.testing.TrackerClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.HasAuthentication;
import org.openqa.selenium.UsernameAndPassword;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin pages in Debian's headless Chromium on the real webapp: the login, the dashboard numbers
 * following announces, a whitelist entered in the page refusing another torrent, and client-chosen
 * text shown as text. Needs the Debian packages chromium and chromium-driver (.ci/run installs them).
 */
class AdminPagesBrowserIT {
    private static final byte[] LISTED = id("browser-listed");
    private static final byte[] OTHER = id("browser-other");

    @TempDir
    Path profile;

    private KarutaServer server;
    private TrackerClient tracker;
    private ChromeDriver browser;
    private WebDriverWait wait;

    @BeforeEach
    void start() throws Exception {
        ExternalTools.requireChromium();
        server = KarutaServer.start(Map.of(), null);
        tracker = new TrackerClient("http://127.0.0.1:" + server.port());
        browser = HeadlessChromium.start(profile);
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    private String url(String page) {
        return "http://127.0.0.1:" + server.port() + "/admin/" + page;
    }

    private void waitForText(String id, String text) {
        wait.until(ExpectedConditions.textToBe(By.id(id), text));
    }

    @Test
    void anOperatorLogsInWatchesTheDashboardAndWhitelistsATorrent() throws Exception {
        // Without credentials the browser gets the 401 challenge, not the page.
        browser.get(url("index.html"));
        assertTrue(browser.findElements(By.id("peers")).isEmpty(), "no dashboard without logging in");

        ((HasAuthentication) browser).register(UsernameAndPassword.of(KarutaServer.ADMIN, KarutaServer.ADMIN_PASSWORD));
        browser.get(url("index.html"));
        waitForText("peers", "0");

        tracker.get(announce(LISTED, id("-qB4650-one"), 6881, 0, "event=started"));
        tracker.get(announce(LISTED, id("-TR3000-two"), 6882, 100, "event=started"));
        tracker.get(announce(OTHER, id("<b>boom</b>x"), 6883, 100, "event=started"));
        waitForText("peers", "3");
        waitForText("torrents", "2");
        waitForText("seeders", "1");
        waitForText("announces", "3");

        // The swarm browser shows client-chosen bytes as text, never as markup.
        browser.get(url("swarms.html"));
        String other = HexFormat.of().formatHex(OTHER);
        wait.until(ExpectedConditions.elementToBeClickable(By.linkText(other))).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("peers"), "<b>boom<"));
        assertTrue(browser.findElements(By.cssSelector("#peers b")).isEmpty(), "no element made from a peer_id");

        // Whitelist one torrent in the page; announces for another are refused at once.
        browser.get(url("lists.html"));
        var torrents = browser.findElement(By.id("torrents"));
        // The header is shown upper-case by CSS; its text is what the script wrote.
        wait.until(d -> torrents.findElement(By.cssSelector(".count")).getDomProperty("textContent").equals("0 listed"));
        torrents.findElement(By.cssSelector(".paste")).sendKeys(HexFormat.of().formatHex(LISTED) + "\n");
        torrents.findElement(By.cssSelector(".add")).click();
        wait.until(d -> torrents.findElement(By.cssSelector(".status")).getText().startsWith("added 1"));
        new Select(torrents.findElement(By.cssSelector(".mode"))).selectByValue("allow");
        wait.until(d -> torrents.findElement(By.cssSelector(".status")).getText().equals("mode is now allow"));

        Map<String, Object> refused = tracker.get(announce(OTHER, id("-qB4650-new"), 6884, 100, ""));
        assertEquals("torrent is not registered with this tracker", new String((byte[]) refused.get("failure reason")));
        assertNull(tracker.get(announce(LISTED, id("-qB4650-new"), 6884, 100, "")).get("failure reason"));

        // A page reload shows what the server holds, not what the form remembered.
        browser.navigate().refresh();
        var reloaded = browser.findElement(By.id("torrents"));
        wait.until(d -> reloaded.findElement(By.cssSelector(".count")).getDomProperty("textContent").equals("1 listed"));
        assertEquals("allow", new Select(reloaded.findElement(By.cssSelector(".mode"))).getFirstSelectedOption()
                .getAttribute("value"));
        assertEquals(List.of(HexFormat.of().formatHex(LISTED)), reloaded.findElements(By.cssSelector(".entries td.mono"))
                .stream().map(e -> e.getText()).toList());

        // Ban the tracker's own client range in the page: its announces are refused at once; lifting it, served again.
        var bans = browser.findElement(By.id("bans"));
        wait.until(d -> bans.findElement(By.cssSelector(".count")).getDomProperty("textContent").equals("0 banned"));
        bans.findElement(By.cssSelector(".paste")).sendKeys("127.9.9.9/8\n2001:db8::/32");
        bans.findElement(By.cssSelector(".add")).click();
        wait.until(d -> bans.findElement(By.cssSelector(".status")).getText().equals("banned 2; 2 banned"));
        // The list is drawn again from the server's answer after the status line: wait for its rows.
        wait.until(d -> bans.findElements(By.cssSelector(".entries td.mono")).size() == 2);
        assertEquals(List.of("127.0.0.0/8", "2001:db8::/32"), bans.findElements(By.cssSelector(".entries td.mono"))
                .stream().map(e -> e.getText()).toList(), "shown canonical");
        Map<String, Object> banned = tracker.get(announce(LISTED, id("-qB4650-ban"), 6885, 100, ""));
        assertEquals("your address is banned from this tracker", new String((byte[]) banned.get("failure reason")));
        bans.findElement(By.cssSelector(".paste")).sendKeys("not-an-address");
        bans.findElement(By.cssSelector(".add")).click();
        wait.until(d -> bans.findElement(By.cssSelector(".status")).getText().contains("not-an-address"));
        bans.findElements(By.cssSelector(".entries button")).get(0).click();
        wait.until(d -> bans.findElement(By.cssSelector(".status")).getText().equals("lifted 1; 1 banned"));
        assertNull(tracker.get(announce(LISTED, id("-qB4650-ban"), 6885, 100, "")).get("failure reason"));

        // The config page lists every key.
        browser.get(url("config.html"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("config"), "karuta.announce.interval"));

        Path shots = Path.of("target", "screenshots");
        Files.createDirectories(shots);
        browser.get(url("index.html"));
        waitForText("peers", "5");
        Files.write(shots.resolve("dashboard.png"), browser.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
    }
}
