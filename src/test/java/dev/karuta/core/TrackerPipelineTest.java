package dev.karuta.core;

import static dev.karuta.core.Answers.join;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.swarm.CaffeineSwarmRegistry;
import dev.karuta.swarm.RegistrySettings;
import dev.karuta.testing.FakeTime;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TrackerPipelineTest {
    private static final InfoHash HASH = InfoHash.of(new byte[20]);
    private final CaffeineSwarmRegistry registry = new CaffeineSwarmRegistry(RegistrySettings.defaults(), new FakeTime());

    @AfterEach
    void close() {
        registry.close();
    }

    private static AnnounceRequest request(int peer, long left, Event event, int numWant) {
        byte[] id = new byte[20];
        id[18] = (byte) (peer >> 8);
        id[19] = (byte) peer;
        return AnnounceRequest.builder(HASH, PeerId.of(id), PeerAddress.of(new byte[] {10, (byte) (peer >> 8), 0, (byte) peer}, 6881))
                .left(left).event(event).numWant(numWant).key(peer).build();
    }

    private static AnnounceRequest request(int peer, Event event) {
        return request(peer, 5, event, -1);
    }

    private TrackerPipeline tracker(AnnounceSettings settings) {
        return new TrackerPipeline(settings, registry, List.of());
    }

    @Test
    void intervalCarriesJitterWithinItsBound() {
        TrackerPipeline t = tracker(new AnnounceSettings(1800, 240, 900, 50, 200));
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            AnnounceResponse r = join(t.announce(request(1, Event.NONE)));
            assertTrue(r.interval() >= 1800 && r.interval() <= 2040, "interval " + r.interval());
            assertEquals(900, r.minInterval());
            seen.add(r.interval());
        }
        assertTrue(seen.size() > 100, "jitter spreads the intervals: " + seen.size());
        assertTrue(seen.contains(1800) || seen.contains(1801), "the low end is reachable");
        assertTrue(seen.contains(2040) || seen.contains(2039), "the high end is reachable");
    }

    @Test
    void noJitterMeansTheExactInterval() {
        TrackerPipeline t = tracker(new AnnounceSettings(1800, 0, 900, 50, 200));
        for (int i = 0; i < 50; i++) {
            assertEquals(1800, join(t.announce(request(1, Event.NONE))).interval());
        }
    }

    @Test
    void stoppedGetsNoPeersAndLeaves() {
        TrackerPipeline t = tracker(AnnounceSettings.defaults());
        join(t.announce(request(1, Event.STARTED)));
        join(t.announce(request(2, Event.STARTED)));
        AnnounceResponse r = join(t.announce(request(2, 5, Event.STOPPED, 50)));
        assertEquals(0, r.peers().count(AddressFamily.V4));
        assertEquals(0, r.peers().count(AddressFamily.V6));
        assertEquals(new SwarmStats(0, 1, 0, 0), r.stats());
        assertEquals(0, join(t.announce(request(1, Event.NONE))).peers().count(AddressFamily.V4), "peer 2 is gone");
    }

    @Test
    void externalIpIsTheSourceIpBytes() {
        TrackerPipeline t = tracker(AnnounceSettings.defaults());
        assertArrayEquals(new byte[] {10, 0, 0, 2}, join(t.announce(request(2, Event.STARTED))).externalIp());
        byte[] ip6 = {0x20, 1, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7};
        AnnounceRequest over6 = AnnounceRequest.builder(HASH, PeerId.of(new byte[20]), PeerAddress.of(ip6, 1))
                .other(PeerAddress.of(new byte[] {10, 9, 9, 9}, 1)).left(5).event(Event.STARTED).numWant(-1).build();
        assertArrayEquals(ip6, join(t.announce(over6)).externalIp(), "the connection's address, not the other one");
    }

    @Test
    void numWantIsDefaultedAndClampedBeforeTheRegistry() {
        TrackerPipeline t = tracker(new AnnounceSettings(1800, 0, 900, 3, 5));
        for (int i = 1; i <= 10; i++) {
            join(t.announce(request(i, 0, Event.STARTED, 0)));
        }
        assertEquals(3, join(t.announce(request(100, 5, Event.STARTED, -1))).peers().count(AddressFamily.V4));
        assertEquals(5, join(t.announce(request(100, 5, Event.NONE, 1000))).peers().count(AddressFamily.V4));
        assertEquals(2, join(t.announce(request(100, 5, Event.NONE, 2))).peers().count(AddressFamily.V4));
        assertEquals(0, join(t.announce(request(100, 5, Event.NONE, 0))).peers().count(AddressFamily.V4));
    }

    @Test
    void policiesRunFirstAndRefusalsChangeNothing() {
        Hook refuseAll = new Hook() {
            @Override
            public void admit(AnnounceRequest request, Admission admission) {
                throw new TrackerException("not here");
            }

            @Override
            public void admitScrape(ScrapeRequest request) {
                throw new TrackerException("nor here");
            }
        };
        TrackerPipeline t = new TrackerPipeline(AnnounceSettings.defaults(), registry,
                List.of(refuseAll));
        assertEquals("not here", assertThrows(TrackerException.class, () -> join(t.announce(request(1, Event.STARTED))))
                .getMessage());
        assertThrows(TrackerException.class, () -> t.scrape(new ScrapeRequest(List.of(HASH))));
        assertEquals(0, registry.totals().torrents());
    }

    @Test
    void scrapeAnswersEachDistinctHashOnceInByteOrder() {
        TrackerPipeline t = tracker(AnnounceSettings.defaults());
        join(t.announce(request(1, 0, Event.STARTED, -1)));
        join(t.announce(request(2, 5, Event.PAUSED, -1)));
        byte[] high = new byte[20];
        high[0] = (byte) 0xff;
        byte[] mid = new byte[20];
        mid[0] = 0x7f;
        InfoHash b = InfoHash.of(high);
        InfoHash m = InfoHash.of(mid);
        ScrapeResponse r = t.scrape(new ScrapeRequest(List.of(b, HASH, m, b, HASH)));
        assertEquals(List.of(HASH, m, b), List.copyOf(r.files().keySet()));
        assertEquals(Map.of(HASH, new SwarmStats(1, 0, 1, 0), m, SwarmStats.EMPTY, b, SwarmStats.EMPTY),
                Map.copyOf(r.files()));
        assertEquals(900, r.minRequestInterval());
        assertEquals(1, registry.totals().torrents(), "scraping unknown hashes creates nothing");
    }

    @Test
    void fullScrapeHandsOutEveryTorrent() {
        TrackerPipeline t = tracker(AnnounceSettings.defaults());
        join(t.announce(request(1, 0, Event.STARTED, -1)));
        Map<InfoHash, SwarmStats> all = new java.util.HashMap<>();
        t.scrapeAll(null, all::put);
        assertEquals(Map.of(HASH, new SwarmStats(1, 0, 0, 0)), all);
    }
}
