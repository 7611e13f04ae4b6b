package dev.karuta.accounts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.core.InfoHash;
import dev.karuta.core.PeerId;
import dev.karuta.core.SwarmStats;
import dev.karuta.core.TimeSource;
import dev.karuta.testing.Cleanup;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link AccountsStore} does, whatever keeps the accounts: it loads the roster it holds,
 * adds batches' deltas to the totals and replaces live counts, writes a numbered flush once, hands back
 * at start the peer rows still fresh and retires the others, and has an editor exactly when it is the
 * source of truth of the roster. A subclass opens the store on its database with a given roster and
 * reads the totals back its own way.
 */
public abstract class AccountsStoreContract {
    protected static final User ALICE = new User(1, "a".repeat(31) + "1", true, true);
    protected static final User BOB = new User(2, "b".repeat(31) + "2", true, true);
    protected static final Torrent TEN = new Torrent(10, hash(10), FreeLeech.NORMAL);
    protected static final Torrent ELEVEN = new Torrent(11, hash(11), FreeLeech.NORMAL);
    protected static final RosterData.Token TOKEN = new RosterData.Token(1, 10);
    /** A time peer rows are dated around, in epoch seconds. */
    protected static final long NOW = 1_770_000_000L;

    private final Cleanup cleanup = new Cleanup();
    @TempDir
    Path dataDir;

    /**
     * A store whose roster holds {@code users}, {@code torrents} and {@code tokens} (torrents not
     * snatched yet) and no accounting; closed after the test by the caller of {@link #closeLater}.
     */
    protected abstract AccountsStore open(List<User> users, List<Torrent> torrents, List<RosterData.Token> tokens)
            throws Exception;

    /** {uploaded, downloaded} the store holds for {@code userId}. */
    protected abstract long[] userTotals(int userId) throws Exception;

    /** {seeders, leechers, snatched, balance} the store holds for {@code torrentId}. */
    protected abstract long[] torrentState(int torrentId) throws Exception;

    /** Whether the store is the source of truth of its roster (it must then have an editor). */
    protected abstract boolean ownsRoster();

    /** Closes {@code closeable} after the test, before what was registered earlier. */
    protected <T extends AutoCloseable> T closeLater(T closeable) {
        cleanup.push(closeable);
        return closeable;
    }

    private AccountsStore seeded() throws Exception {
        return closeLater(open(List.of(ALICE, BOB), List.of(TEN, ELEVEN), List.of(TOKEN)));
    }

    @Test
    void loadReturnsTheRosterItHolds() throws Exception {
        RosterData data = seeded().load();
        assertEquals(List.of(ALICE, BOB), data.users());
        assertEquals(List.of(new RosterData.Registered(TEN, 0), new RosterData.Registered(ELEVEN, 0)),
                data.torrents());
        assertEquals(List.of(TOKEN), data.tokens());
        assertEquals(List.of(), data.whitelist());
    }

    @Test
    void usersTotalsAddUpAcrossBatches() throws Exception {
        AccountsStore store = seeded();
        store.write(new Batch(List.of(new Batch.UserDelta(1, 100, 50), new Batch.UserDelta(2, 7, 0)), List.of(),
                List.of(), List.of(), List.of(), List.of()));
        store.write(new Batch(List.of(new Batch.UserDelta(1, 10, 5)), List.of(), List.of(), List.of(), List.of(),
                List.of()));
        assertArrayEquals(new long[] {110, 55}, userTotals(1));
        assertArrayEquals(new long[] {7, 0}, userTotals(2));
    }

    @Test
    void torrentsCountsAreReplacedAndTheirTotalsAdded() throws Exception {
        AccountsStore store = seeded();
        store.write(new Batch(List.of(), List.of(new Batch.TorrentDelta(10, 3, 2, 1, 400)), List.of(), List.of(),
                List.of(), List.of()));
        store.write(new Batch(List.of(), List.of(new Batch.TorrentDelta(10, 1, 4, 2, -100)), List.of(), List.of(),
                List.of(), List.of()));
        assertArrayEquals(new long[] {1, 4, 3, 300}, torrentState(10));
        assertArrayEquals(new long[] {0, 0, 0, 0}, torrentState(11));
    }

    @Test
    void aFlushWrittenAgainUnderItsNumberCountsOnce() throws Exception {
        AccountsStore store = seeded();
        Batch batch = new Batch(List.of(new Batch.UserDelta(1, 100, 50)), List.of(), List.of(), List.of(), List.of(),
                List.of());
        store.write(42L, batch);
        store.write(42L, batch);
        store.write(43L, batch);
        assertArrayEquals(new long[] {200, 100}, userTotals(1));
    }

    @Test
    void anEmptyBatchWritesNothing() throws Exception {
        AccountsStore store = seeded();
        store.write(Batch.EMPTY);
        assertArrayEquals(new long[] {0, 0}, userTotals(1));
        assertEquals(List.of(ALICE, BOB), store.load().users());
    }

    /**
     * One user reporting {@code Long.MAX_VALUE} at every flush, through the real flusher: the first
     * flushes that fit the column are written, then that user's row (and a torrent's balance pushed
     * the same way) is refused by the database, set aside and counted, while every other row of every
     * flush is written and nothing is kept for a retry; no total ever wraps or goes down.
     */
    @Test
    void aUserAtLongMaxIsSetAsideWhileEveryoneElseIsStillWrittenAndNothingWraps() throws Exception {
        AccountsStore store = seeded();
        Pending pending = new Pending();
        AccountsFlusher flusher = new AccountsFlusher(pending, store, hash -> SwarmStats.EMPTY, id -> null, dataDir,
                Duration.ZERO, TimeSource.SYSTEM);
        BigInteger max = BigInteger.valueOf(Long.MAX_VALUE);
        int flushes = 3;
        BigInteger previous = BigInteger.ZERO;
        for (int n = 1; n <= flushes; n++) {
            pending.credit(1, Long.MAX_VALUE, 0);
            pending.credit(2, 100, 50);
            pending.torrent(TEN, 0, Long.MAX_VALUE);
            pending.torrent(ELEVEN, 1, 10);

            assertTrue(flusher.flush(), "flush " + n + " is written, the refused rows left out");
            assertEquals(0, flusher.waiting(), "nothing is kept for a retry after flush " + n);
            assertArrayEquals(new long[] {100L * n, 50L * n}, userTotals(2), "the other user after flush " + n);
            long[] eleven = torrentState(11);
            assertEquals(n, eleven[2], "the other torrent's snatches after flush " + n);
            assertEquals(10L * n, eleven[3], "the other torrent's balance after flush " + n);
            BigInteger up = uploaded(1);
            assertTrue(up.signum() >= 0 && up.compareTo(previous) >= 0, "never negative, never down: " + up);
            previous = up;
        }
        int fit = uploadedLimit().divide(max).min(BigInteger.valueOf(flushes)).intValueExact();
        assertEquals(max.multiply(BigInteger.valueOf(fit)), uploaded(1), "the flushes that fit the column");
        assertEquals(Long.MAX_VALUE, torrentState(10)[3], "the balance stays at the one write that fit");
        assertEquals(flushes - fit, flusher.refused().count("user"));
        assertEquals(flushes - 1, flusher.refused().count("torrent"));
        List<String> kept = Files.readAllLines(dataDir.resolve(RefusedRows.FILE_NAME));
        assertEquals(flushes - fit + flushes - 1, kept.size(), String.join("\n", kept));
        assertTrue(kept.stream().filter(l -> l.contains(" user 1: uploaded +" + Long.MAX_VALUE + ", downloaded +0"))
                .count() == flushes - fit, String.join("\n", kept));
        assertTrue(kept.stream().noneMatch(l -> l.contains(ALICE.passkey())), "no passkey kept");
    }

    /** The largest total a user's {@code uploaded} column holds: a signed BIGINT unless overridden. */
    protected BigInteger uploadedLimit() {
        return BigInteger.valueOf(Long.MAX_VALUE);
    }

    /** The {@code uploaded} total the store holds for {@code userId}, exactly (a column may hold more than a long). */
    protected BigInteger uploaded(int userId) throws Exception {
        return BigInteger.valueOf(userTotals(userId)[0]);
    }

    @Test
    void resumeHandsBackTheFreshActivePeersAndRetiresTheOthers() throws Exception {
        AccountsStore store = seeded();
        Batch.PeerRow fresh = peer(1, 10, 1, true, NOW);
        Batch.PeerRow stale = peer(2, 10, 2, true, NOW - 3600);
        Batch.PeerRow gone = peer(1, 11, 3, false, NOW);
        store.write(new Batch(List.of(), List.of(new Batch.TorrentDelta(10, 1, 1, 0, 0)), List.of(),
                List.of(fresh, stale, gone), List.of(), List.of()));

        assertEquals(Set.of(fresh), new HashSet<>(store.resumePeers(NOW - 600)));
        assertEquals(Set.of(fresh), new HashSet<>(store.resumePeers(NOW - 7200)), "the stale row was retired");
        long[] state = torrentState(10);
        assertEquals(0, state[0], "live seeders zeroed at start");
        assertEquals(0, state[1], "live leechers zeroed at start");
    }

    @Test
    void onlyAStoreThatOwnsItsRosterHasAnEditor() throws Exception {
        AccountsStore store = seeded();
        assertEquals(ownsRoster(), store.editor().isPresent());
        if (store.editor().isPresent()) {
            RosterEditor editor = store.editor().get();
            User carol = new User(3, "c".repeat(31) + "3", false, true);
            editor.saveUser(carol);
            editor.deleteUser(2);
            editor.saveToken(1, 10, false);
            assertEquals(List.of(ALICE, carol), store.load().users());
            assertTrue(store.load().tokens().isEmpty());
        }
    }

    /** A peer row: peer {@code n} of {@code userId} on {@code torrentId}, the rest derived from the numbers. */
    protected static Batch.PeerRow peer(int userId, int torrentId, int n, boolean active, long mtime) {
        return new Batch.PeerRow(userId, torrentId, peerId(n), active, 1000L * n, 500L * n, 10, 20, 1000 - n, 60, 3,
                "10.0.0." + n, "qBittorrent/4.1.0", mtime);
    }

    protected static InfoHash hash(int n) {
        return InfoHash.fromHex(String.format("%040x", n));
    }

    protected static PeerId peerId(int n) {
        return PeerId.fromHex("2d71423431302d" + String.format("%026x", n));
    }

    @AfterEach
    void closeStores() throws Exception {
        cleanup.close();
    }
}
