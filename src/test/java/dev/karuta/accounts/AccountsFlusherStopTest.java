package dev.karuta.accounts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.core.TimeSource;
import dev.karuta.sql.StoreException;
import dev.karuta.testing.MemoryAccountsStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A stop never waits behind a write hung on the database: {@link AccountsFlusher#close} returns within
 * its deadline plus {@link AccountsFlusher#GRACE}, keeps the batch in flight (under its number) and
 * what came meanwhile in the file, and whatever the hung write finally does, the next start counts
 * every byte once.
 */
class AccountsFlusherStopTest {
    private static final Duration DEADLINE = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    /** The memory store, whose writes hang while {@link #hang} is set, until released. */
    private final class HangingStore implements AccountsStore {
        final MemoryAccountsStore memory = MemoryAccountsStore.keeping();
        volatile boolean hang;
        /** The next write fails at once, as a database that refuses connections does. */
        volatile boolean failNext;
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean commitOnRelease;
        final CountDownLatch returned = new CountDownLatch(1);

        @Override
        public RosterData load() {
            return memory.load();
        }

        @Override
        public List<Batch.PeerRow> resumePeers(long since) {
            return memory.resumePeers(since);
        }

        @Override
        public List<Refusal> write(long flushId, Batch batch) {
            if (failNext) {
                failNext = false;
                throw new StoreException("connection refused (test)");
            }
            if (!hang) {
                return memory.write(flushId, batch);
            }
            entered.countDown();
            try {
                // A read on a silent socket ignores interrupts: so does this wait.
                boolean interrupted = false;
                while (true) {
                    try {
                        release.await();
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                if (!commitOnRelease) {
                    throw new StoreException("the silent database's connection timed out (test)");
                }
                return memory.write(flushId, batch);
            } finally {
                returned.countDown();
            }
        }

        @Override
        public Optional<RosterEditor> editor() {
            return Optional.empty();
        }

        @Override
        public void close() {
        }
    }

    @ParameterizedTest(name = "the hung write finally commits: {0}")
    @ValueSource(booleans = {true, false})
    void aStopDuringAHungFlushReturnsInTimeKeepsEverythingAndTheNextStartCountsItOnce(boolean commits)
            throws Exception {
        HangingStore store = new HangingStore();
        Pending pending = new Pending();
        AccountsFlusher flusher = flusher(pending, store);
        pending.credit(1, 100, 10);
        assertTrue(flusher.flush(), "written while the database answers");
        assertArrayEquals(new long[] {100, 10}, store.memory.user(1));

        store.hang = true;
        pending.credit(1, 700, 70);
        flusher.start(LeftOver.NONE, Duration.ofMillis(20));
        assertTrue(store.entered.await(10, TimeUnit.SECONDS), "a flush is waiting on the database");
        pending.credit(1, 5, 0); // came during the hung flush

        long start = System.nanoTime();
        flusher.close();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(DEADLINE.plus(AccountsFlusher.GRACE).plusSeconds(3)) < 0, "stopped after " + took);

        LeftOver left = AccountsFlusher.leftOver(dir);
        assertEquals(2, left.flushes().size(), "the batch in flight, then what came during it: " + left.flushes());
        assertNotEquals(0, left.flushes().get(0).id(), "the batch in flight is kept under its number");
        assertEquals(List.of(new Batch.UserDelta(1, 700, 70)), left.flushes().get(0).batch().users());
        assertEquals(List.of(new Batch.UserDelta(1, 5, 0)), left.flushes().get(1).batch().users());

        store.commitOnRelease = commits;
        store.release.countDown();
        assertTrue(store.returned.await(10, TimeUnit.SECONDS));
        assertArrayEquals(new long[] {commits ? 800 : 100, commits ? 80 : 10}, store.memory.user(1));
        assertTrue(Files.exists(dir.resolve(AccountsFlusher.FILE_NAME)), "a late write leaves the file alone");

        store.hang = false;
        AccountsFlusher next = flusher(new Pending(), store);
        next.start(AccountsFlusher.leftOver(dir), Duration.ofHours(1));
        assertTrue(next.flush());
        next.close();
        assertArrayEquals(new long[] {805, 80}, store.memory.user(1), "every byte once");
        assertTrue(Files.notExists(dir.resolve(AccountsFlusher.FILE_NAME)), "gone once written");
    }

    /**
     * During an outage a write may take long to fail (a pool waiting for a connection, a silent
     * database); the journal still takes what comes meanwhile once an interval, on its own thread, so a
     * crash then loses one interval, not the interval plus the hung write.
     */
    @Test
    void aWriteHungInAnOutageDoesNotHoldTheJournalBack() throws Exception {
        HangingStore store = new HangingStore();
        Pending pending = new Pending();
        AccountsFlusher flusher = flusher(pending, store);
        pending.credit(1, 100, 10);
        store.failNext = true;
        assertFalse(flusher.flush(), "the outage begins");
        assertArrayEquals(new long[] {100, 10}, JournalContents.userTotals(dir).get(1), "journaled at the failure");

        store.hang = true;
        flusher.start(LeftOver.NONE, Duration.ofMillis(20));
        try {
            assertTrue(store.entered.await(10, TimeUnit.SECONDS), "a retry is waiting on the database");
            pending.credit(1, 5, 0); // comes while the write hangs
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            long[] journaled = JournalContents.userTotals(dir).get(1);
            while (journaled[0] != 105 && System.nanoTime() < deadline) {
                Thread.sleep(20);
                journaled = JournalContents.userTotals(dir).get(1);
            }
            assertArrayEquals(new long[] {105, 10}, journaled, "journaled while the write still hangs");
            assertEquals(1, store.returned.getCount(), "the write still hangs");
        } finally {
            store.release.countDown();
            flusher.close();
        }
    }

    @Test
    void aStopWithTheDatabaseAnsweringWritesEverythingAndLeavesNoFile() throws Exception {
        HangingStore store = new HangingStore();
        Pending pending = new Pending();
        AccountsFlusher flusher = flusher(pending, store);
        flusher.start(LeftOver.NONE, Duration.ofHours(1));
        pending.credit(2, 40, 4);
        flusher.close();
        assertArrayEquals(new long[] {40, 4}, store.memory.user(2));
        assertTrue(Files.notExists(dir.resolve(AccountsFlusher.FILE_NAME)));
        assertEquals(0, flusher.waiting());
    }

    private AccountsFlusher flusher(Pending pending, AccountsStore store) {
        return new AccountsFlusher(pending, store, hash -> null, id -> null, dir, DEADLINE, TimeSource.SYSTEM);
    }
}
