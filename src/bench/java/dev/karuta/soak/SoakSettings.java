package dev.karuta.soak;

import java.time.Duration;

/**
 * What one soak run does: how long the churning load runs, how many simulated peers over how many
 * torrents, through how many client threads, and the tracker's short timings. Every value can be set
 * with a {@code karuta.soak.*} system property (see {@link #fromSystemProperties()}).
 *
 * @param seconds       how long peers join, announce, complete, stop and vanish (the churn)
 * @param peers         simulated peers alive at any time (a peer that leaves is replaced by a new one)
 * @param torrents      torrents they spread over (Zipf-like: a few big swarms, many small)
 * @param workers       client threads; each owns a share of the peers and one of each transport
 * @param interval      the tracker's announce interval (s); peers re-announce when it says
 * @param jitter        the tracker's interval jitter (s)
 * @param ttl           the tracker's peer TTL (s): a peer that vanishes is gone this long after its last announce
 * @param sweep         the tracker's sweep period (s)
 * @param udpShare      share of peers that announce over UDP
 * @param closeShare    share of peers that announce over HTTP with a connection per request (the rest keep-alive)
 * @param stopChance    chance that a re-announcing peer sends {@code stopped} instead
 * @param vanishChance  chance that a peer due to re-announce goes silent for good
 * @param completeChance chance that a downloading peer announces {@code completed} (nothing left)
 * @param pauseChance   chance that a downloading HTTP peer becomes a BEP 21 partial seed
 * @param seed          seed of the churn's randomness (a run is repeatable up to thread timing)
 */
public record SoakSettings(int seconds, int peers, int torrents, int workers, int interval, int jitter, int ttl,
                           int sweep, double udpShare, double closeShare, double stopChance, double vanishChance,
                           double completeChance, double pauseChance, long seed) {

    /** CI defaults: 2 minutes, 10,000 live peers over 3,000 torrents, about 1,800 announces/s. */
    public static SoakSettings defaults() {
        return new SoakSettings(120, 10_000, 3_000, 6, 5, 1, 15, 1, 0.4, 0.12, 0.04, 0.04, 0.1, 0.02, 1);
    }

    /** The defaults, each replaced by its {@code karuta.soak.NAME} system property when set. */
    public static SoakSettings fromSystemProperties() {
        SoakSettings d = defaults();
        return new SoakSettings(i("seconds", d.seconds), i("peers", d.peers), i("torrents", d.torrents),
                i("workers", d.workers), i("interval", d.interval), i("jitter", d.jitter), i("ttl", d.ttl),
                i("sweep", d.sweep), f("udpShare", d.udpShare), f("closeShare", d.closeShare),
                f("stopChance", d.stopChance), f("vanishChance", d.vanishChance),
                f("completeChance", d.completeChance), f("pauseChance", d.pauseChance),
                Long.getLong("karuta.soak.seed", d.seed));
    }

    public SoakSettings {
        if (seconds < 1 || peers < 1 || torrents < 1 || workers < 1 || interval < 1 || jitter < 0 || sweep < 1) {
            throw new IllegalArgumentException("soak settings must be positive: " + this);
        }
        // A peer that keeps announcing must never pass its TTL, even a little late.
        if (ttl < 2 * (interval + jitter)) {
            throw new IllegalArgumentException("karuta.soak.ttl must be at least twice interval + jitter");
        }
        if (peers > 50_000) {
            throw new IllegalArgumentException("at most 50,000 peers (each has a port of its own)");
        }
    }

    /** These settings with {@code seconds} of churn. */
    public SoakSettings withSeconds(int seconds) {
        return new SoakSettings(seconds, peers, torrents, workers, interval, jitter, ttl, sweep, udpShare, closeShare,
                stopChance, vanishChance, completeChance, pauseChance, seed);
    }

    /**
     * How long live peers keep announcing after the churn stops, with nobody joining or leaving: every
     * peer that vanished passes its TTL and at least two sweeps run after that.
     */
    public Duration tail() {
        return Duration.ofSeconds(ttl + interval + jitter + 2L * sweep + 1);
    }

    private static int i(String name, int fallback) {
        return Integer.getInteger("karuta.soak." + name, fallback);
    }

    private static double f(String name, double fallback) {
        String v = System.getProperty("karuta.soak." + name);
        return v == null ? fallback : Double.parseDouble(v);
    }
}
