package dev.karuta.core;

import java.util.function.BiConsumer;

/** The tracker's protocol logic, shared by every frontend (HTTP, UDP, later WebSocket). */
public interface Tracker {

    /**
     * Records the announcing peer (or removes it on {@code stopped}) and picks peers for it.
     *
     * @throws TrackerException when the announce is refused; nothing changes then
     */
    AnnounceResponse announce(AnnounceRequest request);

    /**
     * Counts of the named torrents; unknown ones are reported with zeros.
     *
     * @throws TrackerException when the scrape is refused
     */
    ScrapeResponse scrape(ScrapeRequest request);

    /** Hands every known torrent with its counts to {@code sink} (full scrape), in no particular order. */
    void scrapeAll(BiConsumer<InfoHash, SwarmStats> sink);
}
