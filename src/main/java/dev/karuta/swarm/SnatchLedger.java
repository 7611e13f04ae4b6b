package dev.karuta.swarm;

import dev.karuta.core.InfoHash;

/**
 * Keeps each torrent's snatch count beyond the life of its swarm: a new swarm starts counting at
 * {@link #base}, and every snatch a swarm counts is reported through {@link #snatched}. Both are
 * called on the announce path (under the swarm's lock): {@link #snatched} does no I/O, and {@link #base}
 * at most one bounded read for a torrent it does not hold (a new swarm, a scrape of an unknown torrent);
 * the Redis registry asks {@link #base} at every announce, so a held count is answered from memory.
 */
public interface SnatchLedger {
    /** Remembers nothing: every new swarm starts at zero. */
    SnatchLedger NONE = new SnatchLedger() {
        @Override
        public long base(InfoHash infoHash) {
            return 0;
        }

        @Override
        public void snatched(InfoHash infoHash) {
        }
    };

    /** The snatches of {@code infoHash} counted so far, 0 when none; where a new swarm starts. */
    long base(InfoHash infoHash);

    /** Records one more snatch of {@code infoHash}. */
    void snatched(InfoHash infoHash);
}
