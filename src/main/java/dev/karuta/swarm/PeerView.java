package dev.karuta.swarm;

import dev.karuta.core.PeerAddress;
import dev.karuta.core.PeerId;
import java.time.Duration;

/**
 * A copy of one peer of a swarm as the registry holds it, for the admin swarm browser and for
 * snapshots; taken under the swarm's lock, so its fields agree with each other.
 *
 * @param peerId   the peer's identity in its swarm
 * @param ipv4     where it is reachable over IPv4, or null
 * @param ipv6     where it is reachable over IPv6, or null
 * @param state    seeder, downloader or BEP 21 partial seed
 * @param idle     time since its last announce
 * @param key      its announce {@code key}, meaningful only when {@code hasKey}
 * @param hasKey   whether it ever sent a {@code key}
 * @param snatched whether it already counted its snatch
 */
public record PeerView(PeerId peerId, PeerAddress ipv4, PeerAddress ipv6, State state, Duration idle, int key,
                       boolean hasKey, boolean snatched) {
    /** What a peer is doing. */
    public enum State { DOWNLOADER, PARTIAL_SEED, SEEDER }
}
