package dev.karuta.core;

/**
 * One step of the {@link TrackerPipeline}, in the spirit of Chihaya's middleware: admission before the
 * registry (torrent and client lists, bans, private mode's passkey and rights), work after it
 * (accounting). Every method has a default that lets the request through unchanged, so a hook
 * implements only the steps it takes part in. A refusal is a {@link TrackerException}, thrown before
 * anything changes.
 */
public interface Hook {
    /**
     * Checks an announce before the registry sees it; refuses by throwing, and may note on
     * {@code admission} who owns the peer or that it joins no swarm.
     */
    default void admit(AnnounceRequest request, Admission admission) {
    }

    /**
     * Runs after the registry took the announce ({@code result} is null when the admission kept it out
     * of the swarms), before the answer is shaped. Called in the thread that completed the registry's
     * answer: it must not block.
     */
    default void after(AnnounceRequest request, Admission admission, AnnounceResult result) {
    }

    /** Checks a scrape before any count is read; refuses by throwing. */
    default void admitScrape(ScrapeRequest request) {
    }

    /** Whether a scrape may tell the counts of {@code infoHash} (a torrent left out is not answered). */
    default boolean shows(InfoHash infoHash) {
        return true;
    }

    /** Checks a full scrape from {@code source} (null when unknown) before anything is read; refuses by throwing. */
    default void admitFullScrape(PeerAddress source) {
    }

    /** Whether a full scrape (every torrent) may be answered at all. */
    default boolean listsAll() {
        return true;
    }
}
