package dev.karuta.testing;

import java.nio.file.Path;
import java.util.List;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** Debian's headless Chromium driven by its chromedriver, for the admin pages' browser tests. */
public final class HeadlessChromium {
    private HeadlessChromium() {
    }

    /**
     * A new browser with its profile in {@code profile} (a test's temporary directory); fails the test
     * (or skips it, unless ITs are required) when chromium or chromium-driver is missing.
     */
    public static ChromeDriver start(Path profile) {
        return start(profile, List.of());
    }

    /** As {@link #start(Path)}, with these command-line switches added to the usual ones. */
    public static ChromeDriver start(Path profile, List<String> moreArguments) {
        ExternalTools.requireChromium();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(ExternalTools.CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--window-size=1280,900", "--user-data-dir=" + profile.resolve("chromium"));
        options.addArguments(moreArguments);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(ExternalTools.CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}
