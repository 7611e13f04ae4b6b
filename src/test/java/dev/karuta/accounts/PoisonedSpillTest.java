package dev.karuta.accounts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.core.SwarmStats;
import dev.karuta.core.TimeSource;
import dev.karuta.testing.MemoryAccountsStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A poisoned flush kept in the spill file by an earlier version (which retried it whole for ever) is
 * taken up at start and written with only its refused row set aside; a stop with the database down
 * then spills no poison, so a restart cannot repeat it.
 */
class PoisonedSpillTest {
    @TempDir
    Path dataDir;

    @Test
    void aPoisonedFlushLeftOnDiskIsWrittenAtStartWithItsRefusedRowSetAside() throws Exception {
        MemoryAccountsStore store = MemoryAccountsStore.keeping();
        store.write(users(new Batch.UserDelta(1, Long.MAX_VALUE, 0)));
        PendingFile.write(dataDir.resolve(AccountsFlusher.FILE_NAME), List.of(
                new KeptFlush(42L, users(new Batch.UserDelta(1, Long.MAX_VALUE, 0), new Batch.UserDelta(2, 100, 50))),
                new KeptFlush(43L, users(new Batch.UserDelta(3, 7, 0)))), System.currentTimeMillis());
        Pending pending = new Pending();
        AccountsFlusher flusher = new AccountsFlusher(pending, store, h -> SwarmStats.EMPTY, id -> null, dataDir,
                Duration.ZERO, TimeSource.SYSTEM);
        flusher.start(AccountsFlusher.leftOver(dataDir), Duration.ofHours(1));
        try {
            assertTrue(flusher.flush(), "the left-over flush is written, its poisoned row left out");
            assertArrayEquals(new long[] {Long.MAX_VALUE, 0}, store.user(1), "never wrapped");
            assertArrayEquals(new long[] {100, 50}, store.user(2));
            assertArrayEquals(new long[] {7, 0}, store.user(3));
            assertEquals(1, flusher.refused().count("user"));
            assertFalse(Files.exists(dataDir.resolve(AccountsFlusher.FILE_NAME)), "the left-over file is done");

            // The same user again, then the database goes down at stop: the spill holds no poison,
            // since nothing refused is ever kept for a retry.
            pending.credit(1, Long.MAX_VALUE, 0);
            assertTrue(flusher.flush());
            assertEquals(2, flusher.refused().count("user"));
            pending.credit(2, 1, 1);
            store.setDown(true);
        } finally {
            flusher.close();
        }
        LeftOver spilled = AccountsFlusher.leftOver(dataDir);
        assertEquals(List.of(new Batch.UserDelta(2, 1, 1)), spilled.merged().users(), "only what failed, no poison");
        assertTrue(spilled.damage().isEmpty());
    }

    private static Batch users(Batch.UserDelta... deltas) {
        return new Batch(List.of(deltas), List.of(), List.of(), List.of(), List.of(), List.of());
    }
}
