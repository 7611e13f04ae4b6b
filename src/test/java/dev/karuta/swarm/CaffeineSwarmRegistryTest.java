package dev.karuta.swarm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.karuta.core.AnnounceRequest;
import dev.karuta.core.Event;
import dev.karuta.core.InfoHash;
import dev.karuta.core.SwarmStats;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CaffeineSwarmRegistryTest extends SwarmRegistryContract {

    @Override
    protected SwarmRegistry create(RegistrySettings settings, Ticker ticker) {
        return new CaffeineSwarmRegistry(settings, ticker);
    }

    private static InfoHash hash(int n) {
        byte[] b = new byte[20];
        b[19] = (byte) n;
        b[18] = (byte) (n >> 8);
        return InfoHash.of(b);
    }

    @Test
    void evictionBeyondMaxTorrentsKeepsTotalsExact() {
        registry.close();
        registry = create(new RegistrySettings(TTL, Duration.ofSeconds(3600), 10, 24, 48), ticker);
        for (int t = 0; t < 50; t++) {
            for (int p = 0; p < 3; p++) {
                registry.announce(new AnnounceRequest(hash(t), peer(p), v4(10, 0, t, p, 1), null, 0, 0, p == 0 ? 0 : 9,
                        Event.STARTED, 0, p, true), 0);
            }
        }
        registry.sweep(); // lets the cache finish its maintenance
        long torrents = registry.totals().torrents();
        assertEquals(true, torrents <= 10, "bounded: " + torrents);
        long[] sums = new long[3];
        long[] count = new long[1];
        registry.forEach((h, s) -> {
            sums[0] += s.seeders();
            sums[1] += s.downloaders();
            count[0]++;
        });
        assertEquals(torrents, count[0]);
        assertEquals(sums[0], registry.totals().seeders(), "totals match a full scan");
        assertEquals(sums[1], registry.totals().downloaders());
        assertEquals(sums[0] + sums[1], registry.totals().peersV4());
    }

    @Test
    void idleSwarmsAreDroppedAndLeaveTheTotals() {
        registry.announce(req(1, v4(10, 0, 0, 1, 1), 0, Event.STARTED), 0);
        ticker.advance(Duration.ofSeconds(3601));
        registry.sweep();
        assertEquals(0, registry.totals().torrents());
        assertEquals(0, registry.totals().peers());
        assertEquals(SwarmStats.EMPTY, registry.stats(HASH));
    }
}
