package dev.karuta.ws;

import java.time.Duration;

/**
 * The WebSocket tracker's settings.
 *
 * @param enabled         whether {@code ws://HOST/announce} is served
 * @param interval        seconds between a WebTorrent client's announces ({@code interval} of every answer)
 * @param peerTtl         how long a peer stays after its last announce
 * @param idleTimeout     how long a connection may stay silent before it is closed
 * @param maxMessageBytes the largest message answered; twice as much closes the connection (1009)
 * @param maxOffers       most offers in one announce; more are refused
 * @param maxSwarms       most torrents one connection may announce into at once
 * @param maxQueuedBytes  most characters waiting to be sent to one connection; beyond it the connection
 *                        is closed as a slow consumer
 * @param maxConnections  most connections open at once; one more is closed at once (1013)
 * @param maxConnectionsPerAddress most connections open at once from one IPv4 address or IPv6 /64
 */
public record WsSettings(boolean enabled, int interval, Duration peerTtl, Duration idleTimeout,
                         int maxMessageBytes, int maxOffers, int maxSwarms, int maxQueuedBytes,
                         int maxConnections, int maxConnectionsPerAddress) {
    /** The defaults, for tests. */
    public static final WsSettings DEFAULTS = new WsSettings(true, 120, Duration.ofSeconds(360),
            Duration.ofSeconds(360), 65_536, 20, 64, 1 << 20, 20_000, 64);
}
