package dev.karuta.accounts;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    /**
     * {@code older} and then {@code newer} as one batch: a user's, torrent's and token's totals added, the
     * newer live counts and peer state kept, a used-up token once, snatches as they are; sums saturate
     * ({@link Saturating}) rather than wrap. Hashed, not sorted
     * (the stores put a batch in their order when they write it): merging a held flush of 100k users and
     * peers every interval of an outage must stay cheap.
     */
    static Batch merge(Batch older, Batch newer) {
        Map<Integer, Batch.UserDelta> users = new LinkedHashMap<>();
        Map<Integer, Batch.TorrentDelta> torrents = new LinkedHashMap<>();
        Map<Transfers.Key, Batch.PeerRow> peers = new LinkedHashMap<>();
        Map<RosterData.Token, Batch.TokenDelta> downloads = new LinkedHashMap<>();
        Set<RosterData.Token> usedUp = new LinkedHashSet<>();
        for (Batch b : List.of(older, newer)) {
            for (Batch.UserDelta d : b.users()) {
                users.merge(d.userId(), d, (x, y) -> new Batch.UserDelta(x.userId(),
                        Saturating.add(x.uploaded(), y.uploaded()), Saturating.add(x.downloaded(), y.downloaded())));
            }
            for (Batch.TorrentDelta d : b.torrents()) {
                torrents.merge(d.torrentId(), d, (x, y) -> new Batch.TorrentDelta(y.torrentId(), y.seeders(),
                        y.leechers(), x.snatched() + y.snatched(), Saturating.add(x.balance(), y.balance())));
            }
            for (Batch.PeerRow r : b.peers()) {
                peers.put(new Transfers.Key(r.torrentId(), r.userId(), r.peerId()), r);
            }
            for (Batch.TokenDelta d : b.tokenDownloads()) {
                downloads.merge(new RosterData.Token(d.userId(), d.torrentId()), d, (x, y) -> new Batch.TokenDelta(
                        x.userId(), x.torrentId(), Saturating.add(x.downloaded(), y.downloaded())));
            }
            usedUp.addAll(b.tokensUsedUp());
        }
        List<Batch.Snatch> snatches = new ArrayList<>(older.snatches());
        snatches.addAll(newer.snatches());
        return new Batch(new ArrayList<>(users.values()), new ArrayList<>(torrents.values()), snatches,
                new ArrayList<>(peers.values()), new ArrayList<>(downloads.values()), new ArrayList<>(usedUp));
    }
}
