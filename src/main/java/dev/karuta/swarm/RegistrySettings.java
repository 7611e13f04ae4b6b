package dev.karuta.swarm;

import java.time.Duration;

/**
 * How a swarm registry keeps peers.
 *
 * @param peerTtl        a peer not heard from for this long is gone
 * @param swarmIdle      a swarm nobody touched for this long is dropped (at least {@code peerTtl})
 * @param maxTorrents    the most swarms held; the least recently used go first beyond it
 * @param subnetPrefixV4 IPv4 prefix length (0..32) whose peers are picked first; 0 turns it off
 * @param subnetPrefixV6 IPv6 prefix length (0..64) whose peers are picked first; 0 turns it off
 * @param perAddress     most peers of one address (IPv4 /32, IPv6 /64, by the family the peer announced
 *                       from) in one swarm; a new peer beyond it replaces the address's least recently
 *                       announced one; 0: no limit
 */
public record RegistrySettings(Duration peerTtl, Duration swarmIdle, long maxTorrents, int subnetPrefixV4,
                               int subnetPrefixV6, int perAddress) {
    /** The default {@link #perAddress}. */
    public static final int PER_ADDRESS = 64;

    /** Settings with the default bound of peers per address. */
    public RegistrySettings(Duration peerTtl, Duration swarmIdle, long maxTorrents, int subnetPrefixV4,
                            int subnetPrefixV6) {
        this(peerTtl, swarmIdle, maxTorrents, subnetPrefixV4, subnetPrefixV6, PER_ADDRESS);
    }

    public RegistrySettings {
        if (peerTtl.isNegative() || peerTtl.isZero()) {
            throw new IllegalArgumentException("peer TTL must be positive");
        }
        if (peerTtl.compareTo(MAX_TTL) > 0) {
            // Swarms keep times as 32-bit milliseconds, compared with wrap-around.
            throw new IllegalArgumentException("peer TTL must be at most " + MAX_TTL.toDays() + " days");
        }
        if (swarmIdle.compareTo(peerTtl) < 0) {
            throw new IllegalArgumentException("swarm idle time must be at least the peer TTL");
        }
        if (maxTorrents < 1) {
            throw new IllegalArgumentException("max torrents must be positive");
        }
        if (subnetPrefixV4 < 0 || subnetPrefixV4 > 32) {
            throw new IllegalArgumentException("IPv4 subnet prefix must be 0..32");
        }
        if (subnetPrefixV6 < 0 || subnetPrefixV6 > 64) {
            throw new IllegalArgumentException("IPv6 subnet prefix must be 0..64");
        }
        if (perAddress < 0) {
            throw new IllegalArgumentException("peers per address must be 0 (no limit) or positive");
        }
    }

    /** The longest peer TTL. */
    public static final Duration MAX_TTL = Duration.ofDays(20);

    /** Defaults: TTL 2700 s, idle = TTL, 1M torrents, /24 and /48 first, 64 peers per address. */
    public static RegistrySettings defaults() {
        return new RegistrySettings(Duration.ofSeconds(2700), Duration.ofSeconds(2700), 1_000_000, 24, 48);
    }
}
