package dev.karuta.app;

import dev.karuta.accounts.AccountsFlusher;
import dev.karuta.accounts.AccountsParts;
import dev.karuta.accounts.AccountsStore;
import dev.karuta.accounts.LeftOver;
import dev.karuta.accounts.Membership;
import dev.karuta.accounts.Pending;
import dev.karuta.accounts.PrivateMode;
import dev.karuta.accounts.PrivateSettings;
import dev.karuta.accounts.Roster;
import dev.karuta.accounts.RosterSnatches;
import dev.karuta.accounts.Torrent;
import dev.karuta.accounts.Transfers;
import dev.karuta.cluster.ChangeBus;
import dev.karuta.core.Intervals;
import dev.karuta.core.TimeSource;
import dev.karuta.swarm.SwarmRegistry;
import java.lang.System.Logger.Level;
import java.util.function.Function;

/**
 * Private mode's part of the start: loads users and torrents from the accounts store, takes up the
 * peers' transfer baselines (accounting a stop left on disk first, then the store's peer rows), builds
 * the registry on the roster's snatch counts and restores the swarms, and starts writing accounting.
 */
final class PrivateModeStart {
    private static final System.Logger LOG = System.getLogger(PrivateModeStart.class.getName());

    private PrivateModeStart() {
    }

    /** What private mode's start built: its parts and the registry made on its roster. */
    record Started(AccountsParts parts, SwarmRegistry registry) {
    }

    /**
     * Starts private mode on {@code store} (already open; the caller closes it), with the registry
     * {@code registries} makes on the roster's snatch counts (handed to {@code closer} at once, and
     * restored by {@code restore} before accounting starts), and the changes operators make told to
     * the other nodes on {@code bus}.
     */
    static Started start(TrackerConfig config, TimeSource time, AccountsStore store,
                         Function<RosterSnatches, SwarmRegistry> registries,
                         java.util.function.Consumer<SwarmRegistry> restore, Closer closer, ChangeBus bus) {
        PrivateSettings settings = config.privateMode();
        Roster roster = new Roster();
        roster.load(store.load());
        Transfers transfers = new Transfers(settings.maxRate());
        // Baselines from a stop with the database down are newer than the store's: taken up first.
        LeftOver leftOver = AccountsFlusher.leftOver(config.dataDir());
        transfers.resume(leftOver.peers());
        transfers.resume(store.resumePeers(time.epochSeconds() - config.registry().peerTtl().toSeconds()));
        SwarmRegistry registry = closer.add("the swarm registry", registries.apply(new RosterSnatches(roster)));
        restore.accept(registry);
        Pending pending = new Pending();
        PrivateMode mode = new PrivateMode(roster, transfers, pending, time, new Intervals(config.announce()),
                settings.deletionReasonLifetime().toSeconds());
        // The store zeroed the live counts: rewrite those of torrents that have peers again.
        registry.forEach((hash, stats) -> {
            Torrent t = roster.torrent(hash);
            if (t != null) {
                pending.torrent(t, 0, 0);
            }
        });
        AccountsFlusher flusher = new AccountsFlusher(pending, store, registry::stats, id -> {
            Torrent t = roster.torrentById(id);
            return t == null ? null : t.infoHash();
        }, config.dataDir(), settings.finalFlushDeadline(), time);
        // Before anything it reads is closed: every pending byte is written (or kept on disk).
        closer.add("the accounting flusher", flusher);
        flusher.start(leftOver, settings.flushInterval());
        LOG.log(Level.INFO, "private tracker: {0} users, {1} torrents, {2} peers taken up",
                roster.userCount(), roster.torrentCount(), transfers.size());
        Membership members = new Membership(mode, store, time::epochSeconds, bus);
        return new Started(new AccountsParts(settings, mode, store, flusher, members), registry);
    }
}
