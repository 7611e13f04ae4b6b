package dev.karuta.app.config;

import static dev.karuta.app.config.ValueParser.bool;
import static dev.karuta.app.config.ValueParser.integer;

import java.util.List;

/** The keys of the WebSocket tracker (WebTorrent, {@code ws://HOST/announce}). */
public final class WsKeys {
    public static final Key<Boolean> ENABLED = Key.of("karuta.ws.enabled", "true", bool(),
            "whether `ws://HOST/announce` (WebTorrent's WebSocket tracker) is served");
    public static final Key<Integer> INTERVAL = Key.of("karuta.ws.interval", "120", integer(10, 86_400),
            "seconds between a WebTorrent client's announces (each brings fresh offers)");
    public static final Key<Integer> PEER_TTL = Key.of("karuta.ws.peerTtl", "360", integer(30, 86_400),
            "seconds after which a silent WebRTC peer is gone");
    public static final Key<Integer> IDLE_TIMEOUT = Key.of("karuta.ws.idleTimeout", "360", integer(30, 86_400),
            "seconds after which a silent WebSocket connection is closed");
    public static final Key<Integer> MAX_MESSAGE = Key.of("karuta.ws.maxMessageBytes", "65536",
            integer(1024, 16 << 20),
            "largest message answered (bytes); a larger one gets a failure, one over twice this closes the"
                    + " connection (1009)");
    public static final Key<Integer> MAX_OFFERS = Key.of("karuta.ws.maxOffers", "20", integer(1, 100),
            "most WebRTC offers in one announce (more are refused)");
    public static final Key<Integer> MAX_SWARMS = Key.of("karuta.ws.maxTorrentsPerConnection", "64",
            integer(1, 10_000), "most torrents one WebSocket connection may announce into at once");
    public static final Key<Integer> MAX_QUEUED = Key.of("karuta.ws.maxQueuedBytes", "1048576",
            integer(65_536, 256 << 20),
            "most characters waiting to be sent to one connection; beyond it the connection is closed as a"
                    + " slow consumer (1013)");

    public static final Key<Integer> MAX_CONNECTIONS = Key.of("karuta.ws.maxConnections", "20000",
            integer(1, 10_000_000), "most WebSocket connections open at once (each holds about 14 KiB of heap"
                    + " on Jetty); one more is closed at once (1013)");
    public static final Key<Integer> MAX_PER_ADDRESS = Key.of("karuta.ws.maxConnectionsPerAddress", "64",
            integer(1, 1_000_000), "most WebSocket connections open at once from one IPv4 address or IPv6 /64;"
                    + " one more is closed at once (1013)");

    static final List<Key<?>> ALL = List.of(ENABLED, INTERVAL, PEER_TTL, IDLE_TIMEOUT, MAX_MESSAGE, MAX_OFFERS,
            MAX_SWARMS, MAX_QUEUED, MAX_CONNECTIONS, MAX_PER_ADDRESS);

    private WsKeys() {
    }
}
