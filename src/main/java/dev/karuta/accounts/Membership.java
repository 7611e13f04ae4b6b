package dev.karuta.accounts;

import dev.karuta.cluster.Change;
import dev.karuta.cluster.ChangeBus;
import dev.karuta.core.InfoHash;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The changes an operator or a Gazelle site makes to a private tracker (users, torrents, freeleech,
 * tokens, client whitelist), one method each, shared by Ocelot's control API and Karuta's admin API.
 * A store that keeps changes (its {@link AccountsStore#editor() editor}) is written first, so a change
 * the database refuses changes nothing live;
 * then the roster changes and takes effect at the next announce. Changes are serialized, so the checks
 * of one (is the id free, does the user exist) hold until it is done whichever API made it. A change
 * that took effect is then told to the other nodes on the {@link ChangeBus}; they take it up with
 * {@link #reloadRoster()} (the whole roster read again from the store) or, for a deleted torrent,
 * {@link #deletedElsewhere}.
 */
public final class Membership {
    private final Roster roster;
    private final AccountsStore store;
    private final Optional<RosterEditor> editor;
    private final Transfers transfers;
    private final Pending pending;
    private final LongSupplier clock;
    private final ChangeBus bus;

    /** Changes to {@code tracker}'s roster, kept by {@code store} when it keeps changes. */
    public Membership(PrivateMode tracker, AccountsStore store, LongSupplier clock) {
        this(tracker, store, clock, ChangeBus.NONE);
    }

    /** Changes to {@code tracker}'s roster, kept by {@code store} and told to the other nodes on {@code bus}. */
    public Membership(PrivateMode tracker, AccountsStore store, LongSupplier clock, ChangeBus bus) {
        this.bus = bus;
        this.roster = tracker.roster();
        this.transfers = tracker.transfers();
        this.pending = tracker.pending();
        this.store = store;
        this.editor = store.editor();
        this.clock = clock;
    }

    /** The roster the changes apply to. */
    public Roster roster() {
        return roster;
    }

    /**
     * Reads the roster again from the store (another node changed it), without a moment when a user or
     * torrent in both the old and the new roster is missing.
     */
    public synchronized void reloadRoster() {
        roster.reload(store.load());
    }

    /**
     * Drops the torrent with info hash {@code hex} that another node deleted, remembering
     * {@code reason} (null: none) for its peers here, whose transfers are accounted as on the other node.
     */
    public synchronized void deletedElsewhere(String hex, String reason) {
        Torrent removed = roster.removeTorrent(InfoHash.fromHex(hex), reason, clock.getAsLong());
        if (removed != null) {
            transfers.dropTorrent(removed.id(), pending::peer);
        }
    }

    /** Tells the other nodes when {@code changed}; returns it. */
    private boolean told(boolean changed) {
        if (changed) {
            bus.publish(Change.roster());
        }
        return changed;
    }

    /** Adds (or replaces) a user who may download; returns them. */
    public User addUser(int id, String passkey, boolean visible) {
        return addUser(id, passkey, true, visible);
    }

    /** Adds (or replaces) a user; returns them. */
    public synchronized User addUser(int id, String passkey, boolean canLeech, boolean visible) {
        User user = new User(id, passkey, canLeech, visible);
        editor.ifPresent(e -> e.saveUser(user));
        roster.putUser(user);
        told(true);
        return user;
    }

    /** Removes the user of {@code passkey}; returns whether there was one. */
    public synchronized boolean removeUser(String passkey) {
        User u = roster.user(passkey);
        if (u == null) {
            return false;
        }
        editor.ifPresent(e -> e.deleteUser(u.id()));
        return told(roster.removeUser(passkey) != null);
    }

    /** Gives the user of {@code oldPasskey} {@code newPasskey}; returns whether it changed. */
    public synchronized boolean changePasskey(String oldPasskey, String newPasskey) {
        User u = roster.user(oldPasskey);
        if (u == null || roster.user(Passkey.check(newPasskey)) != null) {
            return false;
        }
        editor.ifPresent(e -> e.saveUser(u.withPasskey(newPasskey)));
        return told(roster.changePasskey(oldPasskey, newPasskey) != null);
    }

    /** Sets whether the user of {@code passkey} may download and is visible; returns whether they exist. */
    public synchronized boolean updateUser(String passkey, boolean canLeech, boolean visible) {
        User u = roster.user(passkey);
        if (u == null) {
            return false;
        }
        User changed = new User(u.id(), u.passkey(), canLeech, visible);
        editor.ifPresent(e -> e.saveUser(changed));
        roster.putUser(changed);
        return told(true);
    }

    /** Registers a torrent (or changes the one of the same id or info hash); returns it. */
    public synchronized Torrent addTorrent(int id, InfoHash infoHash, FreeLeech free) {
        Torrent t = new Torrent(id, infoHash, free);
        editor.ifPresent(e -> e.saveTorrent(t));
        roster.putTorrent(t);
        told(true);
        return t;
    }

    /** Sets the freeleech state of a registered torrent; returns whether it is registered. */
    public synchronized boolean setFree(InfoHash infoHash, FreeLeech free) {
        Torrent t = roster.torrent(infoHash);
        if (t == null) {
            return false;
        }
        Torrent changed = t.withFree(free);
        editor.ifPresent(e -> e.saveTorrent(changed));
        roster.putTorrent(changed);
        return told(true);
    }

    /**
     * Unregisters a torrent, remembering {@code reason} (null: none) for the peers that still announce
     * it; their peer rows become inactive. Returns whether it was registered.
     */
    public synchronized boolean deleteTorrent(InfoHash infoHash, String reason) {
        Torrent t = roster.torrent(infoHash);
        if (t != null) {
            editor.ifPresent(e -> e.deleteTorrent(t.id()));
        }
        Torrent removed = roster.removeTorrent(infoHash, reason, clock.getAsLong());
        if (removed == null) {
            return false;
        }
        transfers.dropTorrent(removed.id(), pending::peer);
        bus.publish(Change.torrentDeleted(infoHash.toHex(), reason));
        return true;
    }

    /** Gives {@code userId} a freeleech token on a registered torrent; returns whether it is registered. */
    public synchronized boolean addToken(int userId, InfoHash infoHash) {
        Torrent t = roster.torrent(infoHash);
        if (t == null) {
            return false;
        }
        editor.ifPresent(e -> e.saveToken(userId, t.id(), true));
        roster.addToken(userId, t.id());
        return told(true);
    }

    /** Takes a token away; returns whether there was one. */
    public synchronized boolean removeToken(int userId, InfoHash infoHash) {
        Torrent t = roster.torrent(infoHash);
        if (t == null || !roster.hasToken(userId, t.id())) {
            return false;
        }
        editor.ifPresent(e -> e.saveToken(userId, t.id(), false));
        return told(roster.removeToken(userId, t.id()));
    }

    /** Adds client prefixes to the whitelist. */
    public synchronized void addClients(List<String> prefixes) {
        prefixes.forEach(dev.karuta.policy.ClientList::validate);
        List<String> next = new java.util.ArrayList<>(roster.clients().entries());
        next.addAll(prefixes);
        saveClients(next);
        roster.clients().add(prefixes);
        told(true);
    }

    /** Removes client prefixes from the whitelist; returns how many were listed. */
    public synchronized int removeClients(List<String> prefixes) {
        List<String> next = new java.util.ArrayList<>(roster.clients().entries());
        next.removeAll(prefixes);
        saveClients(next);
        int removed = roster.clients().remove(prefixes);
        told(true);
        return removed;
    }

    private void saveClients(List<String> all) {
        editor.ifPresent(e -> e.saveWhitelist(List.copyOf(new java.util.TreeSet<>(all))));
    }
}
