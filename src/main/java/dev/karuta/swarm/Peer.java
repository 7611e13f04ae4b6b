package dev.karuta.swarm;

import dev.karuta.core.AddressFamily;
import dev.karuta.core.PeerId;
import dev.karuta.swarm.PeerView.State;

/** One peer of a swarm (identity: its peer_id), with a slot per address family it is reachable in. */
final class Peer {
    final PeerId id;
    Slot v4;
    Slot v6;
    State state;
    long lastSeen;
    int key;
    boolean hasKey;
    /** Whether this peer already counted its snatch. */
    boolean snatched;
    /** Whose peer this is ({@link SwarmRegistry#NO_OWNER} on a public tracker). */
    int owner;
    /** Neighbours in the swarm's list ordered by {@link #lastSeen}, oldest first. */
    Peer older;
    Peer newer;

    Peer(PeerId id) {
        this.id = id;
    }

    Slot slot(AddressFamily family) {
        return family == AddressFamily.V4 ? v4 : v6;
    }

    void setSlot(AddressFamily family, Slot slot) {
        if (family == AddressFamily.V4) {
            v4 = slot;
        } else {
            v6 = slot;
        }
    }

    /** Whether the peer wants no more data, so it is only handed downloaders. */
    boolean done() {
        return state != State.DOWNLOADER;
    }
}
