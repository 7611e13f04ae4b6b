package dev.karuta.soak;

import dev.karuta.core.Event;
import java.util.SplittableRandom;

/**
 * How simulated peers come and go. A free slot takes a new peer (a third are seeders from the
 * start) on a Zipf-like torrent, over UDP, HTTP keep-alive or HTTP with a connection per request.
 * Each time a live peer is due it stops, vanishes (never heard from again: only its TTL and the
 * sweep can remove it), completes, pauses (BEP 21, HTTP only) or just re-announces. Once the churn
 * is over, live peers only re-announce, and nobody joins or leaves.
 */
final class ChurnModel {
    /** What a due peer does next. */
    enum Step { JOIN, ANNOUNCE, COMPLETE, PAUSE, STOP, VANISH }

    private final SoakSettings settings;
    private final Torrents torrents;
    private final SplittableRandom random;

    ChurnModel(SoakSettings settings, Torrents torrents, long seed) {
        this.settings = settings;
        this.torrents = torrents;
        this.random = new SplittableRandom(seed);
    }

    /** The next step of {@code peer}; null when the slot is free and nobody joins any more. */
    Step next(SimPeer peer, boolean churn) {
        if (!peer.alive) {
            return churn ? Step.JOIN : null;
        }
        if (!churn) {
            return Step.ANNOUNCE;
        }
        double r = random.nextDouble();
        if (r < settings.stopChance()) {
            return Step.STOP;
        }
        if (r < settings.stopChance() + settings.vanishChance()) {
            return Step.VANISH;
        }
        if (peer.left > 0 && random.nextDouble() < settings.completeChance()) {
            return Step.COMPLETE;
        }
        if (peer.left > 0 && !peer.paused && peer.transport != SimPeer.Transport.UDP
                && random.nextDouble() < settings.pauseChance()) {
            return Step.PAUSE;
        }
        return Step.ANNOUNCE;
    }

    /** Makes the slot a new peer, about to send {@code started}. */
    void join(SimPeer peer) {
        double t = random.nextDouble();
        SimPeer.Transport transport = t < settings.udpShare() ? SimPeer.Transport.UDP
                : t < settings.udpShare() + settings.closeShare() ? SimPeer.Transport.HTTP_CLOSE
                : SimPeer.Transport.HTTP_KEEP_ALIVE;
        long left = random.nextInt(3) == 0 ? 0 : 1 + random.nextLong(1L << 32);
        peer.reincarnate(torrents.pick(random), transport, left);
    }

    /** The event a step sends, after changing the peer's state as the step says. */
    static Event apply(SimPeer peer, Step step) {
        switch (step) {
            case JOIN:
                return Event.STARTED;
            case COMPLETE:
                peer.left = 0;
                peer.paused = false;
                return Event.COMPLETED;
            case PAUSE:
                peer.paused = true;
                return Event.PAUSED;
            case STOP:
                return Event.STOPPED;
            default:
                // A partial seed says paused on every announce (BEP 21); a downloader makes progress.
                if (peer.left > 1) {
                    peer.left -= peer.left / 8;
                }
                return peer.paused ? Event.PAUSED : Event.NONE;
        }
    }

    /** A delay in [0, {@code bound}) nanoseconds, to spread joins. */
    long spread(long bound) {
        return random.nextLong(bound);
    }
}
