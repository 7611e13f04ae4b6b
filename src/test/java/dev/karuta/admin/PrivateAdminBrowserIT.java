package dev.karuta.admin;

import static dev.karuta.testing.TrackerClient.escape;
import static dev.karuta.testing.TrackerClient.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.accounts.AccountsFlusher;
import dev.karuta.accounts.RosterData;
import dev.karuta.bencode.BencodeReader;
import dev.karuta.testing.HeadlessChromium;
import dev.karuta.testing.KarutaServer;
import dev.karuta.testing.MemoryAccountsStore;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.HasAuthentication;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.UsernameAndPassword;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The private tracker page in Debian's headless Chromium on the real webapp: an operator adds a user
 * and a torrent in the page, a client announces with the URL the page shows, the torrent's counts
 * follow in the page; then can-leech, a token, the whitelist, a new passkey, a deletion with a reason;
 * and on a public tracker the page says private mode is off.
 */
class PrivateAdminBrowserIT {
    private static final byte[] MOVIE = id("browser-private");
    private static final String MOVIE_HEX = HexFormat.of().formatHex(MOVIE);

    @TempDir
    Path profile;

    private PrivateSite site;
    private ChromeDriver browser;
    private WebDriverWait wait;

    @BeforeEach
    void start() throws Exception {
        browser = HeadlessChromium.start(profile);
        // The page redraws its tables after every change and the torrents' counts every few seconds.
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.ignoring(StaleElementReferenceException.class);
        site = PrivateSite.start(new MemoryAccountsStore(RosterData.EMPTY));
        ((HasAuthentication) browser).register(UsernameAndPassword.of(KarutaServer.ADMIN, KarutaServer.ADMIN_PASSWORD));
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (site != null) {
            site.close();
        }
    }

    private void waitForText(String id, String text) {
        wait.until(ExpectedConditions.textToBe(By.id(id), text));
    }

    /** Clicks the element {@code by} finds, finding it anew when the page redrew it meanwhile. */
    private void click(By by) {
        wait.until(d -> {
            d.findElement(by).click();
            return true;
        });
    }

    private WebElement cell(String cls) {
        return browser.findElement(By.cssSelector("tr[data-hash='" + MOVIE_HEX + "'] td." + cls));
    }

    private void waitForCounts(String seeders, String leechers, String snatches) {
        wait.until(d -> cell("seeders").getText().equals(seeders) && cell("leechers").getText().equals(leechers)
                && cell("snatches").getText().equals(snatches));
    }

    /** An announce at the announce URL the page showed; its failure reason, or null when served. */
    private String announce(String announceUrl, String peer, long left, String event) throws Exception {
        String query = "?info_hash=" + escape(MOVIE) + "&peer_id=" + escape(id(peer)) + "&port=6881&uploaded=0"
                + "&downloaded=0&left=" + left + (event.isEmpty() ? "" : "&event=" + event);
        Object reason = site.tracker.get(URI.create(announceUrl).getRawPath() + query).get("failure reason");
        return reason == null ? null : BencodeReader.latin1(reason);
    }

    @Test
    void anOperatorRunsThePrivateTrackerFromThePage() throws Exception {
        String page = "http://127.0.0.1:" + site.server.port() + "/admin/private.html";
        browser.get(page);
        waitForText("sUsers", "0");
        assertTrue(browser.findElement(By.id("volatile")).isDisplayed(), "the store keeps no change: the page says so");
        assertTrue(browser.findElement(By.id("volatile")).getText().contains("does not keep changes"));
        assertFalse(browser.findElement(By.id("damaged")).isDisplayed(), "no damaged accounting file");

        browser.findElement(By.cssSelector("#addUser button[type=submit]")).click();
        waitForText("usersStatus", "added user 1");
        String url = browser.findElement(By.id("announceUrl")).getText();
        assertTrue(url.startsWith("http://127.0.0.1:" + site.server.port() + "/") && url.endsWith("/announce"), url);

        browser.findElement(By.id("torrentId")).sendKeys("7");
        browser.findElement(By.id("torrentHash")).sendKeys(MOVIE_HEX);
        new Select(browser.findElement(By.id("torrentFree"))).selectByValue("free");
        browser.findElement(By.cssSelector("#addTorrent button[type=submit]")).click();
        waitForText("torrentsStatus", "registered torrent 7");
        waitForCounts("0", "0", "0");

        // A client announces with the URL the page showed; the counts follow in the page by themselves.
        assertNull(announce(url, "-qB4650-leech", 1000, "started"));
        waitForCounts("0", "1", "0");
        assertNull(announce(url, "-qB4650-leech", 0, "completed"));
        waitForCounts("1", "0", "1");
        waitForText("sPeers", "1");

        click(By.cssSelector("tr[data-user='1'] input[aria-label^='may download']"));
        waitForText("usersStatus", "user 1: may download no");
        assertEquals("Access denied, leeching forbidden", announce(url, "-qB4650-other", 1000, ""));

        browser.findElement(By.id("tokenUser")).sendKeys("1");
        browser.findElement(By.id("tokenHash")).sendKeys(MOVIE_HEX);
        browser.findElement(By.cssSelector("#giveToken button[type=submit]")).click();
        waitForText("tokensStatus", "gave user 1 a token for torrent 7");
        waitForText("sTokens", "1");

        browser.findElement(By.id("clientPaste")).sendKeys("-TR40");
        browser.findElement(By.id("addClients")).click();
        waitForText("clientsStatus", "added 1; 1 listed");
        assertEquals("Your client is not on the whitelist", announce(url, "-qB4650-leech", 0, ""));

        click(By.xpath("//tr[@data-user='1']//button[text()='New passkey']"));
        browser.switchTo().alert().accept();
        waitForText("usersStatus", "user 1 has a new passkey");
        String renewed = browser.findElement(By.id("announceUrl")).getText();
        assertFalse(renewed.equals(url));
        assertEquals("Passkey not found", announce(url, "-TR4050-seed", 0, ""));
        assertNull(announce(renewed, "-TR4050-seed", 0, ""));

        Path shots = Path.of("target", "screenshots");
        Files.createDirectories(shots);
        browser.executeScript("window.scrollTo(0, 0)");
        Files.write(shots.resolve("private.png"), browser.getScreenshotAs(OutputType.BYTES));

        click(By.xpath("//tr[@data-hash='" + MOVIE_HEX + "']//button[text()='Delete']"));
        browser.switchTo().alert().sendKeys("Dupe");
        browser.switchTo().alert().accept();
        waitForText("torrentsStatus", "deleted torrent 7");
        assertEquals("Unregistered torrent: Dupe", announce(renewed, "-TR4050-seed", 0, ""));
    }

    @Test
    void aDamagedAccountingFileSetAsideAtStartIsShownOnThePage() throws Exception {
        Path data = Files.createDirectories(profile.resolve("karuta-data"));
        Files.writeString(data.resolve(AccountsFlusher.FILE_NAME), "KAP3, then what a failing disk returned");
        try (PrivateSite damaged = PrivateSite.start(new MemoryAccountsStore(RosterData.EMPTY),
                Map.of("karuta.data.dir", data.toString()))) {
            browser.get("http://127.0.0.1:" + damaged.server.port() + "/admin/private.html");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("damaged")));
            String shown = browser.findElement(By.id("damagedList")).getText();
            assertTrue(shown.contains("accounts-pending.bin is damaged") && shown.contains(".corrupt-"), shown);
        }
    }

    @Test
    void onAPublicTrackerThePageSaysPrivateModeIsOff() throws Exception {
        try (KarutaServer open = KarutaServer.start()) {
            browser.get("http://127.0.0.1:" + open.port() + "/admin/private.html");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("off")));
            assertTrue(browser.findElement(By.id("offReason")).getText().contains("private mode is off"));
            assertFalse(browser.findElement(By.id("private")).isDisplayed());
        }
    }
}
