package dev.karuta.accounts;

import dev.karuta.testing.MemoryAccountsStore;
import java.util.List;

/** The in-memory fake the tracker's tests use keeps the contract of the real stores. */
class MemoryAccountsContractTest extends AccountsStoreContract {
    private MemoryAccountsStore store;

    @Override
    protected AccountsStore open(List<User> users, List<Torrent> torrents, List<RosterData.Token> tokens) {
        store = MemoryAccountsStore.keeping();
        RosterEditor editor = store.editor().orElseThrow();
        users.forEach(editor::saveUser);
        torrents.forEach(editor::saveTorrent);
        tokens.forEach(t -> editor.saveToken(t.userId(), t.torrentId(), true));
        return store;
    }

    @Override
    protected long[] userTotals(int userId) {
        return store.user(userId);
    }

    @Override
    protected long[] torrentState(int torrentId) {
        Batch.TorrentDelta counts = store.torrentCounts(torrentId);
        long[] totals = store.torrentTotals(torrentId);
        return counts == null ? new long[] {0, 0, totals[0], totals[1]}
                : new long[] {counts.seeders(), counts.leechers(), totals[0], totals[1]};
    }

    @Override
    protected boolean ownsRoster() {
        return true;
    }
}
