package dev.karuta.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ResourceHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * WebTorrent peers in headless Chromium: a Jetty on a free loopback port serves {@code peer.html} of
 * {@code src/test/webtorrent/}, npm {@code webtorrent}'s browser bundle beside it (installed there by
 * {@code npm ci}, as {@code .ci/run} does) and the file to share at {@code /data.bin}; each
 * {@link #browser} is a Chromium of its own (its own ChromeDriver session and profile), so that the two
 * peers meet only through WebRTC. Missing Chromium or bundle skips the test, saying so, unless
 * {@code -Dkaruta.it.required=true}.
 */
public final class WebTorrentPeers implements AutoCloseable {
    /** The folder of the page, {@code package.json} and {@code package-lock.json}. */
    public static final Path DIR = Path.of("src", "test", "webtorrent");
    /** The bundle {@code npm ci} installs: an ES module exporting the WebTorrent class. */
    public static final Path BUNDLE = DIR.resolve(Path.of("node_modules", "webtorrent", "dist", "webtorrent.min.js"));

    /**
     * The Chromium switch the WebRTC peers need beyond {@link HeadlessChromium}'s: host candidates as IP
     * addresses, not mDNS {@code .local} names that the other browser resolves only where multicast DNS
     * works on an interface. Chromium 156 gathers no candidate at all, loopback included (even with
     * {@code --allow-loopback-in-peer-connection}), on a machine without a default route, which
     * {@link #require} checks. See docs/testing.md.
     */
    public static final List<String> WEBRTC_SWITCHES = List.of("--disable-features=WebRtcHideLocalIpsWithMdns");

    private static final Duration PAGE_DEADLINE = Duration.ofSeconds(30);

    private final Server pages;
    private final List<ChromeDriver> browsers = new ArrayList<>();

    private WebTorrentPeers(Server pages) {
        this.pages = pages;
    }

    /**
     * Skips (or fails, when required) unless Chromium and the WebTorrent bundle are installed and the
     * machine has a default route (on Linux), without which Chromium's WebRTC finds no network.
     */
    public static void require() {
        ExternalTools.requireChromium();
        ExternalTools.requireFile(BUNDLE, "npm webtorrent's browser bundle (run: npm ci --ignore-scripts --prefix "
                + DIR.toString().replace('\\', '/') + "; .ci/run does)");
        ExternalTools.requireThat(hasDefaultRoute(),
                "a default route (none in /proc/net/route or /proc/net/ipv6_route): Chromium's WebRTC gathers no "
                        + "ICE candidate without one, not even on the loopback");
    }

    /**
     * True when the kernel's routing tables (Linux) hold an up default route on an interface other than
     * the loopback (the one on {@code lo} is IPv6's "unreachable"), or when they cannot be read (another
     * system: the browsers will tell).
     */
    private static boolean hasDefaultRoute() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/net/route"))) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 3 && !f[0].equals("lo") && f[1].equals("00000000") && (parseFlags(f[3]) & 1) != 0) {
                    return true;
                }
            }
            for (String line : Files.readAllLines(Path.of("/proc/net/ipv6_route"))) {
                String[] f = line.trim().split("\\s+");
                if (f.length == 10 && !f[9].equals("lo") && f[0].matches("0{32}") && f[1].equals("00")
                        && (parseFlags(f[8]) & 0x201) == 1) {
                    return true;
                }
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    private static int parseFlags(String hex) {
        return Integer.parseInt(hex, 16);
    }

    /** Serves the page, the bundle and {@code data} as {@code /data.bin} on a free loopback port. */
    public static WebTorrentPeers serve(byte[] data) throws Exception {
        require();
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ResourceHandler files = new ResourceHandler();
        files.setBaseResource(ResourceFactory.of(server).newResource(DIR.toAbsolutePath()));
        files.setDirAllowed(false);
        server.setHandler(new Handler.Sequence(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                if (!"/data.bin".equals(Request.getPathInContext(request))) {
                    return false;
                }
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
                response.write(true, ByteBuffer.wrap(data), callback);
                return true;
            }
        }, files));
        server.start();
        return new WebTorrentPeers(server);
    }

    private String pageUrl() {
        return "http://127.0.0.1:" + ((NetworkConnector) pages.getConnectors()[0]).getLocalPort() + "/peer.html";
    }

    /** A new Chromium with its profile under {@code profile}, showing the peer page with the bundle loaded. */
    public ChromeDriver browser(Path profile) {
        ChromeDriver browser = HeadlessChromium.start(profile, WEBRTC_SWITCHES);
        browsers.add(browser);
        browser.get(pageUrl());
        try {
            new WebDriverWait(browser, PAGE_DEADLINE).until(d -> Boolean.TRUE.equals(
                    ((JavascriptExecutor) d).executeScript("return window.peer != null && window.peer.ready")));
        } catch (TimeoutException e) {
            throw new AssertionError("the page did not load the WebTorrent bundle " + BUNDLE + " within "
                    + PAGE_DEADLINE + ": " + browser.getPageSource(), e);
        }
        return browser;
    }

    /** Makes {@code browser} seed {@code /data.bin} with {@code tracker} as its only tracker; its magnet URI. */
    public String seed(ChromeDriver browser, String name, String tracker) {
        browser.executeScript("seed('/data.bin', arguments[0], arguments[1])", name, tracker);
        return awaitValue(browser, "magnet", PAGE_DEADLINE, "the seeder made its torrent");
    }

    /** Makes {@code browser} download {@code magnet}; the SHA-256 (hex) of the file it received. */
    public String download(ChromeDriver browser, String magnet, Duration deadline) {
        browser.executeScript("download(arguments[0])", magnet);
        return awaitValue(browser, "sha256", deadline, "the leecher downloaded and hashed the file");
    }

    /** What the page of {@code browser} shows of its peer: state and log lines. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> state(ChromeDriver browser) {
        return (Map<String, Object>) browser.executeScript("return window.peer");
    }

    private String awaitValue(ChromeDriver browser, String field, Duration deadline, String what) {
        try {
            return (String) new WebDriverWait(browser, deadline, Duration.ofMillis(200)).until(d -> {
                Map<String, Object> state = state(browser);
                if (state.get("error") != null) {
                    throw new AssertionError(what + " failed: " + report());
                }
                return state.get(field);
            });
        } catch (TimeoutException e) {
            throw new AssertionError("not done within " + deadline + ": " + what + "; " + report(), e);
        }
    }

    /** Every browser's peer state, for a failure message. */
    public String report() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < browsers.size(); i++) {
            out.append("\nbrowser ").append(i).append(": ");
            try {
                out.append(state(browsers.get(i)));
            } catch (RuntimeException e) {
                out.append("unreadable: ").append(e);
            }
        }
        return out.toString();
    }

    @Override
    public void close() throws Exception {
        for (ChromeDriver browser : browsers) {
            browser.quit();
        }
        pages.stop();
    }
}
