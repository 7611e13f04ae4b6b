package dev.karuta.accounts;

import dev.karuta.core.InfoHash;
import dev.karuta.core.SwarmStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Accounting not yet written, coalesced: one entry per user, torrent, peer, snatch and token however
 * many announces fed it, so memory grows with the number of distinct ones and never with the number
 * of announces (a database that is down for an hour costs no more than one that is down for a
 * minute). Announces add; the flusher {@linkplain #drain drains} a {@link Batch} and, when the write
 * fails, {@linkplain #putBack puts it back} to merge with what came meanwhile. Every change of an
 * entry is atomic with its removal by a drain, so no byte is lost or counted twice between them. Sums
 * {@linkplain Saturating saturate} instead of wrapping, whatever the clients report.
 */
public final class Pending {
    private final ConcurrentHashMap<Integer, long[]> users = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, TorrentCell> torrents = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, Batch.Snatch> snatches = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Transfers.Key, Batch.PeerRow> peers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, long[]> tokenDownloads = new ConcurrentHashMap<>();
    private final Set<Long> tokensUsedUp = ConcurrentHashMap.newKeySet();

    private static final class TorrentCell {
        final InfoHash infoHash;
        long snatched;
        long balance;

        TorrentCell(InfoHash infoHash) {
            this.infoHash = infoHash;
        }
    }

    /** Adds transfer to a user's totals. */
    public void credit(int userId, long uploaded, long downloaded) {
        if (uploaded == 0 && downloaded == 0) {
            return;
        }
        users.compute(userId, (k, v) -> {
            long[] cell = v == null ? new long[2] : v;
            cell[0] = Saturating.add(cell[0], uploaded);
            cell[1] = Saturating.add(cell[1], downloaded);
            return cell;
        });
    }

    /** Marks a torrent for its counts to be written, adding snatches and balance to its totals. */
    public void torrent(Torrent torrent, long snatched, long balance) {
        torrents.compute(torrent.id(), (k, v) -> {
            TorrentCell cell = v == null ? new TorrentCell(torrent.infoHash()) : v;
            cell.snatched = Saturating.add(cell.snatched, snatched);
            cell.balance = Saturating.add(cell.balance, balance);
            return cell;
        });
    }

    /** Records a completed download (one per user and torrent until written). */
    public void snatch(Batch.Snatch snatch) {
        snatches.putIfAbsent(pair(snatch.userId(), snatch.torrentId()), snatch);
    }

    /** Records a peer's latest state, replacing an older one not yet written. */
    public void peer(Batch.PeerRow row) {
        peers.put(new Transfers.Key(row.torrentId(), row.userId(), row.peerId()), row);
    }

    /** Adds download done under a freeleech token. */
    public void tokenDownload(int userId, int torrentId, long downloaded) {
        if (downloaded == 0) {
            return;
        }
        tokenDownloads.merge(pair(userId, torrentId), new long[] {downloaded}, (a, b) -> {
            a[0] = Saturating.add(a[0], b[0]);
            return a;
        });
    }

    /** Records that a snatch used up a token. */
    public void tokenUsedUp(int userId, int torrentId) {
        tokensUsedUp.add(pair(userId, torrentId));
    }

    /** How many entries wait: a measure of how far writing is behind. */
    public int size() {
        return users.size() + torrents.size() + snatches.size() + peers.size() + tokenDownloads.size()
                + tokensUsedUp.size();
    }

    /**
     * How many entries wait, by kind (Ocelot's queue sizes).
     *
     * @param users    users with transfer to add
     * @param torrents torrents whose counts or totals are to be written
     * @param peers    peer rows
     * @param snatches completed downloads
     * @param tokens   token rows: download under a token, and tokens used up
     */
    public record Sizes(int users, int torrents, int peers, int snatches, int tokens) {
    }

    /** How many entries wait, by kind; each count is read on its own, so they may disagree by a little. */
    public Sizes sizes() {
        return new Sizes(users.size(), torrents.size(), peers.size(), snatches.size(),
                tokenDownloads.size() + tokensUsedUp.size());
    }

    /**
     * Takes everything waiting as one batch, the torrents' live counts read from {@code counts} now
     * (seeders; leechers are downloaders and partial seeds).
     */
    public Batch drain(Function<InfoHash, SwarmStats> counts) {
        List<Batch.UserDelta> u = new ArrayList<>();
        for (Integer id : users.keySet()) {
            long[] cell = users.remove(id);
            if (cell != null) {
                u.add(new Batch.UserDelta(id, cell[0], cell[1]));
            }
        }
        List<Batch.TorrentDelta> t = new ArrayList<>();
        for (Integer id : torrents.keySet()) {
            TorrentCell cell = torrents.remove(id);
            if (cell != null) {
                SwarmStats s = cell.infoHash == null ? SwarmStats.EMPTY : counts.apply(cell.infoHash);
                t.add(new Batch.TorrentDelta(id, s.seeders(), s.downloaders() + s.partialSeeds(), cell.snatched,
                        cell.balance));
            }
        }
        List<Batch.Snatch> s = new ArrayList<>();
        for (Long k : snatches.keySet()) {
            Batch.Snatch v = snatches.remove(k);
            if (v != null) {
                s.add(v);
            }
        }
        List<Batch.PeerRow> p = new ArrayList<>();
        for (Transfers.Key k : peers.keySet()) {
            Batch.PeerRow v = peers.remove(k);
            if (v != null) {
                p.add(v);
            }
        }
        List<Batch.TokenDelta> d = new ArrayList<>();
        for (Long k : tokenDownloads.keySet()) {
            long[] v = tokenDownloads.remove(k);
            if (v != null) {
                d.add(new Batch.TokenDelta((int) (k >>> 32), (int) (long) k, v[0]));
            }
        }
        List<RosterData.Token> x = new ArrayList<>();
        for (Long k : tokensUsedUp) {
            if (tokensUsedUp.remove(k)) {
                x.add(new RosterData.Token((int) (k >>> 32), (int) (long) k));
            }
        }
        return new Batch(u, t, s, p, d, x);
    }

    /**
     * Puts back a batch that could not be written, merged with what came since: totals add up, and a
     * newer peer state wins over the batch's. {@code hashes} finds a torrent's info hash by id (null
     * when it is gone) so that its counts are read afresh at the next drain.
     */
    public void putBack(Batch batch, IntFunction<InfoHash> hashes) {
        for (Batch.UserDelta d : batch.users()) {
            credit(d.userId(), d.uploaded(), d.downloaded());
        }
        for (Batch.TorrentDelta d : batch.torrents()) {
            torrents.compute(d.torrentId(), (k, v) -> {
                TorrentCell cell = v == null ? new TorrentCell(hashes.apply(d.torrentId())) : v;
                cell.snatched = Saturating.add(cell.snatched, d.snatched());
                cell.balance = Saturating.add(cell.balance, d.balance());
                return cell;
            });
        }
        for (Batch.Snatch s : batch.snatches()) {
            snatch(s);
        }
        for (Batch.PeerRow r : batch.peers()) {
            peers.putIfAbsent(new Transfers.Key(r.torrentId(), r.userId(), r.peerId()), r);
        }
        for (Batch.TokenDelta d : batch.tokenDownloads()) {
            tokenDownload(d.userId(), d.torrentId(), d.downloaded());
        }
        for (RosterData.Token t : batch.tokensUsedUp()) {
            tokenUsedUp(t.userId(), t.torrentId());
        }
    }

    private static long pair(int a, int b) {
        return ((long) a << 32) | (b & 0xffffffffL);
    }
}
