package dev.karuta.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.core.InfoHash;
import dev.karuta.core.PeerId;
import dev.karuta.core.SwarmStats;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Coalescing, draining and putting back: nothing lost, nothing twice, memory bounded by distinct keys. */
class PendingTest {
    private static final Torrent T = new Torrent(7, InfoHash.fromHex("00112233445566778899aabbccddeeff00112233"),
            FreeLeech.NORMAL);
    private final Pending pending = new Pending();

    private static Batch.PeerRow row(long up) {
        return new Batch.PeerRow(1, 7, PeerId.fromHex("2d5452343035302d6162636465666768696a6b6c"), true, up, 0, 0, 0, 0,
                0, 1, "", "", 0);
    }

    @Test
    void entriesCoalescePerKeyAndDrainOnce() {
        for (int i = 0; i < 1000; i++) {
            pending.credit(1, 10, 20);
            pending.torrent(T, i % 100 == 0 ? 1 : 0, 5);
            pending.peer(row(i));
        }
        assertEquals(3, pending.size(), "one user, one torrent, one peer");
        Batch b = pending.drain(h -> new SwarmStats(2, 3, 1, 9));
        assertEquals(List.of(new Batch.UserDelta(1, 10_000, 20_000)), b.users());
        assertEquals(List.of(new Batch.TorrentDelta(7, 2, 4, 10, 5000)), b.torrents(), "partial seeds are leechers");
        assertEquals(999, b.peers().get(0).uploaded(), "the latest row");
        assertTrue(pending.drain(h -> SwarmStats.EMPTY).isEmpty());
    }

    @Test
    void aPutBackBatchMergesWithWhatCameMeanwhileAndANewerPeerRowWins() {
        pending.credit(1, 100, 0);
        pending.peer(row(1));
        pending.tokenDownload(1, 7, 50);
        pending.tokenUsedUp(1, 7);
        pending.snatch(new Batch.Snatch(1, 7, 10, ""));
        pending.torrent(T, 1, 100);
        Batch failed = pending.drain(h -> SwarmStats.EMPTY);
        pending.credit(1, 5, 0);
        pending.peer(row(2));
        pending.putBack(failed, id -> T.infoHash());
        Batch b = pending.drain(h -> new SwarmStats(1, 0, 0, 0));
        assertEquals(List.of(new Batch.UserDelta(1, 105, 0)), b.users());
        assertEquals(2, b.peers().get(0).uploaded());
        assertEquals(List.of(new Batch.TokenDelta(1, 7, 50)), b.tokenDownloads());
        assertEquals(1, b.tokensUsedUp().size());
        assertEquals(1, b.snatches().size());
        assertEquals(List.of(new Batch.TorrentDelta(7, 1, 0, 1, 100)), b.torrents(), "counts read afresh");
    }

    @Test
    void concurrentCreditsAndDrainsLoseNothing() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        AtomicBoolean done = new AtomicBoolean();
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            writers.add(pool.submit(() -> {
                for (int i = 0; i < 200_000; i++) {
                    pending.credit(i % 50, 1, 2);
                }
            }));
        }
        long[] total = new long[2];
        Future<?> drainer = pool.submit(() -> {
            while (!done.get()) {
                for (Batch.UserDelta d : pending.drain(h -> SwarmStats.EMPTY).users()) {
                    total[0] += d.uploaded();
                    total[1] += d.downloaded();
                }
            }
        });
        for (Future<?> f : writers) {
            f.get();
        }
        done.set(true);
        drainer.get();
        pool.shutdown();
        for (Batch.UserDelta d : pending.drain(h -> SwarmStats.EMPTY).users()) {
            total[0] += d.uploaded();
            total[1] += d.downloaded();
        }
        assertEquals(600_000, total[0]);
        assertEquals(1_200_000, total[1]);
    }
}
