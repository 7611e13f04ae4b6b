package dev.karuta.soak;

import dev.karuta.core.Event;

/** Sends one announce for a simulated peer and checks the answer. */
interface Announcer {
    /**
     * Announces {@code event} for {@code peer} on {@code infoHash} and returns the interval the tracker
     * answered (s).
     *
     * @throws Exception when there is no answer or the answer is wrong (the message says how)
     */
    int announce(SimPeer peer, byte[] infoHash, Event event) throws Exception;
}
