package dev.karuta.swarm;

import dev.karuta.core.PeerAddress;

/** A peer's place in one address family's {@link Pool}: its address there and its list links. */
final class Slot {
    final Peer owner;
    PeerAddress address;
    long subnetKey;
    /** Index in the pool's dense array. */
    int index = -1;
    /** Neighbours in the pool's ring of slots sharing {@link #subnetKey} (itself when alone). */
    Slot subnetPrev;
    Slot subnetNext;

    Slot(Peer owner, PeerAddress address) {
        this.owner = owner;
        this.address = address;
    }
}
