package dev.karuta.http;

import static dev.karuta.testing.TrackerClient.announce;
import static dev.karuta.testing.TrackerClient.id;
import static dev.karuta.testing.TrackerClient.scrape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.accounts.FreeLeech;
import dev.karuta.accounts.RosterData;
import dev.karuta.accounts.Torrent;
import dev.karuta.accounts.User;
import dev.karuta.app.Components;
import dev.karuta.core.InfoHash;
import dev.karuta.testing.FakeTime;
import dev.karuta.testing.KarutaServer;
import dev.karuta.testing.MemoryAccountsStore;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpTester;
import org.eclipse.jetty.server.CustomRequestLog;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.Test;

/**
 * The request log formats that {@code jetty-base/} ships (the karuta-requestlog module's NCSA default and
 * the JSON lines of start.d/karuta-requestlog.ini), in Jetty's own {@code CustomRequestLog} in front of the
 * real webapp in private mode: one line a request, the path and query from {@link RequestLogPath}'s
 * attribute with the passkey, the Ocelot secret and credential parameters masked, and none of them
 * anywhere in the log. (JettyHomeIT does the same on jetty-home with the module itself.)
 */
class RequestLogTest {
    private static final String PASSKEY = "sEcReTpAsSkEy0123456789abcdefghi";
    private static final String NEW_PASSKEY = "nEwPaSsKeY0123456789abcdefghijkl";
    private static final String SITE_SECRET = "siteSECRET0123456789abcdefghijkl";
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** A request, and the path and query its log line shows. */
    private record Sent(String target, String logged) {
    }

    @Test
    void theShippedFormatsLogEveryRequestWithoutASecret() throws Exception {
        byte[] hash = id("logged-torrent");
        MemoryAccountsStore store = new MemoryAccountsStore(new RosterData(List.of(new User(1, PASSKEY, true, true)),
                List.of(new RosterData.Registered(new Torrent(1, InfoHash.of(hash), FreeLeech.NORMAL), 0)),
                List.of(), List.of()));
        List<String> ncsa = new CopyOnWriteArrayList<>();
        List<String> json = new CopyOnWriteArrayList<>();
        Server jetty = new Server();
        jetty.setRequestLog(new RequestLog.Collection(new CustomRequestLog(ncsa::add, shippedFormat()),
                new CustomRequestLog(json::add, shippedJsonFormat())));
        String seeder = announce(hash, id("-TR3000-logged"), 51413, 0, "event=started&key=7F3A");
        String seederQuery = seeder.substring(seeder.indexOf('?') + 1).replace("key=7F3A", "key=<secret>");
        List<Sent> sent = List.of(
                new Sent("/" + PASSKEY + seeder, "/<passkey>/announce?" + seederQuery),
                new Sent("/" + PASSKEY + scrape(hash), "/<passkey>" + scrape(hash)),
                new Sent("/" + PASSKEY + "/announce?info_hash=x", "/<passkey>/announce?info_hash=x"),
                new Sent("/" + PASSKEY + "/nothing-here", "/<passkey>/nothing-here"),
                new Sent("/" + SITE_SECRET + "/update?action=add_user&id=2&passkey=" + NEW_PASSKEY,
                        "/<secret>/update?action=add_user&id=2&passkey=<passkey>"),
                new Sent("/" + SITE_SECRET + "/update?action=change_passkey&oldpasskey=" + NEW_PASSKEY
                        + "&newpasskey=" + PASSKEY.toUpperCase(),
                        "/<secret>/update?action=change_passkey&oldpasskey=<passkey>&newpasskey=<passkey>"),
                // Refused by Jetty's admin login before the webapp sees it: no path, never the raw one.
                new Sent("/admin/api/stats?x=1", "-"),
                new Sent("/announce?info_hash=%22quoted,%5C", "/announce?info_hash=%22quoted,%5C"));
        try (KarutaServer server = KarutaServer.start(jetty, Map.of("karuta.mode", "private",
                "karuta.private.flushInterval", "3600", "karuta.private.finalFlushTimeout", "0",
                "karuta.ocelot.site.secret", SITE_SECRET), new FakeTime(),
                Map.of(Components.ACCOUNTS_STORE_ATTRIBUTE, store))) {
            for (Sent s : sent) {
                // A Referer that holds a passkey, as a browser coming from a site's download page sends it.
                String raw = "GET " + s.target() + " HTTP/1.1\r\nHost: t\r\nUser-Agent: Test \"agent\", 1.0\r\n"
                        + "Referer: https://site.example/torrents.php?action=download&torrent_pass=" + PASSKEY
                        + "\r\nConnection: close\r\n\r\n";
                HttpTester.Response response = HttpTester.parseResponse(server.local().getResponse(
                        ByteBuffer.wrap(raw.getBytes(StandardCharsets.ISO_8859_1))));
                assertTrue(response.getStatus() == 200 || response.getStatus() == 401, s.target());
            }
            awaitLines(ncsa, sent.size());
            awaitLines(json, sent.size());
        }
        assertEquals(sent.size(), ncsa.size(), "one line a request: " + ncsa);
        assertEquals(sent.size(), json.size(), "one line a request: " + json);
        // Matched by content: a line is written once its request completes, not always in sending order.
        try (Jsonb jsonb = JsonbBuilder.create()) {
            List<Map<String, Object>> objects = new ArrayList<>();
            for (String line : json) {
                @SuppressWarnings("unchecked")
                Map<String, Object> object = jsonb.fromJson(line, Map.class);
                assertEquals("GET", object.get("method"), line);
                assertEquals("Test \"agent\", 1.0", object.get("agent"), line);
                objects.add(object);
            }
            for (Sent s : sent) {
                String expected = s.logged().replace("\"", "%22").replace(",", "%2C");
                assertEquals(1, ncsa.stream().filter(l -> l.contains("\"GET " + expected + " HTTP/1.1\"")
                        && l.endsWith("\"-\" \"Test \\\"agent\\\", 1.0\"")).count(), expected + " in " + ncsa);
                assertEquals(1, objects.stream().filter(o -> expected.equals(o.get("path"))).count(),
                        expected + " in " + json);
            }
        }
        List<String> all = new ArrayList<>(ncsa);
        all.addAll(json);
        for (String line : all) {
            for (String secret : List.of(PASSKEY, NEW_PASSKEY, PASSKEY.toUpperCase(), SITE_SECRET)) {
                assertFalse(line.contains(secret), "the log shows a secret: " + line);
            }
        }
    }

    private static void awaitLines(List<String> lines, int count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (lines.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    /** The format that the karuta-requestlog module sets when the operator sets none. */
    static String shippedFormat() throws Exception {
        return property(Files.readString(Path.of("jetty-base/modules/karuta-requestlog.mod")),
                "(?m)^jetty\\.requestlog\\.formatString\\?=(.+)$");
    }

    /** The JSON lines format that start.d/karuta-requestlog.ini offers. */
    static String shippedJsonFormat() throws Exception {
        return property(Files.readString(Path.of("jetty-base/start.d/karuta-requestlog.ini")),
                "(?m)^# jetty\\.requestlog\\.formatString=(\\{.+)$");
    }

    private static String property(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), regex);
        return m.group(1);
    }
}
