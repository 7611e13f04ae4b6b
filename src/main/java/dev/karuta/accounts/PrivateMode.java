package dev.karuta.accounts;

import dev.karuta.core.Hook;
import dev.karuta.core.Intervals;
import dev.karuta.core.TimeSource;
import java.util.ArrayList;
import java.util.List;

/**
 * A private tracker's state and its place in the tracker pipeline: only users known by their passkey,
 * only registered torrents, only whitelisted clients ({@link PrivateAdmission}), and every announce
 * accounted (transfer per user, counts and balance per torrent, snatches, peer rows, freeleech and
 * tokens) into {@link Pending} ({@link Accounting}), which a flusher writes to the store off the request
 * path. A user is never handed their own peers. Announce and scrape never touch the database.
 */
public final class PrivateMode {
    private final Roster roster;
    private final Transfers transfers;
    private final Pending pending;
    private final TimeSource time;
    private final long deletionLifetime;
    private final Intervals intervals;

    /**
     * Private mode for {@code roster}'s users and torrents.
     *
     * @param intervals        the announce interval and jitter, which the control API may change
     * @param deletionLifetime seconds a deleted torrent's reason is told to its peers
     */
    public PrivateMode(Roster roster, Transfers transfers, Pending pending, TimeSource time, Intervals intervals,
                       long deletionLifetime) {
        this.roster = roster;
        this.transfers = transfers;
        this.pending = pending;
        this.time = time;
        this.intervals = intervals;
        this.deletionLifetime = deletionLifetime;
    }

    /**
     * The pipeline's hooks for private mode: the passkey, torrent and whitelist checks first, then
     * {@code lists} (the admin's torrent and client lists, checked for known users only), then the
     * accounting, which runs after the registry.
     */
    public List<Hook> hooks(List<? extends Hook> lists) {
        List<Hook> hooks = new ArrayList<>();
        hooks.add(new PrivateAdmission(roster, time, deletionLifetime));
        hooks.addAll(lists);
        hooks.add(new Accounting(roster, transfers, pending, time));
        return List.copyOf(hooks);
    }

    /**
     * Forgets peers silent for {@code ttl} seconds (their rows become inactive and their torrents'
     * counts are rewritten) and deletion reasons past their lifetime; returns the peers forgotten.
     */
    public int expire(long ttl) {
        long now = time.epochSeconds();
        roster.forgetDeletions(now, deletionLifetime);
        return transfers.expire(now, ttl, row -> {
            pending.peer(row);
            Torrent t = roster.torrentById(row.torrentId());
            if (t != null) {
                pending.torrent(t, 0, 0);
            }
        });
    }

    /** The announce interval and jitter (Ocelot's {@code announce_interval} and {@code announce_jitter}). */
    public Intervals intervals() {
        return intervals;
    }

    /** The users, torrents, tokens and whitelist this tracker serves. */
    public Roster roster() {
        return roster;
    }

    /** The per-peer transfer baselines. */
    public Transfers transfers() {
        return transfers;
    }

    /** The accounting waiting to be written. */
    public Pending pending() {
        return pending;
    }
}
