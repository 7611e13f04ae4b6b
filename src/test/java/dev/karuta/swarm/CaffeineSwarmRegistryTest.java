package dev.karuta.swarm;

import static dev.karuta.core.Answers.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.core.AnnounceRequest;
import dev.karuta.core.AnnounceResult;
import dev.karuta.core.Event;
import dev.karuta.core.SwarmStats;
import dev.karuta.core.Swarms;
import dev.karuta.core.TimeSource;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The contract, plus what the Caffeine cache adds: idle expiry and quiet reads. */
class CaffeineSwarmRegistryTest extends SwarmRegistryContract {

    @Override
    protected SwarmRegistry create(RegistrySettings settings, TimeSource ticker, SnatchLedger ledger) {
        return ledger == SnatchLedger.NONE ? new CaffeineSwarmRegistry(settings, ticker)
                : new CaffeineSwarmRegistry(settings, ticker, ledger);
    }

    @Test
    void idleSwarmsAreDroppedAndLeaveTheTotals() {
        join(registry.announce(req(1, v4(10, 0, 0, 1, 1), 0, Event.STARTED), 0, Swarms.NO_OWNER));
        ticker.advance(IDLE.plusSeconds(1));
        assertEquals(SwarmStats.EMPTY, registry.stats(HASH), "an idle swarm is gone even before the sweep");
        registry.sweep();
        assertEquals(0, registry.totals().torrents());
        assertEquals(0, registry.totals().peers());
        assertEquals(0, registry.totals().peersV4());
        assertEquals(SwarmStats.EMPTY, registry.stats(HASH));
    }

    /** Peer 1's announce on a second torrent. */
    private static AnnounceRequest onHash2(long left, Event event) {
        return AnnounceRequest.builder(hash(2), peer(1), v4(10, 0, 0, 1, 1)).left(left).event(event).numWant(50).key(1)
                .build();
    }

    @Test
    void idleSwarmsCountAsEvictedButSweptEmptySwarmsDoNot() {
        join(registry.announce(req(1, v4(10, 0, 0, 1, 1), 10, Event.STARTED), 0, Swarms.NO_OWNER));
        join(registry.announce(onHash2(0, Event.COMPLETED), 0, Swarms.NO_OWNER));
        ticker.advance(TTL);
        registry.sweep();
        assertEquals(1, registry.totals().torrents(), "the swarm without peers or snatches is gone");
        assertEquals(0, registry.totals().swarmsEvictedIdle() + registry.totals().swarmsEvictedBySize());
        ticker.advance(IDLE);
        registry.sweep();
        assertEquals(0, registry.totals().torrents());
        assertEquals(1, registry.totals().swarmsEvictedIdle(), "the snatch-only swarm went idle");
        assertEquals(0, registry.totals().swarmsEvictedBySize());
    }

    /**
     * Caffeine checks the size on the announcing thread after each write, so the flood of
     * {@link SwarmRegistryContract#aFloodOfJunkInfoHashesDoesNotPushOutSwarmsInRealUse} never holds more
     * than the bound, not even between two sweeps.
     */
    @Override
    protected boolean boundedAfterEveryWrite() {
        return true;
    }

    @Test
    void swarmsDroppedForRoomCountAsEvictedBySize() {
        registry.close();
        registry = create(new RegistrySettings(TTL, IDLE, 1, 24, 48), ticker);
        join(registry.announce(req(1, v4(10, 0, 0, 1, 1), 10, Event.STARTED), 0, Swarms.NO_OWNER));
        join(registry.announce(onHash2(10, Event.STARTED), 0, Swarms.NO_OWNER));
        registry.sweep();
        assertEquals(1, registry.totals().torrents());
        assertEquals(1, registry.totals().swarmsEvictedBySize());
        assertEquals(1, registry.totals().peers(), "the evicted swarm's peer left the totals");
        assertEquals(0, registry.totals().peersExpired(), "an evicted swarm's peers did not expire");
    }

    @Test
    void aSwarmWithOnlySnatchesLastsUntilItIsIdle() {
        join(registry.announce(req(1, v4(10, 0, 0, 1, 1), 0, Event.COMPLETED), 0, Swarms.NO_OWNER));
        ticker.advance(TTL);
        registry.sweep();
        assertEquals(new SwarmStats(0, 0, 0, 1), registry.stats(HASH));
        assertEquals(1, registry.totals().torrents());
        ticker.advance(IDLE);
        registry.sweep();
        assertEquals(0, registry.totals().torrents());
        assertEquals(SwarmStats.EMPTY, registry.stats(HASH));
    }

    @Test
    void aSwarmDroppedWhenIdleComesBackWithItsSnatchesFromTheLedger() {
        MemoryLedger ledger = new MemoryLedger();
        registry.close();
        registry = create(settings(), ticker, ledger);
        join(registry.announce(req(1, v4(10, 0, 0, 1, 1), 0, Event.COMPLETED), 0, Swarms.NO_OWNER));
        ticker.advance(IDLE.plusSeconds(1));
        registry.sweep();
        assertEquals(0, registry.totals().torrents());
        assertEquals(new SwarmStats(0, 0, 0, 1), registry.stats(HASH), "the scrape still says downloaded 1");
        assertEquals(new SwarmStats(1, 0, 0, 2), join(registry.announce(req(2, v4(10, 0, 0, 2, 1), 0, Event.COMPLETED), 0, Swarms.NO_OWNER))
                .stats());
    }

    @Test
    void scrapesDoNotKeepASwarmAlive() {
        join(registry.announce(req(1, v4(10, 0, 0, 1, 1), 0, Event.COMPLETED), 0, Swarms.NO_OWNER));
        for (int i = 0; i < 6; i++) {
            ticker.advance(IDLE.dividedBy(6));
            registry.stats(HASH);
        }
        registry.sweep();
        assertEquals(0, registry.totals().torrents());
    }

    @Test
    void anAnnounceToAnIdleSwarmStartsAFreshOneWithExactTotals() {
        join(registry.announce(req(1, v4(10, 0, 0, 1, 1), 5, Event.STARTED), 0, Swarms.NO_OWNER));
        join(registry.announce(req(2, v4(10, 0, 0, 2, 1), 0, Event.COMPLETED), 0, Swarms.NO_OWNER));
        ticker.advance(IDLE.plusSeconds(1));
        AnnounceResult r = join(registry.announce(req(3, v4(10, 0, 0, 3, 1), 0, Event.STARTED), 50, Swarms.NO_OWNER));
        assertEquals(new SwarmStats(1, 0, 0, 0), r.stats(), "no peer and no snatch of the idle swarm");
        assertEquals(0, r.peers().count(dev.karuta.core.AddressFamily.V4));
        assertEquals(1, registry.totals().torrents());
        assertEquals(1, registry.totals().peers());
        assertEquals(1, registry.totals().peersV4());
        assertTotalsMatchAScan();
    }

    @Test
    void idleTimeCountsFromTheLastAnnounce() {
        join(registry.announce(req(1, v4(10, 0, 0, 1, 1), 0, Event.COMPLETED), 0, Swarms.NO_OWNER));
        ticker.advance(IDLE.minus(Duration.ofSeconds(1)));
        join(registry.announce(req(1, v4(10, 0, 0, 1, 1), 0, Event.STOPPED), 0, Swarms.NO_OWNER));
        ticker.advance(IDLE.minus(Duration.ofSeconds(1)));
        registry.sweep();
        assertEquals(new SwarmStats(0, 0, 0, 1), registry.stats(HASH));
    }
}
