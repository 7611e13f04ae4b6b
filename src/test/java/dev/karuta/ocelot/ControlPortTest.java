package dev.karuta.ocelot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.accounts.RosterData;
import dev.karuta.app.Components;
import dev.karuta.testing.FakeTime;
import dev.karuta.testing.KarutaServer;
import dev.karuta.testing.MemoryAccountsStore;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The raw control port answers WhatCD's tracker.class.php as Ocelot did: HTTP/1.1 without a Host
 * header, one request per connection, success on the last line; it refuses what Ocelot refuses, and
 * closes with the webapp.
 */
class ControlPortTest {
    private MemoryAccountsStore store;
    private KarutaServer server;
    private int port;

    @BeforeEach
    void start() throws Exception {
        store = new MemoryAccountsStore(new RosterData(List.of(), List.of(), List.of(), List.of()));
        server = KarutaServer.start(Map.of("karuta.mode", "private", "karuta.ocelot.port", "0",
                "karuta.ocelot.site.secret", OcelotControlTest.SITE, "karuta.ocelot.report.secret", OcelotControlTest.REPORT,
                "karuta.private.finalFlushTimeout", "0"), new FakeTime(),
                Map.of(Components.ACCOUNTS_STORE_ATTRIBUTE, store));
        port = (Integer) server.webapp().getServletContext().getAttribute(ControlPort.PORT_ATTRIBUTE);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void whatcdsRequestWithoutHostSucceedsOnTheControlPort() throws Exception {
        GazelleSite.Answer a = new GazelleSite(port, null).get(OcelotControlTest.SITE
                + "/update?action=add_user&id=1&passkey=" + OcelotControlTest.ALICE);
        assertEquals(200, a.status(), a.raw());
        assertTrue(a.succeeded(), a.raw());
        assertEquals(1, server.components().accounts().mode().roster().userCount());
        GazelleSite.Answer stats = new GazelleSite(port, null).get(OcelotControlTest.REPORT + "/report?get=stats");
        assertTrue(stats.succeeded(), stats.raw());
    }

    @Test
    void aWrongSecretATooLongRequestAndGarbageAreRefusedAndChangeNothing() throws Exception {
        GazelleSite.Answer wrong = new GazelleSite(port, null).get("x".repeat(32)
                + "/update?action=add_user&id=1&passkey=" + OcelotControlTest.ALICE);
        assertTrue(wrong.raw().contains("Authentication failure"), wrong.raw());
        GazelleSite.Answer tooLong = new GazelleSite(port, null).get(OcelotControlTest.SITE
                + "/update?action=remove_users&passkeys=" + "a".repeat(5000));
        assertTrue(tooLong.raw().contains("GET string too long"), tooLong.raw());
        assertTrue(raw("\u0000\u0001garbage\r\n\r\n").contains("Malformed HTTP request"));
        assertEquals(0, server.components().accounts().mode().roster().userCount());
    }

    private String raw(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void aClientDribblingItsRequestIsCutOffAtTheRequestDeadline() throws Exception {
        Duration deadline = Duration.ofMillis(300);
        try (ControlPort slow = ControlPort.start(server.components().control(), "127.0.0.1", 0, deadline);
             Socket s = new Socket("127.0.0.1", slow.port())) {
            OutputStream out = s.getOutputStream();
            // One byte every 100 ms: each read is quick, but the request as a whole never ends.
            s.setSoTimeout(100);
            long start = System.nanoTime();
            boolean closed = false;
            while (!closed && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5)) {
                try {
                    out.write('a');
                    out.flush();
                    closed = s.getInputStream().read() < 0;
                } catch (SocketTimeoutException e) {
                    // still open: dribble on
                } catch (IOException e) {
                    closed = true; // reset by the server
                }
            }
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(closed, "the connection is still open after " + took + " ms");
            assertTrue(took < 2000, "closed after " + took + " ms, the deadline is 300 ms");
            GazelleSite.Answer ok = new GazelleSite(slow.port(), null).get(OcelotControlTest.REPORT + "/report?get=stats");
            assertTrue(ok.succeeded(), "a request in time is answered: " + ok.raw());
        }
    }

    @Test
    void thePortClosesWithTheWebapp() throws Exception {
        server.close();
        server = null;
        assertThrows(IOException.class, () -> new Socket("127.0.0.1", port).close());
    }
}
