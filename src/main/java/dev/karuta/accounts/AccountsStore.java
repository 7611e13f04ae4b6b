package dev.karuta.accounts;

import java.util.List;
import java.util.Optional;

/**
 * The accounting ledger of a private tracker, which every store of its members, torrents and
 * accounting keeps (Karuta's own tables in its database, or a Gazelle site's): the roster to load, the
 * peers to resume, the batches of accounting to write. Called off the announce path only (start, the
 * flusher, the admin and control APIs). Every method may throw {@link dev.karuta.sql.StoreException}
 * when the database fails; nothing is half-written then.
 */
public interface AccountsStore extends AutoCloseable {

    /** Everything the tracker needs to serve announces. */
    RosterData load();

    /**
     * Called once at start: returns the peer rows still active as of {@code since} (epoch seconds), so
     * that a restart keeps their transfer baselines instead of losing the transfer of their next
     * interval; marks older active rows inactive; and zeroes every torrent's live seeder and leecher
     * counts (the tracker rewrites those of torrents that have peers at its first flush), as Ocelot
     * does at start.
     */
    List<Batch.PeerRow> resumePeers(long since);

    /**
     * Writes {@code batch} as the flush numbered {@code flushId}, in one transaction: all of it or, on
     * failure, none of it, and the number with it; a flush already recorded is not written again. The
     * flusher retries a failed flush under its number, so a write whose outcome was unknown to the
     * caller (the connection lost during the commit, a commit slower than the timeout) counts once
     * whether or not it had committed. The one exception to all-or-nothing: a row the database refuses
     * on its own (a data error: a total beyond its column's range, a row for a user or torrent a
     * Gazelle site deleted meanwhile) is left out, found by writing it alone, and returned, so that one
     * such row cannot block the accounting; the rest of the batch and the number commit together.
     *
     * @return the rows left out, in no particular order; empty when everything was written (or the
     *         flush was written before)
     */
    List<Refusal> write(long flushId, Batch batch);

    /** Writes {@code batch} as a flush with a number of its own (see {@link #write(long, Batch)}). */
    default List<Refusal> write(Batch batch) {
        return write(java.util.concurrent.ThreadLocalRandom.current().nextLong(), batch);
    }

    /**
     * Where operator changes made through Karuta (users, torrents, tokens, whitelist) are kept, when
     * this store is their source of truth; empty when a site owns those rows and sends its changes
     * through the control API (a Gazelle site), so that they live in memory until the next load.
     */
    Optional<RosterEditor> editor();

    /** Releases the store's connections. */
    @Override
    void close();
}
