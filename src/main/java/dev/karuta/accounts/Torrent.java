package dev.karuta.accounts;

import dev.karuta.core.InfoHash;
import java.util.Objects;

/**
 * A torrent registered on a private tracker.
 *
 * @param id       the site's torrent id (positive)
 * @param infoHash its info hash
 * @param free     how its transfer counts
 */
public record Torrent(int id, InfoHash infoHash, FreeLeech free) {
    public Torrent {
        if (id <= 0) {
            throw new IllegalArgumentException("a torrent id must be positive");
        }
        Objects.requireNonNull(infoHash, "infoHash");
        Objects.requireNonNull(free, "free");
    }

    /** This torrent with another freeleech state. */
    public Torrent withFree(FreeLeech state) {
        return new Torrent(id, infoHash, state);
    }
}
