package dev.karuta.bench;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.karuta.core.AnnounceSettings;
import dev.karuta.core.StandardTracker;
import dev.karuta.metrics.TrackerMetrics;
import dev.karuta.policy.PolicyChain;
import dev.karuta.swarm.CaffeineSwarmRegistry;
import dev.karuta.swarm.RegistrySettings;
import dev.karuta.udp.ConnectionIds;
import dev.karuta.udp.UdpFrontend;
import dev.karuta.udp.UdpHandler;
import dev.karuta.udp.UdpSettings;
import java.time.Duration;

/**
 * Karuta's UDP tracker as the webapp wires it (core, Caffeine registry, UDP frontend), without Jetty,
 * for the UDP benchmark. Usage: {@code UdpBenchServer PORT [WORKERS=2]}.
 */
public final class UdpBenchServer {
    private UdpBenchServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int workers = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        AnnounceSettings announce = AnnounceSettings.defaults();
        StandardTracker tracker = new StandardTracker(announce, PolicyChain.empty(),
                new CaffeineSwarmRegistry(RegistrySettings.defaults(), Ticker.systemTicker()));
        UdpSettings settings = new UdpSettings(true, "127.0.0.1", port, workers, Duration.ofSeconds(300), null, false);
        ConnectionIds ids = new ConnectionIds(null, settings.connectionIdLifetime(), () -> System.currentTimeMillis() / 1000);
        UdpFrontend frontend = UdpFrontend.start(settings,
                new UdpHandler(tracker, announce, ids, false, TrackerMetrics.NOOP), TrackerMetrics.NOOP);
        System.out.println("UdpBenchServer listening on " + frontend.port());
        Thread.currentThread().join();
    }
}
