package dev.karuta.swarm;

import java.util.concurrent.atomic.LongAdder;

/**
 * Running totals over all swarms of a registry, kept exact by every add and removal path, and
 * counters of removals (expired peers, evicted swarms) that only grow.
 */
public final class RegistryTotals {
    final LongAdder torrents = new LongAdder();
    private final LongAdder seeders = new LongAdder();
    private final LongAdder downloaders = new LongAdder();
    private final LongAdder partialSeeds = new LongAdder();
    private final LongAdder peersV4 = new LongAdder();
    private final LongAdder peersV6 = new LongAdder();
    private final LongAdder peersExpired = new LongAdder();
    private final LongAdder peersReplaced = new LongAdder();
    private final LongAdder swarmsEvictedBySize = new LongAdder();
    private final LongAdder swarmsEvictedIdle = new LongAdder();

    /**
     * Totals read from elsewhere (a shared store), as one consistent copy: torrents, seeders,
     * downloaders, partial seeds, peers per family, and the removal counters.
     */
    public static RegistryTotals of(long torrents, long seeders, long downloaders, long partialSeeds, long peersV4,
                                    long peersV6, long peersExpired, long swarmsEvictedBySize, long swarmsEvictedIdle,
                                    long peersReplaced) {
        RegistryTotals t = new RegistryTotals();
        t.torrents.add(torrents);
        t.seeders.add(seeders);
        t.downloaders.add(downloaders);
        t.partialSeeds.add(partialSeeds);
        t.peersV4.add(peersV4);
        t.peersV6.add(peersV6);
        t.peersExpired.add(peersExpired);
        t.swarmsEvictedBySize.add(swarmsEvictedBySize);
        t.swarmsEvictedIdle.add(swarmsEvictedIdle);
        t.peersReplaced.add(peersReplaced);
        return t;
    }

    void add(int seederDelta, int downloaderDelta, int partialDelta, int v4Delta, int v6Delta) {
        if (seederDelta != 0) {
            seeders.add(seederDelta);
        }
        if (downloaderDelta != 0) {
            downloaders.add(downloaderDelta);
        }
        if (partialDelta != 0) {
            partialSeeds.add(partialDelta);
        }
        if (v4Delta != 0) {
            peersV4.add(v4Delta);
        }
        if (v6Delta != 0) {
            peersV6.add(v6Delta);
        }
    }

    void peersExpired(int count) {
        peersExpired.add(count);
    }

    void peerReplaced() {
        peersReplaced.increment();
    }

    void swarmEvicted(boolean idle) {
        (idle ? swarmsEvictedIdle : swarmsEvictedBySize).increment();
    }

    /** Swarms currently held. */
    public long torrents() {
        return torrents.sum();
    }

    /** Peers with nothing left. */
    public long seeders() {
        return seeders.sum();
    }

    /** Peers downloading. */
    public long downloaders() {
        return downloaders.sum();
    }

    /** BEP 21 partial seeds. */
    public long partialSeeds() {
        return partialSeeds.sum();
    }

    /** All peers. */
    public long peers() {
        return seeders() + downloaders() + partialSeeds();
    }

    /** Peers reachable over IPv4 (a dual-stack peer counts in both families). */
    public long peersV4() {
        return peersV4.sum();
    }

    /** Peers reachable over IPv6. */
    public long peersV6() {
        return peersV6.sum();
    }

    /** Peers removed because their TTL ran out, whichever path found them; only grows. */
    public long peersExpired() {
        return peersExpired.sum();
    }

    /**
     * Peers removed to make room for a new peer of the same address beyond
     * {@link RegistrySettings#perAddress}; only grows.
     */
    public long peersReplaced() {
        return peersReplaced.sum();
    }

    /** Swarms dropped to keep the registry within its most torrents; only grows. */
    public long swarmsEvictedBySize() {
        return swarmsEvictedBySize.sum();
    }

    /** Swarms dropped because nobody announced to them for the idle time; only grows. */
    public long swarmsEvictedIdle() {
        return swarmsEvictedIdle.sum();
    }
}
