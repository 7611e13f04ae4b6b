package dev.karuta.app;

import dev.karuta.core.Tracker;
import dev.karuta.core.TimeSource;
import dev.karuta.metrics.TrackerMetrics;
import dev.karuta.udp.ConnectionIds;
import dev.karuta.udp.UdpFrontend;
import dev.karuta.udp.UdpHandler;
import dev.karuta.udp.UdpSettings;
import java.io.IOException;

/** Starts the UDP tracker the configuration asks for, on the node's tracker, metrics and time. */
final class UdpStart {
    private UdpStart() {
    }

    /** The bound UDP frontend; a failure to bind names the keys to change. */
    static UdpFrontend start(TrackerConfig config, Tracker tracker, TrackerMetrics metrics, TimeSource time) {
        UdpSettings settings = config.udp();
        ConnectionIds ids = new ConnectionIds(settings.secret(), settings.connectionIdLifetime(), time::epochSeconds);
        UdpHandler handler = new UdpHandler(tracker, config.announce(), ids, settings.trustClientIp(), metrics);
        try {
            return UdpFrontend.start(settings, handler, metrics);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the UDP tracker on " + settings.host() + " port "
                    + settings.port() + " (karuta.udp.host / karuta.udp.port): " + e.getMessage(), e);
        }
    }
}
