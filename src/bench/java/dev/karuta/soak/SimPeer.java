package dev.karuta.soak;

import dev.karuta.swarm.PeerView;
import java.nio.ByteBuffer;

/**
 * One slot of the simulated population and the driver's model of it: the peer that occupies the slot
 * now (a new peer_id each time the slot is re-used), whether the tracker should hold it, and in which
 * state. Touched only by the worker thread that owns the slot; read by the checks after that thread
 * has ended. The slots are made once, before the heap baseline, so the model costs no heap that grows
 * during the soak.
 */
final class SimPeer {
    /** How a peer talks to the tracker, fixed for the life of one peer. */
    enum Transport { HTTP_KEEP_ALIVE, HTTP_CLOSE, UDP }

    final int slot;
    /** Its own port, so that peers on one address stay distinct to a reader of the swarm. */
    final int port;
    final byte[] peerId = new byte[20];
    Transport transport = Transport.UDP;
    int torrent;
    int generation;
    long left;
    boolean paused;
    /** Whether the tracker should hold this peer: joined, answered, and neither stopped nor vanished. */
    boolean alive;
    /** When its next step is due ({@link System#nanoTime()}). */
    long due;
    /** When its last announce was answered. */
    long lastAnswered;

    SimPeer(int slot) {
        this.slot = slot;
        this.port = 10_000 + slot;
    }

    /** Makes the slot a new peer: a peer_id never used before ({@code -SK0001-}, slot, generation). */
    void reincarnate(int torrent, Transport transport, long left) {
        generation++;
        ByteBuffer.wrap(peerId).put("-SK0001-".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .putInt(slot).putInt(generation).putInt(0x5eed);
        this.torrent = torrent;
        this.transport = transport;
        this.left = left;
        this.paused = false;
        this.alive = false;
    }

    /** What the tracker should count this peer as. */
    PeerView.State state() {
        if (left == 0) {
            return PeerView.State.SEEDER;
        }
        return paused ? PeerView.State.PARTIAL_SEED : PeerView.State.DOWNLOADER;
    }
}
