package dev.karuta.store;

import dev.karuta.accounts.Batch;
import dev.karuta.accounts.RosterData;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Writes one {@link Batch} into the accounts tables on the caller's connection and transaction, each
 * kind of change as JDBC batches ({@link FlushSql}): members' and tokens' totals are added to and
 * torrents' live counts replaced (an update of a row that is not there writes nothing), snatches are
 * inserted and peers upserted. Changes to the same row are merged first (deltas add, a peer's or a
 * torrent's latest state wins), and rows go in key order, so that concurrent writers take row locks
 * in one order.
 */
final class BatchWriter {
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
    private final FlushSql sql;
    private final LocalDateTime now;

    /** A writer on {@code connection}, whose torrents with a seeder get {@code now} (UTC) as last action. */
    BatchWriter(Connection connection, FlushSql sql, LocalDateTime now) {
        this.connection = connection;
        this.sql = sql;
        this.now = now;
    }

    /** Writes {@code batch}; the caller commits, or rolls back when this throws. */
    void write(Batch batch) throws SQLException {
        users(batch);
        torrents(batch);
        tokens(batch);
        sql.snatches().write(connection, batch.snatches(), (ps, o, s) -> {
            ps.setInt(o + 1, s.userId());
            ps.setInt(o + 2, s.torrentId());
            ps.setLong(o + 3, s.at());
            ps.setString(o + 4, PeerColumns.text(s.ip(), PeerColumns.IP_LENGTH));
        });
        TreeMap<PeerKey, Batch.PeerRow> peers = new TreeMap<>();
        for (Batch.PeerRow r : batch.peers()) {
            peers.put(new PeerKey(r.userId(), r.torrentId(), r.peerId().toHex()), r);
        }
        sql.peers().write(connection, peers.values(), PeerColumns::bind);
    }

    private void users(Batch batch) throws SQLException {
        TreeMap<Integer, long[]> users = new TreeMap<>();
        for (Batch.UserDelta d : batch.users()) {
            long[] t = users.computeIfAbsent(d.userId(), k -> new long[2]);
            t[0] += d.uploaded();
            t[1] += d.downloaded();
        }
        users.values().removeIf(t -> t[0] == 0 && t[1] == 0);
        sql.users().write(connection, users.entrySet(), (ps, o, e) -> {
            ps.setLong(o + 1, e.getValue()[0]);
            ps.setLong(o + 2, e.getValue()[1]);
            ps.setInt(o + 3, e.getKey());
        });
    }

    private void torrents(Batch batch) throws SQLException {
        TreeMap<Integer, Batch.TorrentDelta> torrents = new TreeMap<>();
        for (Batch.TorrentDelta d : batch.torrents()) {
            torrents.merge(d.torrentId(), d, (a, b) -> new Batch.TorrentDelta(b.torrentId(), b.seeders(),
                    b.leechers(), a.snatched() + b.snatched(), a.balance() + b.balance()));
        }
        sql.torrents().write(connection, torrents.values(), (ps, o, d) -> {
            ps.setInt(o + 1, d.seeders());
            ps.setInt(o + 2, d.leechers());
            ps.setLong(o + 3, d.snatched());
            ps.setLong(o + 4, d.balance());
            ps.setInt(o + 5, d.seeders());
            ps.setObject(o + 6, now);
            ps.setInt(o + 7, d.torrentId());
        });
    }

    private void tokens(Batch batch) throws SQLException {
        TreeMap<Long, Long> downloads = new TreeMap<>();
        for (Batch.TokenDelta d : batch.tokenDownloads()) {
            downloads.merge(pair(d.userId(), d.torrentId()), d.downloaded(), Long::sum);
        }
        sql.tokenDownloads().write(connection, downloads.entrySet(), (ps, o, e) -> {
            ps.setLong(o + 1, e.getValue());
            ps.setInt(o + 2, (int) (e.getKey() >>> 32));
            ps.setInt(o + 3, (int) (long) e.getKey());
        });
        TreeSet<Long> usedUp = new TreeSet<>();
        for (RosterData.Token t : batch.tokensUsedUp()) {
            usedUp.add(pair(t.userId(), t.torrentId()));
        }
        sql.tokensUsedUp().write(connection, usedUp, (ps, o, k) -> {
            ps.setInt(o + 1, (int) (k >>> 32));
            ps.setInt(o + 2, (int) (long) k);
        });
    }

    /** A user and torrent id as one key that sorts by user, then torrent. */
    private static long pair(int userId, int torrentId) {
        return ((long) userId << 32) | (torrentId & 0xffffffffL);
    }
}
