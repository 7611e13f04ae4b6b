package dev.karuta.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.core.AnnounceSettings;
import dev.karuta.core.TrackerPipeline;
import dev.karuta.metrics.TrackerMetrics;
import dev.karuta.swarm.CaffeineSwarmRegistry;
import dev.karuta.swarm.RegistrySettings;
import dev.karuta.testing.FakeTime;
import dev.karuta.testing.LogCapture;
import dev.karuta.udp.UdpSettings.Transport;
import io.netty.channel.epoll.Epoll;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.internal.InternalThreadLocalMap;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code karuta.udp.transport}: {@code auto} takes epoll where Netty's native library loads and says so,
 * falls back to the JDK's sockets where it does not and says why; {@code epoll} asked for where it cannot
 * load is a configuration error naming the key; {@code jdk} is the JDK's sockets everywhere.
 */
class TransportChoiceTest {
    private static final Throwable NO_LIBRARY = new UnsatisfiedLinkError("no netty_transport_native_epoll in java.library.path");

    @Test
    void autoPicksEpollOnLinuxX86_64() {
        Assumptions.assumeTrue(System.getProperty("os.name").equals("Linux")
                && List.of("amd64", "x86_64").contains(System.getProperty("os.arch")),
                "Netty's native epoll library ships for Linux x86_64 only");
        assertTrue(Epoll.isAvailable(), "the library loads: " + Epoll.unavailabilityCause());
        TransportChoice choice = TransportChoice.of(Transport.AUTO);
        assertTrue(choice.epoll());
        assertEquals("karuta.udp.transport=auto, Netty's native epoll library loaded", choice.reason());
    }

    @Test
    void autoFallsBackToTheJdkWhereTheLibraryCannotLoadAndSaysWhy() {
        TransportChoice choice = TransportChoice.of(Transport.AUTO, false, NO_LIBRARY);
        assertFalse(choice.epoll());
        assertEquals("karuta.udp.transport=auto, Netty's native epoll library unavailable: "
                + "java.lang.UnsatisfiedLinkError: no netty_transport_native_epoll in java.library.path", choice.reason());
    }

    @Test
    void epollAskedForWhereItCannotLoadIsAConfigurationError() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TransportChoice.of(Transport.EPOLL, false, new IllegalStateException("wrapped", NO_LIBRARY)));
        assertEquals("karuta.udp.transport=epoll, but Netty's native epoll transport cannot load here "
                + "(java.lang.IllegalStateException: wrapped, caused by java.lang.UnsatisfiedLinkError: "
                + "no netty_transport_native_epoll in java.library.path); use auto or jdk", e.getMessage());
        assertTrue(TransportChoice.of(Transport.EPOLL, true, null).epoll());
    }

    @Test
    void jdkIsTheJdkEvenWhereEpollLoads() {
        assertFalse(TransportChoice.of(Transport.JDK, true, null).epoll());
        assertFalse(TransportChoice.of(Transport.JDK).epoll());
    }

    @Test
    void aTransportNameOtherThanTheThreeIsRefused() {
        assertEquals(Transport.EPOLL, Transport.named("epoll"));
        assertThrows(IllegalArgumentException.class, () -> Transport.named("io_uring"));
    }

    @OverBothTransports
    void theStartLogSaysWhichTransportRunsAndWhy(String transport) throws Exception {
        UdpSettings settings = new UdpSettings(true, "127.0.0.1", 0, 1, Transport.named(transport),
                Duration.ofSeconds(300), null, false);
        try (LogCapture log = LogCapture.start(); UdpFrontend frontend = UdpFrontend.start(settings, handler(),
                TrackerMetrics.NOOP)) {
            assertEquals(transport, frontend.transport());
            String line = "UDP tracker on 127.0.0.1 port " + frontend.port() + " with 1 sockets, transport "
                    + transport + " (karuta.udp.transport=" + transport + ")";
            assertTrue(log.texts().stream().anyMatch(t -> t.contains(line)), line + " in " + log.texts());
        }
    }

    /**
     * Netty keeps a thread-local map on any thread that calls it; the thread that starts and stops the
     * listener is the container's, which Tomcat checks for such leftovers when the webapp stops.
     */
    @OverBothTransports
    void startAndCloseLeaveNoNettyThreadLocalOnTheCallingThread(String transport) throws Exception {
        FastThreadLocal.removeAll(); // whatever an earlier test in this thread left
        UdpSettings settings = new UdpSettings(true, "127.0.0.1", 0, 2, Transport.named(transport),
                Duration.ofSeconds(300), null, false);
        UdpFrontend frontend = UdpFrontend.start(settings, handler(), TrackerMetrics.NOOP);
        try {
            assertNull(InternalThreadLocalMap.getIfSet(), "after start");
            assertEquals(2, frontend.serving());
        } finally {
            frontend.close();
        }
        assertNull(InternalThreadLocalMap.getIfSet(), "after close");
        assertEquals(0, frontend.serving());
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(
                t -> t.isAlive() && (t.getName().startsWith("karuta-udp")
                        || t.getName().startsWith("globalEventExecutor"))), "every thread ended, Netty's global one too");
    }

    private static UdpHandler handler() {
        AnnounceSettings settings = AnnounceSettings.defaults();
        return new UdpHandler(new TrackerPipeline(settings,
                new CaffeineSwarmRegistry(RegistrySettings.defaults(), new FakeTime()), List.of()), settings,
                new ConnectionIds(null, Duration.ofSeconds(300), () -> 1_800_000_000L), false, TrackerMetrics.NOOP);
    }
}
