package dev.karuta.accounts.jdbc;

import dev.karuta.accounts.AccountsStore;
import dev.karuta.accounts.AccountsStoreContract;
import dev.karuta.accounts.RosterData;
import dev.karuta.accounts.RosterEditor;
import dev.karuta.accounts.Torrent;
import dev.karuta.accounts.User;
import dev.karuta.core.TimeSource;
import dev.karuta.store.Database;
import dev.karuta.store.TestDatabase;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** The contract on Karuta's own tables in a fresh database of {@link #kind()}, the roster made with the editor. */
abstract class JdbcAccountsContract extends AccountsStoreContract {
    @TempDir
    Path tmp;

    private Database db;

    /** The database under test. */
    abstract TestDatabase kind();

    @Override
    protected AccountsStore open(List<User> users, List<Torrent> torrents, List<RosterData.Token> tokens)
            throws Exception {
        TestDatabase.Fresh fresh = kind().create(tmp);
        closeLater(fresh.drop());
        db = closeLater(Database.open(fresh.settings()));
        JdbcAccountsStore store = new JdbcAccountsStore(db, TimeSource.SYSTEM);
        RosterEditor editor = store.editor().orElseThrow();
        users.forEach(editor::saveUser);
        torrents.forEach(editor::saveTorrent);
        tokens.forEach(t -> editor.saveToken(t.userId(), t.torrentId(), true));
        return store;
    }

    @Override
    protected long[] userTotals(int userId) {
        return row("SELECT uploaded, downloaded FROM karuta_users WHERE id = ?", userId, 2);
    }

    @Override
    protected long[] torrentState(int torrentId) {
        return row("SELECT seeders, leechers, snatched, balance FROM karuta_torrents WHERE id = ?", torrentId, 4);
    }

    @Override
    protected boolean ownsRoster() {
        return true;
    }

    private long[] row(String sql, int id, int columns) {
        return db.transaction("read back", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setInt(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    long[] values = new long[columns];
                    if (rs.next()) {
                        for (int i = 0; i < columns; i++) {
                            values[i] = rs.getLong(i + 1);
                        }
                    }
                    return values;
                }
            }
        });
    }
}
