package dev.karuta.core;

/**
 * Counts of one swarm at one moment.
 *
 * @param seeders      peers with nothing left ({@code complete})
 * @param downloaders  peers downloading
 * @param partialSeeds BEP 21 peers that paused with data left; counted in {@code incomplete}
 * @param snatches     completed downloads ever reported ({@code downloaded} in scrape)
 */
public record SwarmStats(int seeders, int downloaders, int partialSeeds, long snatches) {
    /** The counts of a swarm that has no peers and no snatches. */
    public static final SwarmStats EMPTY = new SwarmStats(0, 0, 0, 0);

    /** BEP 48 {@code complete}. */
    public int complete() {
        return seeders;
    }

    /** BEP 48 {@code incomplete}: everyone not a full seeder, partial seeds included (BEP 21). */
    public int incomplete() {
        return downloaders + partialSeeds;
    }

    /** All peers. */
    public int peers() {
        return seeders + downloaders + partialSeeds;
    }
}
