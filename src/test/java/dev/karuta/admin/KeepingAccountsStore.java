package dev.karuta.admin;

import dev.karuta.accounts.AccountsStore;
import dev.karuta.accounts.Batch;
import dev.karuta.accounts.MemoryAccountsStore;
import dev.karuta.accounts.RosterData;
import dev.karuta.accounts.Torrent;
import dev.karuta.accounts.User;
import dev.karuta.store.StoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An accounts store in memory that keeps operator changes, as the embedded store does (a Gazelle store
 * does not), and can be told to fail every call as a database that is down would. Accounting goes to a
 * {@link MemoryAccountsStore}; a load returns what was kept.
 */
final class KeepingAccountsStore implements AccountsStore {
    private final MemoryAccountsStore accounting = new MemoryAccountsStore(RosterData.EMPTY);
    private final Map<Integer, User> users = new TreeMap<>();
    private final Map<Integer, Torrent> torrents = new TreeMap<>();
    private final Set<Long> tokens = new TreeSet<>();
    private List<String> whitelist = List.of();
    private volatile boolean down;

    /** Makes every call fail (true) or work again (false). */
    void setDown(boolean down) {
        this.down = down;
    }

    private void check() {
        if (down) {
            throw new StoreException("database down (test)");
        }
    }

    /** The users kept, by id. */
    synchronized Map<Integer, User> users() {
        return Map.copyOf(users);
    }

    /** The torrents kept, by id. */
    synchronized Map<Integer, Torrent> torrents() {
        return Map.copyOf(torrents);
    }

    @Override
    public synchronized RosterData load() {
        check();
        List<RosterData.Registered> registered = new ArrayList<>();
        torrents.values().forEach(t -> registered.add(new RosterData.Registered(t, 0)));
        List<RosterData.Token> kept = tokens.stream()
                .map(k -> new RosterData.Token((int) (k >>> 32), (int) (long) k)).toList();
        return new RosterData(List.copyOf(users.values()), registered, kept, whitelist);
    }

    @Override
    public List<Batch.PeerRow> resumePeers(long since) {
        check();
        return accounting.resumePeers(since);
    }

    @Override
    public void write(long flushId, Batch batch) {
        check();
        accounting.write(batch);
    }

    @Override
    public boolean keepsChanges() {
        return true;
    }

    @Override
    public synchronized void saveUser(User user) {
        check();
        users.put(user.id(), user);
    }

    @Override
    public synchronized void deleteUser(int userId) {
        check();
        users.remove(userId);
    }

    @Override
    public synchronized void saveTorrent(Torrent torrent) {
        check();
        torrents.put(torrent.id(), torrent);
    }

    @Override
    public synchronized void deleteTorrent(int torrentId) {
        check();
        torrents.remove(torrentId);
    }

    @Override
    public synchronized void saveToken(int userId, int torrentId, boolean active) {
        check();
        long key = ((long) userId << 32) | (torrentId & 0xffffffffL);
        if (active) {
            tokens.add(key);
        } else {
            tokens.remove(key);
        }
    }

    @Override
    public synchronized void saveWhitelist(List<String> prefixes) {
        check();
        whitelist = List.copyOf(prefixes);
    }

    @Override
    public void close() {
    }
}
