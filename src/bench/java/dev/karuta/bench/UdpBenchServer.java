package dev.karuta.bench;

import dev.karuta.app.TrackerConfig;
import dev.karuta.core.TimeSource;
import dev.karuta.core.TrackerPipeline;
import dev.karuta.metrics.TrackerMetrics;
import dev.karuta.swarm.CaffeineSwarmRegistry;
import dev.karuta.udp.ConnectionIds;
import dev.karuta.udp.UdpFrontend;
import dev.karuta.udp.UdpHandler;
import dev.karuta.udp.UdpSettings;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Karuta's UDP tracker wired as the webapp's {@code KarutaListener} wires it (configuration from the
 * same {@code karuta.*} keys and defaults, Caffeine registry, core tracker, sweeper, UDP frontend), but
 * without Jetty, so the UDP benchmark measures the UDP path alone.
 * Usage: {@code UdpBenchServer PORT [WORKERS=2] [HOST=::]}; other {@code -Dkaruta.*} properties apply;
 * {@code -Dbench.allocation=true} prints the bytes the UDP workers allocated so far, once a second.
 */
public final class UdpBenchServer {
    private UdpBenchServer() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("karuta.udp.port", args[0]);
        if (args.length > 1) {
            System.setProperty("karuta.udp.workers", args[1]);
        }
        if (args.length > 2) {
            System.setProperty("karuta.udp.host", args[2]);
        }
        TrackerConfig config = TrackerConfig.from(key -> null);
        CaffeineSwarmRegistry registry = new CaffeineSwarmRegistry(config.registry(), TimeSource.SYSTEM);
        TrackerPipeline tracker = new TrackerPipeline(config.announce(), registry, List.of());
        ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "karuta-sweeper");
            t.setDaemon(true);
            return t;
        });
        long every = config.sweepInterval().toMillis();
        sweeper.scheduleWithFixedDelay(registry::sweep, every, every, TimeUnit.MILLISECONDS);
        UdpSettings settings = config.udp();
        ConnectionIds ids = new ConnectionIds(settings.secret(), settings.connectionIdLifetime(),
                () -> System.currentTimeMillis() / 1000);
        UdpHandler handler = new UdpHandler(tracker, config.announce(), ids, settings.trustClientIp(),
                TrackerMetrics.NOOP);
        UdpFrontend frontend = UdpFrontend.start(settings, handler, TrackerMetrics.NOOP);
        System.out.println("UdpBenchServer listening on " + frontend.port() + " with " + settings.workers()
                + " workers on " + settings.host() + ", transport " + frontend.transport() + " (pid "
                + ProcessHandle.current().pid() + ")");
        if (Boolean.getBoolean("bench.allocation")) {
            // Bytes allocated so far by the UDP worker threads, once a second, for bytes-per-announce.
            com.sun.management.ThreadMXBean mx =
                    (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
            while (true) {
                Thread.sleep(1000);
                long bytes = 0;
                for (Thread t : Thread.getAllStackTraces().keySet()) {
                    if (t.getName().startsWith("karuta-udp-")) {
                        bytes += mx.getThreadAllocatedBytes(t.getId());
                    }
                }
                System.out.println("udp workers allocated " + bytes);
            }
        }
        Thread.currentThread().join();
    }
}
