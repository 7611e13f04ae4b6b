package dev.karuta.ocelot;

import dev.karuta.accounts.AccountsStore;
import dev.karuta.accounts.Batch;
import dev.karuta.accounts.RosterData;
import dev.karuta.accounts.Torrent;
import dev.karuta.accounts.User;
import dev.karuta.store.StoreException;
import java.util.ArrayList;
import java.util.List;

/**
 * An accounts store that keeps changes as the embedded one does, recording each save in order, and can
 * be told to fail every save as a database that is down would.
 */
final class KeepingStore implements AccountsStore {
    private final List<String> saves = new ArrayList<>();
    private volatile boolean down;

    void setDown(boolean down) {
        this.down = down;
    }

    /** The saves so far, e.g. {@code saveUser 7}, {@code deleteTorrent 3}. */
    synchronized List<String> saves() {
        return List.copyOf(saves);
    }

    private synchronized void record(String what) {
        if (down) {
            throw new StoreException("database down (test)");
        }
        saves.add(what);
    }

    @Override
    public RosterData load() {
        return new RosterData(List.of(), List.of(), List.of(), List.of());
    }

    @Override
    public List<Batch.PeerRow> resumePeers(long since) {
        return List.of();
    }

    @Override
    public void write(long flushId, Batch batch) {
    }

    @Override
    public boolean keepsChanges() {
        return true;
    }

    @Override
    public void saveUser(User user) {
        record("saveUser " + user.id() + " " + user.passkey() + " " + user.canLeech() + " " + user.visible());
    }

    @Override
    public void deleteUser(int userId) {
        record("deleteUser " + userId);
    }

    @Override
    public void saveTorrent(Torrent torrent) {
        record("saveTorrent " + torrent.id() + " " + torrent.free());
    }

    @Override
    public void deleteTorrent(int torrentId) {
        record("deleteTorrent " + torrentId);
    }

    @Override
    public void saveToken(int userId, int torrentId, boolean active) {
        record("saveToken " + userId + " " + torrentId + " " + active);
    }

    @Override
    public void saveWhitelist(List<String> prefixes) {
        record("saveWhitelist " + prefixes);
    }

    @Override
    public void close() {
    }
}
