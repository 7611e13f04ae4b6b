package dev.karuta.app;

import static dev.karuta.testing.TrackerClient.announce;
import static dev.karuta.testing.TrackerClient.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.bencode.BencodeReader;
import dev.karuta.ocelot.ControlPort;
import dev.karuta.testing.KarutaServer;
import dev.karuta.testing.RawHttp;
import dev.karuta.testing.TestRedis;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Undeploying the webapp leaves no thread of ours behind, and a redeploy starts afresh from the store. */
class LifecycleTest {

    private static Set<Thread> liveThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).collect(Collectors.toSet());
    }

    /** One announce over a plain socket, so the test itself starts no client threads. */
    private static java.util.Map<String, Object> announceOnce(KarutaServer server) throws Exception {
        byte[] target = announce(id("life"), id("peer"), 6881, 0, "").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return BencodeReader.parseDict(RawHttp.get(server.port(), target).body());
    }

    @Test
    void undeployLeavesNoThreadAndRedeployWorks() throws Exception {
        try (KarutaServer server = KarutaServer.start()) {
            Set<Thread> before = stopAndListThreads(server);

            server.webapp().start();
            Components first = server.components();
            assertRunning(Set.of("karuta-sweeper", "karuta-udp-"));
            announceOnce(server);
            assertEquals(1, server.components().registry().totals().peers());
            server.webapp().stop();
            assertNoThreadLeft(before);

            server.webapp().start();
            assertNotSame(first, server.components(), "a redeploy builds everything anew");
            assertEquals(1, server.components().registry().totals().peers(), "with the swarms of the stop restored");
            assertEquals(1L, announceOnce(server).get("complete"));
        }
    }

    /**
     * Private mode on its embedded database with the Ocelot control port: the accounts flusher, the
     * control port's acceptor and workers and the database's threads all end with the webapp, whose
     * redeploy opens the same database again.
     */
    @Test
    void privateModeWithTheControlPortLeavesNoThread() throws Exception {
        Map<String, String> params = Map.of("karuta.mode", "private", "karuta.ocelot.port", "0",
                "karuta.ocelot.site.secret", "s".repeat(32), "karuta.ocelot.report.secret", "r".repeat(32),
                "karuta.private.flushInterval", "1");
        try (KarutaServer server = KarutaServer.start(params, null)) {
            Set<Thread> before = stopAndListThreads(server);

            server.webapp().start();
            assertRunning(Set.of("karuta-accounts-flusher", "karuta-ocelot-accept", "karuta-udp-"));
            assertEquals(200, controlPortAnswers(server), "the control port serves");
            server.webapp().stop();
            assertNoThreadLeft(before);

            server.webapp().start();
            assertEquals(200, controlPortAnswers(server), "the redeployed control port serves");
        }
    }

    /**
     * Redis mode: Lettuce's event loops and the change bus's subscription end with the webapp, and a
     * redeploy finds the swarm in Redis.
     */
    @Test
    void redisModeLeavesNoThread() throws Exception {
        String prefix = TestRedis.uniquePrefix();
        Map<String, String> params = Map.of("karuta.registry", "redis", "karuta.redis.uri", TestRedis.uri(),
                "karuta.redis.prefix", prefix, "karuta.udp.secret", "0123456789abcdef0123456789abcdef",
                "karuta.redis.timeout", "10000"); // a loaded machine may take more than 500 ms to connect
        try (KarutaServer server = KarutaServer.start(params, null)) {
            Set<Thread> before = stopAndListThreads(server);

            server.webapp().start();
            assertRunning(Set.of("karuta-sweeper", "karuta-udp-", "lettuce-"));
            announceOnce(server);
            assertEquals(1, server.components().registry().totals().peers());
            server.webapp().stop();
            assertNoThreadLeft(before);

            server.webapp().start();
            assertEquals(1, server.components().registry().totals().peers(), "the swarm stayed in Redis");
        } finally {
            TestRedis.deleteKeys(TestRedis.uri(), prefix);
        }
    }

    /** Stops the webapp the harness started and answers the threads alive then: the server's own. */
    private static Set<Thread> stopAndListThreads(KarutaServer server) throws Exception {
        server.webapp().stop();
        assertNull(server.webapp().getServletContext().getAttribute(Components.ATTRIBUTE));
        return liveThreads();
    }

    private static void assertRunning(Set<String> prefixes) {
        for (String prefix : prefixes) {
            assertTrue(liveThreads().stream().anyMatch(t -> t.getName().startsWith(prefix)),
                    "the deployed webapp runs a thread named " + prefix + "...");
        }
    }

    /**
     * No thread started since {@code before} is alive once the stop has returned. Threads that a stop
     * ended may take a moment to leave the list after their last instruction, so this polls for up to
     * five seconds (never sleeping when nothing is left).
     */
    private static void assertNoThreadLeft(Set<Thread> before) throws InterruptedException {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(5).toNanos();
        Set<String> leaked;
        while (true) {
            leaked = liveThreads().stream()
                    .filter(t -> !before.contains(t))
                    // Jetty's own request pool may grow under load; it belongs to the server, not the webapp.
                    .filter(t -> !t.getName().startsWith("qtp"))
                    .map(Thread::getName)
                    .collect(Collectors.toSet());
            if (leaked.isEmpty() || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(50);
        }
        assertEquals(Set.of(), leaked, "threads left by the undeployed webapp");
    }

    /** The control port's status for a report with the right secret. */
    private static int controlPortAnswers(KarutaServer server) throws Exception {
        int port = (Integer) server.webapp().getServletContext().getAttribute(ControlPort.PORT_ATTRIBUTE);
        try (java.net.Socket socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /" + "r".repeat(32) + "/report?get=stats HTTP/1.1\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
            return Integer.parseInt(answer.substring(9, 12));
        }
    }

    /**
     * A start that fails late (the UDP port is taken, after the database was opened and the sweeper
     * started) releases what it opened: no thread stays, and the data directory opens again.
     */
    @Test
    void aFailedStartLeavesNoThreadAndReleasesTheDatabase(@org.junit.jupiter.api.io.TempDir java.nio.file.Path data)
            throws Exception {
        try (java.net.DatagramSocket taken = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            java.util.Map<String, String> params = java.util.Map.of("karuta.data.dir", data.toString(),
                    "karuta.udp.host", "127.0.0.1", "karuta.udp.port", Integer.toString(taken.getLocalPort()));
            Set<Thread> before = liveThreads();
            Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                    () -> KarutaServer.start(params, null).close());
            assertTrue(String.valueOf(e).contains("karuta.udp.port") || String.valueOf(e.getCause()).contains("karuta.udp.port"),
                    String.valueOf(e));
            Set<String> leaked = liveThreads().stream().filter(t -> !before.contains(t))
                    .filter(t -> !t.getName().startsWith("qtp")).map(Thread::getName).collect(Collectors.toSet());
            assertEquals(Set.of(), leaked, "threads left by the failed start");
        }
        try (KarutaServer again = KarutaServer.start(java.util.Map.of("karuta.data.dir", data.toString()), null)) {
            assertEquals(0, again.components().registry().totals().peers(), "the embedded database opens again");
        }
    }

    /**
     * A data directory that cannot be made (a file is in the way) fails the deployment with one ERROR
     * line that names the directory and the key, and nothing else of the node starts.
     */
    @Test
    void aDataDirectoryThatCannotBeMadeFailsTheDeploymentWithOneLine(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path tmp) throws Exception {
        java.nio.file.Path file = java.nio.file.Files.writeString(tmp.resolve("file"), "");
        try (dev.karuta.testing.LogCapture log = dev.karuta.testing.LogCapture.start()) {
            Set<Thread> before = liveThreads();
            org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> KarutaServer.start(
                    Map.of("karuta.data.dir", file.resolve("data").toString(), "karuta.udp.enabled", "false"), null)
                    .close());
            java.util.List<String> lines = log.texts().stream()
                    .filter(t -> t.startsWith(KarutaListener.class.getName() + " SEVERE")).toList();
            assertEquals(1, lines.size(), String.valueOf(log.texts()));
            String line = lines.get(0);
            assertTrue(line.contains(": Karuta cannot start: its data directory " + file.resolve("data")
                    + " (karuta.data.dir): it cannot be created ("), line);
            assertTrue(line.contains("or set karuta.data.dir to an absolute directory user "), line);
            assertTrue(!line.contains("\n"), "one line, no stack trace: " + line);
            Set<String> started = liveThreads().stream().filter(t -> !before.contains(t))
                    .filter(t -> !t.getName().startsWith("qtp")).map(Thread::getName).collect(Collectors.toSet());
            assertEquals(Set.of(), started, "nothing of the node started");
        }
    }

    @Test
    void invalidConfigurationFailsTheDeploymentNamingTheKey() {
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> KarutaServer.start(java.util.Map.of("karuta.peer.ttl", "soon"), null).close());
        Throwable t = e;
        while (t != null && !(t instanceof ConfigException)) {
            t = t.getCause();
        }
        assertTrue(t != null && t.getMessage().contains("karuta.peer.ttl"), String.valueOf(e));
    }
}
