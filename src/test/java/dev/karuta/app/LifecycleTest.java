package dev.karuta.app;

import static dev.karuta.testing.TrackerClient.announce;
import static dev.karuta.testing.TrackerClient.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.testing.KarutaServer;
import dev.karuta.bencode.BencodeReader;
import dev.karuta.testing.RawHttp;
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
            server.webapp().stop();
            assertNull(server.webapp().getServletContext().getAttribute(Components.ATTRIBUTE));
            Set<Thread> before = liveThreads();

            server.webapp().start();
            Components first = server.components();
            assertTrue(liveThreads().stream().anyMatch(t -> t.getName().equals("karuta-sweeper")),
                    "the deployed webapp runs its sweeper");
            announceOnce(server);
            assertEquals(1, server.components().registry().totals().peers());
            server.webapp().stop();

            Set<String> leaked = liveThreads().stream()
                    .filter(t -> !before.contains(t))
                    // Jetty's own request pool may grow under load; it belongs to the server, not the webapp.
                    .filter(t -> !t.getName().startsWith("qtp"))
                    .map(Thread::getName)
                    .collect(Collectors.toSet());
            assertEquals(Set.of(), leaked, "threads left by the undeployed webapp");

            server.webapp().start();
            assertNotSame(first, server.components(), "a redeploy builds everything anew");
            assertEquals(1, server.components().registry().totals().peers(), "with the swarms of the stop restored");
            assertEquals(1L, announceOnce(server).get("complete"));
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
