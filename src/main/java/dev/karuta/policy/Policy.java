package dev.karuta.policy;

import dev.karuta.core.AnnounceRequest;
import dev.karuta.core.ScrapeRequest;

/**
 * A check run before the registry sees a request (torrent lists, client approval, passkeys). A
 * refusal is a {@link dev.karuta.core.TrackerException}; a check changes nothing.
 */
public interface Policy {
    /** Refuses the announce by throwing; returns normally to let it through. */
    default void checkAnnounce(AnnounceRequest request) {
    }

    /** Refuses the scrape by throwing; returns normally to let it through. */
    default void checkScrape(ScrapeRequest request) {
    }
}
