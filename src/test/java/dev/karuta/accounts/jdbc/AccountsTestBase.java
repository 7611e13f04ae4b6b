package dev.karuta.accounts.jdbc;

import dev.karuta.accounts.AccountsStore;
import dev.karuta.accounts.Batch;
import dev.karuta.accounts.FreeLeech;
import dev.karuta.accounts.RosterData;
import dev.karuta.accounts.RosterEditor;
import dev.karuta.accounts.Torrent;
import dev.karuta.accounts.User;
import dev.karuta.core.InfoHash;
import dev.karuta.core.PeerId;
import dev.karuta.store.Database;
import dev.karuta.store.StoreTestBase;
import dev.karuta.store.TestDatabase;
import dev.karuta.testing.FakeTime;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** What the accounts store tests share: a store on a fresh database, members, torrents and peers by number. */
abstract class AccountsTestBase extends StoreTestBase {
    /** The store's clock in the tests, unless a test dates a write otherwise. */
    static final Instant T1 = Instant.parse("2026-03-01T10:00:00Z");

    Database db;

    /** A store on a new empty database of {@code kind}, dated {@link #T1}. */
    JdbcAccountsStore store(TestDatabase kind) throws Exception {
        db = open(fresh(kind));
        return at(T1);
    }

    /** Another store on the same database, whose clock says {@code now}. */
    JdbcAccountsStore at(Instant now) {
        return new JdbcAccountsStore(db, new FakeTime(now.toEpochMilli()));
    }

    /** The editor of {@code store}, which must have one. */
    static RosterEditor editor(AccountsStore store) {
        return store.editor().orElseThrow();
    }

    /** Member {@code id}, with a passkey made of their number, who may leech and is visible. */
    static User user(int id) {
        return new User(id, passkey(id), true, true);
    }

    static String passkey(int n) {
        return "pk" + String.format("%030d", n);
    }

    static Torrent torrent(int id) {
        return new Torrent(id, hash(id), FreeLeech.NORMAL);
    }

    static InfoHash hash(int n) {
        return InfoHash.fromHex(String.format("%040x", n));
    }

    static PeerId peerId(int n) {
        return PeerId.fromHex("2d71423431302d" + String.format("%026x", n));
    }

    /** A peer row: peer {@code n} of {@code userId} on {@code torrentId}, the rest derived from the numbers. */
    static Batch.PeerRow peer(int userId, int torrentId, int n, boolean active, long uploaded, long mtime) {
        return new Batch.PeerRow(userId, torrentId, peerId(n), active, uploaded, uploaded / 2, 10, 20, 1000 - n,
                60, 3, "10.0.0." + n, "qBittorrent/4.1.0", mtime);
    }

    static Batch users(Batch.UserDelta... deltas) {
        return new Batch(List.of(deltas), List.of(), List.of(), List.of(), List.of(), List.of());
    }

    static Batch torrents(Batch.TorrentDelta... deltas) {
        return new Batch(List.of(), List.of(deltas), List.of(), List.of(), List.of(), List.of());
    }

    static Batch peers(Batch.PeerRow... rows) {
        return new Batch(List.of(), List.of(), List.of(), List.of(rows), List.of(), List.of());
    }

    static Batch tokens(List<Batch.TokenDelta> downloads, List<RosterData.Token> usedUp) {
        return new Batch(List.of(), List.of(), List.of(), List.of(), downloads, usedUp);
    }

    /** One number from a query on the test's database. */
    long number(String sql, Object... args) {
        return queryLong(db, sql, args);
    }

    /** A torrent's last_action, or null. */
    LocalDateTime lastAction(int torrentId) {
        return db.transaction("read last_action", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT last_action FROM karuta_torrents WHERE id = ?")) {
                ps.setInt(1, torrentId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getObject(1, LocalDateTime.class) : null;
                }
            }
        });
    }

    static LocalDateTime utc(Instant t) {
        return LocalDateTime.ofInstant(t, ZoneOffset.UTC);
    }
}
