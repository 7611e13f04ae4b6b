package dev.karuta.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.policy.Policy;
import dev.karuta.policy.PolicyChain;
import dev.karuta.swarm.CaffeineSwarmRegistry;
import dev.karuta.swarm.RegistrySettings;
import dev.karuta.testing.FakeTicker;
import java.util.List;
import org.junit.jupiter.api.Test;

class StandardTrackerTest {
    private final CaffeineSwarmRegistry registry = new CaffeineSwarmRegistry(RegistrySettings.defaults(), new FakeTicker());

    private static AnnounceRequest request(int peer, Event event) {
        byte[] id = new byte[20];
        id[19] = (byte) peer;
        return new AnnounceRequest(InfoHash.of(new byte[20]), PeerId.of(id),
                PeerAddress.of(new byte[] {10, 0, 0, (byte) peer}, 6881), null, 0, 0, 5, event, -1, 0, false);
    }

    @Test
    void intervalCarriesJitterWithinItsBound() {
        StandardTracker t = new StandardTracker(new AnnounceSettings(1800, 240, 900, 50, 200), PolicyChain.empty(), registry);
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (int i = 0; i < 500; i++) {
            int interval = t.announce(request(1, Event.NONE)).interval();
            min = Math.min(min, interval);
            max = Math.max(max, interval);
        }
        assertTrue(min >= 1800 && max <= 2040 && max > min, min + ".." + max);
    }

    @Test
    void stoppedGetsNoPeersAndExternalIpIsTheSource() {
        StandardTracker t = new StandardTracker(AnnounceSettings.defaults(), PolicyChain.empty(), registry);
        t.announce(request(1, Event.STARTED));
        AnnounceResponse r = t.announce(request(2, Event.STOPPED));
        assertEquals(0, r.peers().count(AddressFamily.V4));
        assertArrayEquals(new byte[] {10, 0, 0, 2}, r.externalIp());
        assertEquals(1, t.announce(request(2, Event.STARTED)).peers().count(AddressFamily.V4));
    }

    @Test
    void policiesRunFirstAndRefusalsChangeNothing() {
        Policy refuseAll = new Policy() {
            @Override
            public void checkAnnounce(AnnounceRequest request) {
                throw new TrackerException("not here");
            }
        };
        StandardTracker t = new StandardTracker(AnnounceSettings.defaults(), new PolicyChain(List.of(refuseAll)), registry);
        assertThrows(TrackerException.class, () -> t.announce(request(1, Event.STARTED)));
        assertEquals(0, registry.totals().torrents());
    }

    @Test
    void scrapeAnswersEachDistinctHashOnceInByteOrder() {
        StandardTracker t = new StandardTracker(AnnounceSettings.defaults(), PolicyChain.empty(), registry);
        byte[] high = new byte[20];
        high[0] = (byte) 0xff;
        InfoHash a = InfoHash.of(new byte[20]);
        InfoHash b = InfoHash.of(high);
        ScrapeResponse r = t.scrape(new ScrapeRequest(List.of(b, a, b)));
        assertEquals(List.of(a, b), List.copyOf(r.files().keySet()));
        assertEquals(900, r.minRequestInterval());
    }
}
