package dev.karuta.accounts;

import dev.karuta.store.StoreException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An accounts store in memory for tests of the tracker's side (the real stores have their own tests
 * against real databases): it sums what batches write, keeps the latest peer rows, and can be told to
 * fail every call as a database that is down would.
 */
public final class MemoryAccountsStore implements AccountsStore {
    private RosterData data;
    private volatile boolean down;
    private final Map<Integer, long[]> userTotals = new HashMap<>();
    private final Map<Integer, Batch.TorrentDelta> torrentCounts = new HashMap<>();
    private final Map<Integer, long[]> torrentTotals = new HashMap<>();
    private final List<Batch.Snatch> snatches = new ArrayList<>();
    private final Map<Transfers.Key, Batch.PeerRow> peers = new HashMap<>();
    private final Map<Long, Long> tokenDownloads = new HashMap<>();
    private final List<RosterData.Token> usedUp = new ArrayList<>();
    private int batches;
    private final java.util.Set<Long> flushIds = new java.util.HashSet<>();
    private int ambiguous;

    public MemoryAccountsStore(RosterData data) {
        this.data = data;
    }

    /**
     * Makes the next {@code n} numbered writes commit and then fail, as a connection lost during the
     * commit does: the caller cannot tell that they were written.
     */
    public synchronized void commitThenFail(int n) {
        ambiguous = n;
    }

    /** Makes every call fail (true) or work again (false). */
    public void setDown(boolean down) {
        this.down = down;
    }

    private void check() {
        if (down) {
            throw new StoreException("database down (test)");
        }
    }

    @Override
    public synchronized RosterData load() {
        check();
        return data;
    }

    @Override
    public synchronized List<Batch.PeerRow> resumePeers(long since) {
        check();
        List<Batch.PeerRow> out = new ArrayList<>();
        for (Batch.PeerRow r : peers.values()) {
            if (r.active() && r.mtime() >= since) {
                out.add(r);
            }
        }
        return out;
    }

    /** Writes a numbered flush once, as the real stores do (a number seen before writes nothing). */
    @Override
    public synchronized void write(long flushId, Batch batch) {
        check();
        if (flushIds.add(flushId)) {
            apply(batch);
        }
        if (ambiguous > 0) {
            ambiguous--;
            throw new StoreException("connection lost during the commit (test)");
        }
    }

    private void apply(Batch batch) {
        batches++;
        for (Batch.UserDelta d : batch.users()) {
            long[] t = userTotals.computeIfAbsent(d.userId(), k -> new long[2]);
            t[0] += d.uploaded();
            t[1] += d.downloaded();
        }
        for (Batch.TorrentDelta d : batch.torrents()) {
            torrentCounts.put(d.torrentId(), d);
            long[] t = torrentTotals.computeIfAbsent(d.torrentId(), k -> new long[2]);
            t[0] += d.snatched();
            t[1] += d.balance();
        }
        snatches.addAll(batch.snatches());
        for (Batch.PeerRow r : batch.peers()) {
            peers.put(new Transfers.Key(r.torrentId(), r.userId(), r.peerId()), r);
        }
        for (Batch.TokenDelta d : batch.tokenDownloads()) {
            tokenDownloads.merge(((long) d.userId() << 32) | d.torrentId(), d.downloaded(), Long::sum);
        }
        usedUp.addAll(batch.tokensUsedUp());
    }

    /** {uploaded, downloaded} written for {@code userId}. */
    public synchronized long[] user(int userId) {
        return userTotals.getOrDefault(userId, new long[2]).clone();
    }

    /** The last counts written for {@code torrentId}, or null. */
    public synchronized Batch.TorrentDelta torrentCounts(int torrentId) {
        return torrentCounts.get(torrentId);
    }

    /** {snatched, balance} added for {@code torrentId}. */
    public synchronized long[] torrentTotals(int torrentId) {
        return torrentTotals.getOrDefault(torrentId, new long[2]).clone();
    }

    public synchronized List<Batch.Snatch> snatches() {
        return List.copyOf(snatches);
    }

    public synchronized List<Batch.PeerRow> peers() {
        return List.copyOf(peers.values());
    }

    public synchronized long tokenDownload(int userId, int torrentId) {
        return tokenDownloads.getOrDefault(((long) userId << 32) | torrentId, 0L);
    }

    public synchronized List<RosterData.Token> usedUp() {
        return List.copyOf(usedUp);
    }

    public synchronized int batches() {
        return batches;
    }

    @Override
    public boolean keepsChanges() {
        return false;
    }

    @Override
    public void saveUser(User user) {
    }

    @Override
    public void deleteUser(int userId) {
    }

    @Override
    public void saveTorrent(Torrent torrent) {
    }

    @Override
    public void deleteTorrent(int torrentId) {
    }

    @Override
    public void saveToken(int userId, int torrentId, boolean active) {
    }

    @Override
    public void saveWhitelist(List<String> prefixes) {
    }

    /** Kept open across a restart of the webapp that uses it. */
    @Override
    public void close() {
    }
}
