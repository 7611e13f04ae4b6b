package dev.karuta.core;

import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

/** The tracker's protocol logic, shared by every frontend (HTTP, UDP, later WebSocket). */
public interface Tracker {

    /**
     * Records the announcing peer (or removes it on {@code stopped}) and picks peers for it, answered
     * when the registry has it: at once in the caller's thread for the in-memory registry, later in the
     * registry's I/O thread for Redis, so what is chained to it must not block. It never throws: a
     * refusal completes the stage exceptionally with its {@link TrackerException} (possibly wrapped in
     * a {@link java.util.concurrent.CompletionException}; {@link Answers#cause} unwraps it), and
     * nothing changes then. Tests wait with {@link Answers#join}.
     */
    CompletionStage<AnnounceResponse> announce(AnnounceRequest request);

    /**
     * Counts of the named torrents; unknown ones are reported with zeros.
     *
     * @throws TrackerException when the scrape is refused
     */
    ScrapeResponse scrape(ScrapeRequest request);

    /**
     * Hands every known torrent with its counts to {@code sink} (full scrape), in no particular order,
     * for a requester at {@code source} (null when unknown).
     *
     * @throws TrackerException when the full scrape is refused (a banned source)
     */
    void scrapeAll(PeerAddress source, BiConsumer<InfoHash, SwarmStats> sink);
}
