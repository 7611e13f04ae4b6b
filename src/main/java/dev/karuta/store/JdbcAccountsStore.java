package dev.karuta.store;

import dev.karuta.accounts.AccountsStore;
import dev.karuta.accounts.Batch;
import dev.karuta.accounts.RosterData;
import dev.karuta.accounts.Torrent;
import dev.karuta.accounts.User;
import dev.karuta.policy.ClientList;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.TreeSet;

/**
 * A private tracker's members, torrents and accounting in Karuta's own database (the tables of
 * {@code V2__accounts.sql}): the source of truth of a site that runs its tracker from Karuta's admin
 * pages alone, so every change is written through, each in one transaction. Does not own the
 * {@link Database}: {@link JdbcStore} opens and closes it.
 *
 * <p>A flush is a few batches of multi-row statements ({@link FlushSql}). On PostgreSQL the upsert
 * of peers counts on the driver's {@code reWriteBatchedInserts} for that, which {@link Database} sets
 * on the pools it opens: a container DataSource should have it in its URL.
 */
public final class JdbcAccountsStore implements AccountsStore {
    private final Database db;
    private final Clock clock;
    private final FlushSql flush;

    /** The accounts in {@code db}; {@code clock} dates torrents' last seeder and tokens. */
    public JdbcAccountsStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
        this.flush = FlushSql.of(db.dialect());
    }

    /** Members not deleted, every torrent with its snatch count, tokens not expired, the whitelist. */
    @Override
    public RosterData load() {
        return db.transaction("load the private tracker's members and torrents", c -> new RosterReader(c).read());
    }

    @Override
    public List<Batch.PeerRow> resumePeers(long since) {
        return db.transaction("resume the private tracker's peers", c -> PeerResume.resume(c, since));
    }

    /**
     * Writes {@code batch} in one transaction, as JDBC batches: members' and tokens' totals added to,
     * torrents' counts replaced and totals added to (last action now when it has a seeder), snatches
     * inserted, peers upserted. Deltas for a member, torrent or token without a row are dropped. Once
     * per {@code flushId} ({@link FlushLog}).
     *
     * @throws StoreException when the database fails; nothing of the batch is written then
     */
    @Override
    public void write(long flushId, Batch batch) {
        if (batch.isEmpty()) {
            return;
        }
        String what = "write the accounting of " + batch.users().size() + " users, " + batch.torrents().size()
                + " torrents and " + batch.peers().size() + " peers";
        db.transaction(what, c -> {
            if (FlushLog.claim(c, flushId, clock.instant().getEpochSecond())) {
                new BatchWriter(c, flush, now()).write(batch);
            }
            return null;
        });
    }

    /** Always: this store is where operator changes live. */
    @Override
    public boolean keepsChanges() {
        return true;
    }

    /**
     * Keeps {@code user}, reviving them with their totals when they were deleted. A deleted member who
     * held the passkey gives it up.
     *
     * @throws IllegalArgumentException when another member (not deleted) has the passkey
     */
    @Override
    public void saveUser(User user) {
        db.transaction("save user " + user.id(), c -> {
            new RosterWriter(c, db.dialect()).saveUser(user);
            return null;
        });
    }

    /** Marks the member deleted: not loaded any more; their row, totals and passkey stay. */
    @Override
    public void deleteUser(int userId) {
        db.transaction("delete user " + userId, c -> {
            new RosterWriter(c, db.dialect()).deleteUser(userId);
            return null;
        });
    }

    /**
     * Keeps {@code torrent}'s info hash and freeleech state; its counts and totals stay.
     *
     * @throws IllegalArgumentException when another torrent has the info hash
     */
    @Override
    public void saveTorrent(Torrent torrent) {
        db.transaction("save torrent " + torrent.id(), c -> {
            new RosterWriter(c, db.dialect()).saveTorrent(torrent);
            return null;
        });
    }

    /** Deletes the torrent's row and expires its tokens; its snatch and peer rows stay, as history. */
    @Override
    public void deleteTorrent(int torrentId) {
        db.transaction("delete torrent " + torrentId, c -> {
            new RosterWriter(c, db.dialect()).deleteTorrent(torrentId);
            return null;
        });
    }

    /**
     * Grants the token ({@code active}: created, or made active again and dated now, its download
     * kept) or expires it.
     */
    @Override
    public void saveToken(int userId, int torrentId, boolean active) {
        db.transaction("save the token of user " + userId + " for torrent " + torrentId, c -> {
            RosterWriter writer = new RosterWriter(c, db.dialect());
            if (active) {
                writer.grantToken(userId, torrentId, now());
            } else {
                writer.expireToken(userId, torrentId);
            }
            return null;
        });
    }

    /**
     * Replaces the whitelist with {@code prefixes}, repeats dropped.
     *
     * @throws IllegalArgumentException before anything is written, when a prefix is not 1 to 20
     *                                  printable ASCII characters
     */
    @Override
    public void saveWhitelist(List<String> prefixes) {
        TreeSet<String> distinct = new TreeSet<>();
        for (String p : prefixes) {
            distinct.add(ClientList.validate(p));
        }
        db.transaction("save the client whitelist", c -> {
            new RosterWriter(c, db.dialect()).saveWhitelist(distinct);
            return null;
        });
    }

    /** Nothing to release: no connection is held between calls, and {@link JdbcStore} closes the database. */
    @Override
    public void close() {
    }

    /** Now in UTC, to the second, as the tables' date columns hold it. */
    private LocalDateTime now() {
        return LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
    }
}
