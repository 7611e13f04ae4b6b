package dev.karuta.swarm.rtc;

import dev.karuta.core.InfoHash;
import dev.karuta.core.PeerId;

/**
 * Carries a message for a WebRTC peer whose connection another node holds to that node, which hands it
 * to {@link RtcSwarms#deliver}. At most once: a message for a peer that is gone by then is dropped.
 */
public interface Relay {
    /**
     * Sends {@code text} (the exact JSON the peer is to receive) for peer {@code to} of {@code hash} to
     * node {@code node}; false when it could not be sent (too large, the store is unreachable).
     */
    boolean send(String node, InfoHash hash, PeerId to, String text);
}
