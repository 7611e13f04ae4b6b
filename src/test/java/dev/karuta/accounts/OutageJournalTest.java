package dev.karuta.accounts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.accounts.jdbc.JdbcAccountsStore;
import dev.karuta.core.InfoHash;
import dev.karuta.core.SwarmStats;
import dev.karuta.core.TimeSource;
import dev.karuta.sql.StoreException;
import dev.karuta.store.Database;
import dev.karuta.store.StoreTestBase;
import dev.karuta.store.TestDatabase;
import dev.karuta.testing.FakeTime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A crash (the flusher dropped without its stop) during a database outage, through the real
 * {@link AccountsFlusher} and the real accounts store on H2, PostgreSQL and MariaDB: the journal holds
 * every flush interval but the last, and a new flusher with the database back writes it once; also
 * when the crash came after that write committed and before the journal was deleted, after a commit
 * whose answer was lost, and for the spill file of a stop with the database down.
 */
class OutageJournalTest extends StoreTestBase {
    private static final Torrent TORRENT = new Torrent(10, InfoHash.fromHex("00".repeat(19) + "0a"), FreeLeech.NORMAL);
    private static final int USERS = 3;

    private Database db;
    private Cuttable store;
    private Path dataDir;

    /** The real store, which the test cuts off: every call fails as a database that is down does. */
    private static final class Cuttable implements AccountsStore {
        final AccountsStore real;
        volatile boolean cut;
        /** Writes that commit and then fail, as when the connection is lost during the commit. */
        volatile int commitThenFail;

        Cuttable(AccountsStore real) {
            this.real = real;
        }

        @Override
        public RosterData load() {
            return real.load();
        }

        @Override
        public List<Batch.PeerRow> resumePeers(long since) {
            return real.resumePeers(since);
        }

        @Override
        public List<Refusal> write(long flushId, Batch batch) {
            if (cut) {
                throw new StoreException("database cut off (test)");
            }
            List<Refusal> refused = real.write(flushId, batch);
            if (commitThenFail > 0) {
                commitThenFail--;
                throw new StoreException("connection lost during the commit (test)");
            }
            return refused;
        }

        @Override
        public Optional<RosterEditor> editor() {
            return real.editor();
        }

        @Override
        public void close() {
            real.close();
        }
    }

    private void open(TestDatabase kind) throws Exception {
        db = open(fresh(kind));
        store = new Cuttable(new JdbcAccountsStore(db, new FakeTime()));
        for (int id = 1; id <= USERS; id++) {
            store.editor().orElseThrow().saveUser(new User(id, "pk" + String.format("%030d", id), true, true));
        }
        store.editor().orElseThrow().saveTorrent(TORRENT);
        dataDir = tmp.resolve("karuta-data");
    }

    /** A flusher as a fresh start makes it: it takes up what the data directory keeps. */
    private AccountsFlusher started(Pending pending) {
        AccountsFlusher flusher = new AccountsFlusher(pending, store, h -> SwarmStats.EMPTY,
                id -> id == TORRENT.id() ? TORRENT.infoHash() : null, dataDir, Duration.ZERO, TimeSource.SYSTEM);
        flusher.takeUp(AccountsFlusher.leftOver(dataDir));
        return flusher;
    }

    /** One flush interval of announces: every user uploads {@code round} MB, the torrent's balance too. */
    private static void interval(Pending pending, int round) {
        for (int id = 1; id <= USERS; id++) {
            pending.credit(id, round * 1_000_000L * id, round * 1000L);
        }
        pending.torrent(TORRENT, 1, round);
    }

    /** What rounds 1..n credited user {@code id}. */
    private static long[] upTo(int n, int id) {
        long rounds = (long) n * (n + 1) / 2;
        return new long[] {rounds * 1_000_000L * id, rounds * 1000L};
    }

    private long[] written(int id) {
        return new long[] {queryLong(db, "SELECT uploaded FROM karuta_users WHERE id = ?", id),
                queryLong(db, "SELECT downloaded FROM karuta_users WHERE id = ?", id)};
    }

    private void assertWritten(int rounds, String why) {
        for (int id = 1; id <= USERS; id++) {
            assertArrayEquals(upTo(rounds, id), written(id), why + ", user " + id);
        }
        assertEquals(rounds, queryLong(db, "SELECT snatched FROM karuta_torrents WHERE id = 10"), why + ", snatches");
        assertEquals((long) rounds * (rounds + 1) / 2,
                queryLong(db, "SELECT balance FROM karuta_torrents WHERE id = 10"), why + ", balance");
    }

    private Path journal() {
        return dataDir.resolve(AccountsJournal.FILE_NAME);
    }

    /** Rounds 1..4 with the database cut after round 1; round 5 is announced and never flushed. */
    private void outageThenCrash() {
        Pending pending = new Pending();
        AccountsFlusher flusher = started(pending);
        interval(pending, 1);
        assertTrue(flusher.flush());
        assertFalse(Files.exists(journal()), "no journal while the database takes the flushes");
        store.cut = true;
        for (int round = 2; round <= 4; round++) {
            interval(pending, round);
            assertFalse(flusher.flush(), "the database is cut off");
            assertTrue(Files.exists(journal()), "journaled after the failed flush of round " + round);
        }
        interval(pending, 5);
        assertWritten(1, "only what came before the outage");
        // The crash: the flusher is dropped, never closed; its memory is gone.
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    void aCrashDuringAnOutageLosesOnlyTheLastIntervalAndTheReplayCountsOnce(TestDatabase kind) throws Exception {
        open(kind);
        outageThenCrash();
        store.cut = false;
        AccountsFlusher after = started(new Pending());
        assertTrue(after.flush());
        assertWritten(4, "every interval journaled, once; round 5 came after the last journaled flush");
        assertFalse(Files.exists(journal()), "the journal is deleted once its flushes are written");
        assertTrue(after.flush());
        assertWritten(4, "and nothing twice");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    void aCrashAfterTheReplayCommittedAndBeforeTheJournalWasDeletedCountsNothingTwice(TestDatabase kind)
            throws Exception {
        open(kind);
        outageThenCrash();
        store.cut = false;
        Path copy = tmp.resolve("journal-before-replay");
        Files.copy(journal(), copy);
        assertTrue(started(new Pending()).flush());
        assertWritten(4, "replayed");
        // The crash came between the commit and the deletion: the journal is still there at the next start.
        Files.copy(copy, journal(), StandardCopyOption.REPLACE_EXISTING);
        AccountsFlusher again = started(new Pending());
        assertTrue(again.flush());
        assertWritten(4, "the replayed flushes are known by their numbers and not written again");
        assertFalse(Files.exists(journal()));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    void aReplayWhoseCommitAnswerWasLostThenAnotherCrashCountsOnce(TestDatabase kind) throws Exception {
        open(kind);
        outageThenCrash();
        store.cut = false;
        store.commitThenFail = 1;
        Pending pending = new Pending();
        AccountsFlusher after = started(pending);
        interval(pending, 6);
        assertFalse(after.flush(), "the first kept flush committed, its answer lost");
        // Crash again: the journal now holds the rest, and round 6 under a number of its own.
        AccountsFlusher third = started(new Pending());
        assertTrue(third.flush());
        for (int id = 1; id <= USERS; id++) {
            long[] expected = upTo(4, id);
            expected[0] += 6 * 1_000_000L * id;
            expected[1] += 6 * 1000L;
            assertArrayEquals(expected, written(id), "rounds 1-4 and 6 once each, user " + id);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    void aStopWithTheDatabaseDownSpillsEverythingAndACrashAfterTheNextStartsWriteCountsNothingTwice(
            TestDatabase kind) throws Exception {
        open(kind);
        Pending pending = new Pending();
        AccountsFlusher flusher = started(pending);
        interval(pending, 1);
        assertTrue(flusher.flush());
        store.cut = true;
        interval(pending, 2);
        assertFalse(flusher.flush());
        interval(pending, 3);
        flusher.close();
        Path spill = dataDir.resolve(AccountsFlusher.FILE_NAME);
        assertTrue(Files.exists(spill), "spilled");
        assertFalse(Files.exists(journal()), "the spill file holds all the journal held");
        store.cut = false;
        Path copy = tmp.resolve("spill-before-replay");
        Files.copy(spill, copy);
        assertTrue(started(new Pending()).flush());
        assertWritten(3, "every round, round 3 included: a stop loses nothing");
        Files.copy(copy, spill, StandardCopyOption.REPLACE_EXISTING);
        assertTrue(started(new Pending()).flush());
        assertWritten(3, "the spill file's flushes, numbered, are not written twice");
    }
}
