package dev.karuta.app;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.karuta.accounts.AccountsFlusher;
import dev.karuta.accounts.AccountsParts;
import dev.karuta.accounts.AccountsStore;
import dev.karuta.accounts.Membership;
import dev.karuta.accounts.Pending;
import dev.karuta.accounts.PendingFile;
import dev.karuta.accounts.PrivateSettings;
import dev.karuta.accounts.PrivateTracker;
import dev.karuta.accounts.Roster;
import dev.karuta.accounts.RosterSnatches;
import dev.karuta.accounts.Torrent;
import dev.karuta.accounts.Transfers;
import dev.karuta.cluster.ChangeBus;
import dev.karuta.policy.Policy;
import dev.karuta.swarm.SwarmRegistry;
import java.lang.System.Logger.Level;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Private mode's part of the start: loads users and torrents from the accounts store, takes up the
 * peers' transfer baselines (accounting a stop left on disk first, then the store's peer rows), builds
 * the registry on the roster's snatch counts and restores the swarms, and starts writing accounting.
 */
final class PrivateModeStart {
    private static final System.Logger LOG = System.getLogger(PrivateModeStart.class.getName());

    private PrivateModeStart() {
    }

    /**
     * Starts private mode on {@code store} (already open; the caller closes it when this fails), with
     * the admin's access {@code lists} checked on every request of a known user, and {@code restore}
     * putting back the swarms of the last stop into the new registry, and the changes operators make
     * told to the other nodes on {@code bus}.
     */
    static AccountsParts start(TrackerConfig config, Ticker ticker, AccountsStore store, Policy lists,
                               Consumer<SwarmRegistry> restore, ChangeBus bus) {
        PrivateSettings settings = config.privateMode();
        // Epoch seconds on the ticker's time, so a test that moves the ticker moves the accounting too.
        long offset = System.currentTimeMillis() / 1000 - ticker.read() / 1_000_000_000L;
        LongSupplier clock = () -> offset + ticker.read() / 1_000_000_000L;
        Roster roster = new Roster();
        roster.load(store.load());
        Transfers transfers = new Transfers();
        // Baselines from a stop with the database down are newer than the store's: taken up first.
        PendingFile.LeftOver leftOver = AccountsFlusher.leftOver(config.dataDir());
        transfers.resume(leftOver.peers());
        transfers.resume(store.resumePeers(clock.getAsLong() - config.registry().peerTtl().toSeconds()));
        SwarmRegistry registry = Registries.create(config, ticker, new RosterSnatches(roster));
        restore.accept(registry);
        Pending pending = new Pending();
        PrivateTracker tracker = new PrivateTracker(config.announce(), roster, registry, transfers, pending, clock,
                settings.deletionReasonLifetime().toSeconds(), lists);
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
        }, config.dataDir(), settings.finalFlushDeadline());
        flusher.start(leftOver, settings.flushInterval());
        LOG.log(Level.INFO, "private tracker: {0} users, {1} torrents, {2} peers taken up",
                roster.userCount(), roster.torrentCount(), transfers.size());
        return new AccountsParts(settings, tracker, store, flusher, new Membership(tracker, store, clock, bus));
    }
}
