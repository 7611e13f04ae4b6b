package dev.karuta.accounts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Accounting a previous run left on disk, to write before anything newer: the flushes kept in the
 * spill file of a stop with the database down ({@link PendingFile}) and in the outage journal of a
 * crash ({@link AccountsJournal}), oldest first, each under its number; and what was found damaged
 * (one sentence each, for the log and the admin status), which start-up went on without.
 *
 * @param flushes the kept flushes, oldest first, each number once
 * @param damage  the damaged files set aside, one sentence each
 */
public record LeftOver(List<KeptFlush> flushes, List<String> damage) {
    /** Nothing left and nothing damaged. */
    public static final LeftOver NONE = new LeftOver(List.of(), List.of());

    public LeftOver {
        flushes = List.copyOf(flushes);
        damage = List.copyOf(damage);
    }

    /** Whether there is no accounting to write. */
    public boolean isEmpty() {
        return flushes.stream().allMatch(f -> f.batch().isEmpty());
    }

    /** Every peer row, those of the newer flushes first (a restart takes up the first it sees). */
    public List<Batch.PeerRow> peers() {
        List<Batch.PeerRow> all = new ArrayList<>();
        for (int i = flushes.size() - 1; i >= 0; i--) {
            all.addAll(flushes.get(i).batch().peers());
        }
        return all;
    }

    /** Everything the flushes write, as one coalesced batch (a view for tests and tools; write them apart). */
    public Batch merged() {
        Batch all = Batch.EMPTY;
        for (KeptFlush f : flushes) {
            all = Backlog.merge(all, f.batch());
        }
        return all;
    }

    /**
     * This and {@code other} together: each number once, this one's flushes first and, for a number
     * both keep, this one's batch (the caller passes the file written last as {@code this}; a number
     * holds the same accounting in every file, or a part of it in an older one).
     */
    public LeftOver and(LeftOver other) {
        Map<Long, KeptFlush> byId = new LinkedHashMap<>();
        for (KeptFlush f : flushes) {
            byId.putIfAbsent(f.id(), f);
        }
        for (KeptFlush f : other.flushes) {
            byId.putIfAbsent(f.id(), f);
        }
        List<String> d = new ArrayList<>(damage);
        d.addAll(other.damage);
        return new LeftOver(new ArrayList<>(byId.values()), d);
    }
}
