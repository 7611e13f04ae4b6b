package dev.karuta.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.core.AnnounceRequest;
import dev.karuta.core.Answers;
import dev.karuta.core.Event;
import dev.karuta.core.InfoHash;
import dev.karuta.core.PeerAddress;
import dev.karuta.core.PeerId;
import dev.karuta.core.SwarmStats;
import dev.karuta.core.Swarms;
import dev.karuta.sql.StoreException;
import dev.karuta.swarm.CaffeineSwarmRegistry;
import dev.karuta.swarm.RegistrySettings;
import dev.karuta.testing.FakeTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Snatches count in memory at once and reach the database only by {@code flush()}, each delta exactly
 * once: added to what is there, kept through a failed flush, never lost to a flush running alongside.
 */
class JdbcSnatchLedgerTest extends StoreTestBase {
    private static final InfoHash A = InfoHash.fromHex("aa".repeat(20));
    private static final InfoHash B = InfoHash.fromHex("bb".repeat(20));
    private static final InfoHash C = InfoHash.fromHex("cc".repeat(20));

    private static long stored(Database db, InfoHash h) {
        return queryLong(db, "SELECT snatches FROM karuta_snatches WHERE info_hash = ?", h.toHex());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    void snatchesCountInMemoryAndAFlushWritesThemOnce(TestDatabase kind) throws Exception {
        Database db = open(fresh(kind));
        JdbcSnatchLedger ledger = JdbcSnatchLedger.load(db);
        assertEquals(0, ledger.base(A));
        for (int i = 0; i < 3; i++) {
            ledger.snatched(A);
        }
        ledger.snatched(B);
        assertEquals(3, ledger.base(A), "counted at once");
        assertEquals(4, ledger.pending());
        assertEquals(-1, stored(db, A), "nothing written before the flush");
        assertEquals(2, ledger.flush(), "two torrents written");
        assertEquals(0, ledger.pending());
        assertEquals(3, stored(db, A));
        assertEquals(1, stored(db, B));
        assertEquals(0, ledger.flush(), "nothing new, nothing written");
        assertEquals(3, stored(db, A));
        JdbcSnatchLedger reloaded = JdbcSnatchLedger.load(db);
        assertEquals(3, reloaded.base(A));
        assertEquals(1, reloaded.base(B));
        assertEquals(0, reloaded.base(C));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    void aFlushAddsToWhatIsStored(TestDatabase kind) throws Exception {
        Database db = open(fresh(kind));
        update(db, "INSERT INTO karuta_snatches (info_hash, snatches) VALUES ('" + A.toHex() + "', 40)");
        JdbcSnatchLedger ledger = JdbcSnatchLedger.load(db);
        assertEquals(40, ledger.base(A));
        ledger.snatched(A);
        ledger.snatched(A);
        ledger.flush();
        // Another node sharing the database adds its own deltas meanwhile; neither overwrites the other.
        update(db, "UPDATE karuta_snatches SET snatches = snatches + 100 WHERE info_hash = '" + A.toHex() + "'");
        ledger.snatched(A);
        ledger.flush();
        assertEquals(143, stored(db, A));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    void aFailedFlushKeepsItsDeltasAndTheNextWritesEachOnce(TestDatabase kind) throws Exception {
        Database db = open(fresh(kind));
        JdbcSnatchLedger ledger = JdbcSnatchLedger.load(db);
        ledger.snatched(A);
        ledger.flush();
        ledger.snatched(A);
        ledger.snatched(B);
        ledger.snatched(C);
        // C's row is refused, so the flush fails part-way through its batch.
        update(db, "ALTER TABLE karuta_snatches ADD CONSTRAINT karuta_test_no_c CHECK (info_hash <> '" + C.toHex()
                + "')");
        assertThrows(StoreException.class, ledger::flush);
        assertEquals(1, stored(db, A), "the failed flush wrote nothing: its transaction was rolled back");
        assertEquals(-1, stored(db, B));
        assertEquals(3, ledger.pending(), "its deltas are kept");
        ledger.snatched(B); // counted while the database refuses
        assertThrows(StoreException.class, ledger::flush);
        assertEquals(4, ledger.pending());
        update(db, "ALTER TABLE karuta_snatches DROP CONSTRAINT karuta_test_no_c");
        assertEquals(3, ledger.flush());
        assertEquals(2, stored(db, A));
        assertEquals(2, stored(db, B));
        assertEquals(1, stored(db, C));
        assertEquals(0, ledger.flush());
        assertEquals(2, stored(db, A), "each delta written exactly once");
        assertEquals(2, ledger.base(B));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    void snatchesCountedDuringFlushesAreNeitherLostNorDoubled(TestDatabase kind) throws Exception {
        Database db = open(fresh(kind));
        // Room for two of the three counts: the reader below keeps reading them back from the database.
        JdbcSnatchLedger ledger = JdbcSnatchLedger.load(db, 2);
        InfoHash[] hashes = {A, B, C};
        int threads = 3;
        int perThread = 2000;
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(threads + 2);
        try {
            Future<Integer> flusher = pool.submit(() -> {
                int flushes = 0;
                while (!done.get()) {
                    ledger.flush();
                    flushes++;
                }
                return flushes;
            });
            Future<?> reader = pool.submit(() -> {
                for (int i = 0; !done.get(); i++) {
                    ledger.base(hashes[i % hashes.length]);
                }
            });
            List<Future<?>> snatchers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                snatchers.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        ledger.snatched(hashes[i % hashes.length]);
                    }
                }));
            }
            for (Future<?> f : snatchers) {
                f.get(60, TimeUnit.SECONDS);
            }
            done.set(true);
            flusher.get(60, TimeUnit.SECONDS);
            reader.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
        ledger.flush();
        long total = 0;
        for (InfoHash h : hashes) {
            assertEquals(ledger.base(h), stored(db, h), h + ": memory and database agree");
            total += stored(db, h);
        }
        assertEquals((long) threads * perThread, total);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    void aDamagedRowIsSkippedWhenLoading(TestDatabase kind) throws Exception {
        Database db = open(fresh(kind));
        update(db, "INSERT INTO karuta_snatches (info_hash, snatches) VALUES ('" + "zz".repeat(20) + "', 5)",
                "INSERT INTO karuta_snatches (info_hash, snatches) VALUES ('" + B.toHex() + "', 6)");
        JdbcSnatchLedger ledger = JdbcSnatchLedger.load(db);
        assertEquals(6, ledger.base(B));
        assertEquals(0, ledger.base(C));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    void memoryStaysBoundedWhateverHashesAreSnatchedAndRealCountsStayExact(TestDatabase kind) throws Exception {
        Database db = open(fresh(kind));
        update(db, "INSERT INTO karuta_snatches (info_hash, snatches) VALUES ('" + A.toHex() + "', 40)");
        int bound = 1000;
        JdbcSnatchLedger ledger = JdbcSnatchLedger.load(db, bound);
        java.util.Random random = new java.util.Random(19);
        long most = 0;
        for (int i = 0; i < 20_000; i++) {
            // What a swarm does: its base when it is created, then its snatch.
            byte[] b = new byte[20];
            random.nextBytes(b);
            InfoHash junk = InfoHash.of(b);
            ledger.base(junk);
            ledger.snatched(junk);
            if (i % 200 == 0) {
                assertEquals(40 + i / 200, ledger.base(A));
                ledger.snatched(A);
            }
            if (i % 2_000 == 1_999) {
                ledger.flush();
            }
            most = Math.max(most, ledger.torrents());
        }
        ledger.flush();
        assertEquals(0, ledger.pending());
        // Between two flushes, the deltas of 2,000 torrents wait besides the bounded counts.
        assertTrue(most <= bound + 2_000, "held " + most + " torrents in memory");
        assertTrue(ledger.torrents() <= bound, "held " + ledger.torrents() + " torrents after the flush");
        assertEquals(140, ledger.base(A));
        assertEquals(140, JdbcSnatchLedger.load(db, bound).base(A), "exact after a restart");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    void aSnatchCountedBeforeTheCountIsReadAddsToIt(TestDatabase kind) throws Exception {
        Database db = open(fresh(kind));
        update(db, "INSERT INTO karuta_snatches (info_hash, snatches) VALUES ('" + A.toHex() + "', 40)");
        JdbcSnatchLedger ledger = JdbcSnatchLedger.load(db, 10);
        ledger.snatched(A);
        assertEquals(41, ledger.base(A), "the stored count and the pending snatch");
        ledger.snatched(A);
        assertEquals(42, ledger.base(A));
        ledger.flush();
        assertEquals(42, stored(db, A));
        JdbcSnatchLedger restarted = JdbcSnatchLedger.load(db, 10);
        assertEquals(42, restarted.base(A));
        restarted.snatched(A);
        restarted.flush();
        assertEquals(43, JdbcSnatchLedger.load(db, 10).base(A));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    void anUnknownTorrentScrapesAsItsStoredCountAndANewSwarmContinuesFromIt(TestDatabase kind) throws Exception {
        Database db = open(fresh(kind));
        update(db, "INSERT INTO karuta_snatches (info_hash, snatches) VALUES ('" + A.toHex() + "', 40)");
        FakeTime time = new FakeTime();
        try (CaffeineSwarmRegistry registry = new CaffeineSwarmRegistry(RegistrySettings.defaults(), time,
                JdbcSnatchLedger.load(db, 10))) {
            assertEquals(new SwarmStats(0, 0, 0, 40), registry.stats(A), "no swarm: the stored count");
            assertEquals(SwarmStats.EMPTY, registry.stats(B));
            PeerAddress from = PeerAddress.of(new byte[] {10, 0, 0, 1}, 6881);
            Answers.join(registry.announce(AnnounceRequest.builder(A, PeerId.of(new byte[20]), from).left(0)
                    .event(Event.COMPLETED).numWant(10).build(), 0, Swarms.NO_OWNER));
            assertEquals(41, registry.stats(A).snatches());
        }
    }
}
