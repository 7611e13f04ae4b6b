package dev.karuta.testing;

import dev.karuta.accounts.AccountsStore;
import dev.karuta.accounts.Batch;
import dev.karuta.accounts.Refusal;
import dev.karuta.accounts.RosterData;
import dev.karuta.accounts.RosterEditor;
import dev.karuta.accounts.Torrent;
import dev.karuta.accounts.User;
import dev.karuta.core.PeerId;
import dev.karuta.sql.StoreException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The accounts store in memory for tests of the tracker's side (the real stores pass the same
 * {@code AccountsStoreContract} against real databases): it writes a numbered flush once and sums what
 * batches write (refusing, on its own, a row whose total would go beyond a signed BIGINT, as the
 * databases do), keeps the latest peer rows, and can be told to fail every call as a database that is
 * down would, or to commit and then fail. {@link #MemoryAccountsStore(RosterData) As a site's} it loads
 * the roster it was given and has no editor; {@link #keeping() as Karuta's own} it keeps the operator's
 * changes, recording each in order, and loads what it kept.
 */
public final class MemoryAccountsStore implements AccountsStore {
    private record PeerKey(int userId, int torrentId, PeerId peerId) {
    }

    private RosterData data;
    private final Optional<RosterEditor> editor;
    private volatile boolean down;
    private final Map<Integer, long[]> userTotals = new HashMap<>();
    private final Map<Integer, Batch.TorrentDelta> torrentCounts = new HashMap<>();
    private final Map<Integer, long[]> torrentTotals = new HashMap<>();
    private final List<Batch.Snatch> snatches = new ArrayList<>();
    private final Map<PeerKey, Batch.PeerRow> peers = new HashMap<>();
    private final Map<Long, Long> tokenDownloads = new HashMap<>();
    private final List<RosterData.Token> usedUp = new ArrayList<>();
    private final Set<Long> flushIds = new HashSet<>();
    private final List<String> saves = new ArrayList<>();
    private int batches;
    private int ambiguous;
    private static final String OUT_OF_RANGE = "numeric value out of range (test): SQLSTATE 22003";

    /** A site's store: loads {@code data}, keeps no operator changes. */
    public MemoryAccountsStore(RosterData data) {
        this.data = data;
        this.editor = Optional.empty();
    }

    private MemoryAccountsStore(RosterData data, boolean keeping) {
        this.data = data;
        this.editor = Optional.of(new Editor());
    }

    /** A store that keeps operator changes, as Karuta's own tables do, starting empty. */
    public static MemoryAccountsStore keeping() {
        return new MemoryAccountsStore(RosterData.EMPTY, true);
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

    /** The active rows as fresh as {@code since}; older active rows become inactive, live counts zero. */
    @Override
    public synchronized List<Batch.PeerRow> resumePeers(long since) {
        check();
        List<Batch.PeerRow> out = new ArrayList<>();
        peers.replaceAll((key, r) -> {
            if (r.active() && r.mtime() >= since) {
                out.add(r);
            }
            return r.active() && r.mtime() < since ? inactive(r) : r;
        });
        torrentCounts.replaceAll((id, d) -> new Batch.TorrentDelta(id, 0, 0, d.snatched(), d.balance()));
        return out;
    }

    private static Batch.PeerRow inactive(Batch.PeerRow r) {
        return new Batch.PeerRow(r.userId(), r.torrentId(), r.peerId(), false, r.uploaded(), r.downloaded(),
                r.upSpeed(), r.downSpeed(), r.remaining(), r.timeSpent(), r.announces(), r.ip(), r.userAgent(),
                r.mtime());
    }

    /**
     * Writes a numbered flush once, as the real stores do (a number seen before writes nothing); a row
     * whose total would go beyond a signed BIGINT is refused on its own and returned, as a database's
     * is.
     */
    @Override
    public synchronized List<Refusal> write(long flushId, Batch batch) {
        check();
        List<Refusal> refused = new ArrayList<>();
        if (flushIds.add(flushId)) {
            apply(batch, refused);
        }
        if (ambiguous > 0) {
            ambiguous--;
            throw new StoreException("connection lost during the commit (test)");
        }
        return refused;
    }

    private void apply(Batch batch, List<Refusal> refused) {
        batches++;
        for (Batch.UserDelta d : batch.users()) {
            long[] t = userTotals.computeIfAbsent(d.userId(), k -> new long[2]);
            long[] sum = sums(t[0], d.uploaded(), t[1], d.downloaded());
            if (sum == null) {
                refused.add(new Refusal("users", d, OUT_OF_RANGE));
            } else {
                userTotals.put(d.userId(), sum);
            }
        }
        for (Batch.TorrentDelta d : batch.torrents()) {
            long[] t = torrentTotals.computeIfAbsent(d.torrentId(), k -> new long[2]);
            long[] sum = sums(t[0], d.snatched(), t[1], d.balance());
            if (sum == null) {
                refused.add(new Refusal("torrents", d, OUT_OF_RANGE));
            } else {
                torrentCounts.put(d.torrentId(), d);
                torrentTotals.put(d.torrentId(), sum);
            }
        }
        snatches.addAll(batch.snatches());
        for (Batch.PeerRow r : batch.peers()) {
            peers.put(new PeerKey(r.userId(), r.torrentId(), r.peerId()), r);
        }
        for (Batch.TokenDelta d : batch.tokenDownloads()) {
            long old = tokenDownloads.getOrDefault(pair(d.userId(), d.torrentId()), 0L);
            long[] sum = sums(old, d.downloaded(), 0, 0);
            if (sum == null) {
                refused.add(new Refusal("tokens", d, OUT_OF_RANGE));
            } else {
                tokenDownloads.put(pair(d.userId(), d.torrentId()), sum[0]);
            }
        }
        usedUp.addAll(batch.tokensUsedUp());
    }

    /** {a + da, b + db}, or null when either goes beyond a signed BIGINT (the row is refused whole). */
    private static long[] sums(long a, long da, long b, long db) {
        try {
            return new long[] {Math.addExact(a, da), Math.addExact(b, db)};
        } catch (ArithmeticException e) {
            return null;
        }
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
        return tokenDownloads.getOrDefault(pair(userId, torrentId), 0L);
    }

    public synchronized List<RosterData.Token> usedUp() {
        return List.copyOf(usedUp);
    }

    /** How many distinct flushes were written. */
    public synchronized int batches() {
        return batches;
    }

    /** The changes kept so far, in order, e.g. {@code saveUser 7 <passkey> true true}, {@code deleteTorrent 3}. */
    public synchronized List<String> saves() {
        return List.copyOf(saves);
    }

    /** The users a load returns, by id. */
    public synchronized Map<Integer, User> users() {
        Map<Integer, User> users = new TreeMap<>();
        data.users().forEach(u -> users.put(u.id(), u));
        return users;
    }

    /** The torrents a load returns, by id. */
    public synchronized Map<Integer, Torrent> torrents() {
        Map<Integer, Torrent> torrents = new TreeMap<>();
        data.torrents().forEach(r -> torrents.put(r.torrent().id(), r.torrent()));
        return torrents;
    }

    @Override
    public Optional<RosterEditor> editor() {
        return editor;
    }

    /** Kept open across a restart of the webapp that uses it. */
    @Override
    public void close() {
    }

    private static long pair(int userId, int torrentId) {
        return ((long) userId << 32) | (torrentId & 0xffffffffL);
    }

    /** Keeps each change in the roster a load returns, recording it first. */
    private final class Editor implements RosterEditor {
        @Override
        public void saveUser(User user) {
            change("saveUser " + user.id() + " " + user.passkey() + " " + user.canLeech() + " " + user.visible(),
                    users -> users.put(user.id(), user), null, null, null);
        }

        @Override
        public void deleteUser(int userId) {
            change("deleteUser " + userId, users -> users.remove(userId), null, null, null);
        }

        @Override
        public void saveTorrent(Torrent torrent) {
            change("saveTorrent " + torrent.id() + " " + torrent.free(), null, torrents -> {
                RosterData.Registered old = torrents.get(torrent.id());
                torrents.put(torrent.id(), new RosterData.Registered(torrent, old == null ? 0 : old.snatched()));
            }, null, null);
        }

        @Override
        public void deleteTorrent(int torrentId) {
            change("deleteTorrent " + torrentId, null, torrents -> torrents.remove(torrentId),
                    tokens -> tokens.removeIf(t -> t.torrentId() == torrentId), null);
        }

        @Override
        public void saveToken(int userId, int torrentId, boolean active) {
            RosterData.Token token = new RosterData.Token(userId, torrentId);
            change("saveToken " + userId + " " + torrentId + " " + active, null, null,
                    tokens -> {
                        if (active) {
                            tokens.add(token);
                        } else {
                            tokens.remove(token);
                        }
                    }, null);
        }

        @Override
        public void saveWhitelist(List<String> prefixes) {
            change("saveWhitelist " + prefixes, null, null, null, prefixes);
        }

        private void change(String what, java.util.function.Consumer<Map<Integer, User>> users,
                            java.util.function.Consumer<Map<Integer, RosterData.Registered>> torrents,
                            java.util.function.Consumer<Set<RosterData.Token>> tokens, List<String> whitelist) {
            synchronized (MemoryAccountsStore.this) {
                check();
                saves.add(what);
                Map<Integer, User> u = new TreeMap<>();
                data.users().forEach(x -> u.put(x.id(), x));
                Map<Integer, RosterData.Registered> t = new TreeMap<>();
                data.torrents().forEach(x -> t.put(x.torrent().id(), x));
                Set<RosterData.Token> k = new TreeSet<>((a, b) -> Long.compare(pair(a.userId(), a.torrentId()),
                        pair(b.userId(), b.torrentId())));
                k.addAll(data.tokens());
                if (users != null) {
                    users.accept(u);
                }
                if (torrents != null) {
                    torrents.accept(t);
                }
                if (tokens != null) {
                    tokens.accept(k);
                }
                data = new RosterData(List.copyOf(u.values()), List.copyOf(t.values()), List.copyOf(k),
                        whitelist == null ? data.whitelist() : whitelist);
            }
        }
    }
}
