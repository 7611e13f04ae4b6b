package dev.karuta.store;

import dev.karuta.accounts.Batch;
import dev.karuta.accounts.RosterData;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Writes one {@link Batch} into the accounts tables on the caller's connection and transaction, each
 * kind of change as JDBC batches: members' and tokens' totals are added to and torrents' live counts
 * replaced (an update of a row that is not there writes nothing), snatches are inserted and peers
 * upserted. Changes to the same row are merged first (deltas add, a peer's or a torrent's latest
 * state wins), and rows go in key order, so that concurrent writers take row locks in one order.
 */
final class BatchWriter {
    private static final String ADD_USER = "UPDATE karuta_users SET uploaded = uploaded + ?,"
            + " downloaded = downloaded + ? WHERE id = ?";
    /** Counts replaced, totals added; last_action is now when the torrent has a seeder. */
    private static final String ADD_TORRENT = "UPDATE karuta_torrents SET seeders = ?, leechers = ?,"
            + " snatched = snatched + ?, balance = balance + ?,"
            + " last_action = CASE WHEN ? > 0 THEN ? ELSE last_action END WHERE id = ?";
    private static final String ADD_TOKEN = "UPDATE karuta_tokens SET downloaded = downloaded + ?"
            + " WHERE user_id = ? AND torrent_id = ?";
    private static final String USE_UP_TOKEN = "UPDATE karuta_tokens SET expired = TRUE"
            + " WHERE user_id = ? AND torrent_id = ?";
    private static final String ADD_SNATCH = "INSERT INTO karuta_user_snatches (user_id, torrent_id, snatched_at, ip)"
            + " VALUES (?, ?, ?, ?)";

    /** A peer's primary key, in the order of the table's. */
    private record PeerKey(int userId, int torrentId, String peerId) implements Comparable<PeerKey> {
        @Override
        public int compareTo(PeerKey o) {
            int c = Integer.compare(userId, o.userId);
            if (c == 0) {
                c = Integer.compare(torrentId, o.torrentId);
            }
            return c != 0 ? c : peerId.compareTo(o.peerId);
        }
    }

    private final Connection connection;
    private final Dialect dialect;
    private final LocalDateTime now;

    /** A writer on {@code connection}, whose torrents with a seeder get {@code now} (UTC) as last action. */
    BatchWriter(Connection connection, Dialect dialect, LocalDateTime now) {
        this.connection = connection;
        this.dialect = dialect;
        this.now = now;
    }

    /** Writes {@code batch}; the caller commits, or rolls back when this throws. */
    void write(Batch batch) throws SQLException {
        TreeMap<Integer, long[]> users = new TreeMap<>();
        for (Batch.UserDelta d : batch.users()) {
            long[] t = users.computeIfAbsent(d.userId(), k -> new long[2]);
            t[0] += d.uploaded();
            t[1] += d.downloaded();
        }
        try (ChunkedBatch b = new ChunkedBatch(connection, ADD_USER)) {
            for (Map.Entry<Integer, long[]> e : users.entrySet()) {
                long[] t = e.getValue();
                if (t[0] != 0 || t[1] != 0) {
                    b.statement().setLong(1, t[0]);
                    b.statement().setLong(2, t[1]);
                    b.statement().setInt(3, e.getKey());
                    b.add();
                }
            }
            b.finish();
        }
        torrents(batch);
        tokens(batch);
        try (ChunkedBatch b = new ChunkedBatch(connection, ADD_SNATCH)) {
            for (Batch.Snatch s : batch.snatches()) {
                b.statement().setInt(1, s.userId());
                b.statement().setInt(2, s.torrentId());
                b.statement().setLong(3, s.at());
                b.statement().setString(4, PeerColumns.text(s.ip(), PeerColumns.IP_LENGTH));
                b.add();
            }
            b.finish();
        }
        peers(batch);
    }

    private void torrents(Batch batch) throws SQLException {
        TreeMap<Integer, Batch.TorrentDelta> merged = new TreeMap<>();
        for (Batch.TorrentDelta d : batch.torrents()) {
            merged.merge(d.torrentId(), d, (a, b) -> new Batch.TorrentDelta(b.torrentId(), b.seeders(), b.leechers(),
                    a.snatched() + b.snatched(), a.balance() + b.balance()));
        }
        try (ChunkedBatch b = new ChunkedBatch(connection, ADD_TORRENT)) {
            PreparedStatement ps = b.statement();
            for (Batch.TorrentDelta d : merged.values()) {
                ps.setInt(1, d.seeders());
                ps.setInt(2, d.leechers());
                ps.setLong(3, d.snatched());
                ps.setLong(4, d.balance());
                ps.setInt(5, d.seeders());
                ps.setObject(6, now);
                ps.setInt(7, d.torrentId());
                b.add();
            }
            b.finish();
        }
    }

    private void tokens(Batch batch) throws SQLException {
        TreeMap<Long, Long> downloads = new TreeMap<>();
        for (Batch.TokenDelta d : batch.tokenDownloads()) {
            downloads.merge(pair(d.userId(), d.torrentId()), d.downloaded(), Long::sum);
        }
        try (ChunkedBatch b = new ChunkedBatch(connection, ADD_TOKEN)) {
            for (Map.Entry<Long, Long> e : downloads.entrySet()) {
                b.statement().setLong(1, e.getValue());
                bindPair(b.statement(), 2, e.getKey());
                b.add();
            }
            b.finish();
        }
        TreeSet<Long> usedUp = new TreeSet<>();
        for (RosterData.Token t : batch.tokensUsedUp()) {
            usedUp.add(pair(t.userId(), t.torrentId()));
        }
        try (ChunkedBatch b = new ChunkedBatch(connection, USE_UP_TOKEN)) {
            for (long k : usedUp) {
                bindPair(b.statement(), 1, k);
                b.add();
            }
            b.finish();
        }
    }

    private void peers(Batch batch) throws SQLException {
        TreeMap<PeerKey, Batch.PeerRow> latest = new TreeMap<>();
        for (Batch.PeerRow r : batch.peers()) {
            latest.put(new PeerKey(r.userId(), r.torrentId(), r.peerId().toHex()), r);
        }
        String sql = dialect.upsertSql("karuta_peers", PeerColumns.KEY, PeerColumns.ALL);
        try (ChunkedBatch b = new ChunkedBatch(connection, sql)) {
            for (Batch.PeerRow r : latest.values()) {
                PeerColumns.bind(b.statement(), r);
                b.add();
            }
            b.finish();
        }
    }

    /** A user and torrent id as one sortable key: by user, then torrent. */
    private static long pair(int userId, int torrentId) {
        return ((long) userId << 32) | (torrentId & 0xffffffffL);
    }

    private static void bindPair(PreparedStatement ps, int index, long pair) throws SQLException {
        ps.setInt(index, (int) (pair >>> 32));
        ps.setInt(index + 1, (int) pair);
    }
}
