package dev.karuta.accounts;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The flushes a flusher keeps while the store does not take them, in the order they are to be
 * written: those already tried (a write that failed may have committed, so each is kept whole under
 * its number, oldest first, before anything newer; flushes taken up from disk count as tried), then
 * one held flush that gathers, under a number of its own, the accounting drained during the outage
 * to be journaled. The held flush was never tried, so it may grow; once tried it is fixed like the
 * others. Accounting joins exactly one number and never moves to another: that is what makes any
 * record of the journal safe to replay. Memory grows with the distinct users, torrents and peers, not
 * with the outage's length. Guarded by the flusher's lock; {@link #entries} may be read without it.
 */
final class Backlog {
    private final ArrayDeque<KeptFlush> tried = new ArrayDeque<>();
    private KeptFlush held;
    /** Whether anything changed since the last {@link #recorded}. */
    private boolean changed;
    private volatile int entries;

    /** Takes up flushes left on disk, oldest first: tried, since they may have been. */
    void takeUp(List<KeptFlush> flushes) {
        for (KeptFlush f : flushes) {
            if (!f.batch().isEmpty()) {
                tried.add(f);
            }
        }
        update();
    }

    /** The flush to write next (the held one is tried from now on), or null when none is kept. */
    KeptFlush next() {
        if (tried.isEmpty() && held != null) {
            tried.add(held);
            held = null;
        }
        return tried.peekFirst();
    }

    /** {@code f}, which {@link #next} gave, is written. */
    void written(KeptFlush f) {
        if (tried.peekFirst() != f) {
            throw new IllegalStateException("written out of order");
        }
        tried.removeFirst();
        update();
    }

    /** A new flush whose write failed: kept whole under its number. */
    void keep(KeptFlush f) {
        tried.add(f);
        update();
    }

    /** Adds {@code drained} to the held flush, which gets a number from {@code ids} when it starts. */
    void hold(Batch drained, LongSupplier ids) {
        if (drained.isEmpty()) {
            return;
        }
        held = held == null ? new KeptFlush(ids.getAsLong(), drained)
                : new KeptFlush(held.id(), merge(held.batch(), drained));
        update();
    }

    /** Every kept flush, in the order they are to be written. */
    List<KeptFlush> all() {
        List<KeptFlush> all = new ArrayList<>(tried);
        if (held != null) {
            all.add(held);
        }
        return all;
    }

    /** Whether anything was kept, held or written since the last {@link #recorded}. */
    boolean changed() {
        return changed;
    }

    /** What is kept now is on disk. */
    void recorded() {
        changed = false;
    }

    /** Entries of every kept flush (how far the store is behind, with the pending sums). */
    int entries() {
        return entries;
    }

    private void update() {
        changed = true;
        int n = 0;
        for (KeptFlush f : all()) {
            Batch b = f.batch();
            n += b.users().size() + b.torrents().size() + b.snatches().size() + b.peers().size()
                    + b.tokenDownloads().size() + b.tokensUsedUp().size();
        }
        entries = n;
    }

    /** {@code older} and then {@code newer} as one batch: totals added, the newer state of a row kept. */
    static Batch merge(Batch older, Batch newer) {
        return new Batch(concat(older.users(), newer.users()), concat(older.torrents(), newer.torrents()),
                concat(older.snatches(), newer.snatches()), concat(older.peers(), newer.peers()),
                concat(older.tokenDownloads(), newer.tokenDownloads()),
                concat(older.tokensUsedUp(), newer.tokensUsedUp())).coalesced();
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a.size() + b.size());
        all.addAll(a);
        all.addAll(b);
        return all;
    }
}
