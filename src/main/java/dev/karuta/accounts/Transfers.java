package dev.karuta.accounts;

import dev.karuta.core.AnnounceRequest;
import dev.karuta.core.Event;
import dev.karuta.core.PeerId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Each private peer's last reported totals, so that an announce is credited with what was transferred
 * since the previous one, with Ocelot's rules: a new peer or {@code started} sets the baseline and is
 * credited nothing; totals that went down (the client restarted its counters) reset the baseline and
 * are credited nothing; otherwise the credit is the growth. A growth no link can carry, more than
 * {@code maxRate} bytes a second since the peer's previous announce (a client reporting absurd
 * counters, {@code uploaded=9223372036854775807}), is refused: credited nothing, counted
 * ({@link #refusedUploads()}, {@link #refusedDownloads()}), and the baseline moves on as after a counter
 * reset; the announce itself is served. A peer is one peer_id of one user on one torrent. Thread-safe:
 * each peer's update is atomic.
 */
public final class Transfers {
    /** One peer: a user's client on a torrent. */
    public record Key(int torrentId, int userId, PeerId peerId) {
    }

    /**
     * What one announce changed.
     *
     * @param uploaded   bytes uploaded since the last announce (0 when the baseline was reset)
     * @param downloaded bytes downloaded since the last announce (0 when the baseline was reset)
     * @param snatch     whether this announce completed the download: nothing left, from a peer that
     *                   was downloading, or {@code completed} from an unknown peer
     * @param row        the peer's state now
     */
    public record Outcome(long uploaded, long downloaded, boolean snatch, Batch.PeerRow row) {
    }

    private static final class State {
        long uploaded;
        long downloaded;
        long left;
        long first;
        long last;
        int announces;
        String ip;
        String userAgent;
    }

    /** What a 100 Gbit/s link moves in a second, in bytes: the default of {@code karuta.private.maxRate}. */
    public static final long DEFAULT_MAX_RATE = 12_500_000_000L;

    private final ConcurrentHashMap<Key, State> states = new ConcurrentHashMap<>();
    private final long maxRate;
    private final LongAdder refusedUploads = new LongAdder();
    private final LongAdder refusedDownloads = new LongAdder();

    /** Baselines whose growth is refused beyond {@link #DEFAULT_MAX_RATE}. */
    public Transfers() {
        this(DEFAULT_MAX_RATE);
    }

    /** Baselines whose growth is refused beyond {@code maxRate} bytes a second (positive). */
    public Transfers(long maxRate) {
        if (maxRate < 1) {
            throw new IllegalArgumentException("the largest rate must be positive");
        }
        this.maxRate = maxRate;
    }

    /**
     * Applies one announce of {@code userId} on {@code torrentId} at {@code now} (epoch seconds);
     * {@code ip} and {@code userAgent} go into the peer's row.
     */
    public Outcome announce(int userId, int torrentId, AnnounceRequest request, long now, String ip, String userAgent) {
        Key key = new Key(torrentId, userId, request.peerId());
        Outcome[] out = new Outcome[1];
        boolean stopped = request.event() == Event.STOPPED;
        states.compute(key, (k, s) -> {
            long up = 0;
            long down = 0;
            // Ocelot counts only completed; a downloading peer that reaches nothing left by any other
            // announce (aria2 with --seed-time=0 goes straight to stopped) has snatched as well.
            boolean snatch = request.left() == 0 && (s == null ? request.event() == Event.COMPLETED : s.left > 0);
            if (s == null || request.event() == Event.STARTED) {
                s = new State();
                s.first = now;
                s.last = now;
                s.announces = 1;
            } else {
                if (request.uploaded() >= s.uploaded && request.downloaded() >= s.downloaded) {
                    // Times are whole seconds: one more covers the fraction the subtraction lost.
                    long bound = most(Math.max(0, now - s.last) + 1);
                    up = credit(request.uploaded() - s.uploaded, bound, refusedUploads);
                    down = credit(request.downloaded() - s.downloaded, bound, refusedDownloads);
                }
                s.announces++;
            }
            long elapsed = Math.max(1, now - s.last);
            s.uploaded = request.uploaded();
            s.downloaded = request.downloaded();
            s.left = request.left();
            s.last = now;
            s.ip = ip;
            s.userAgent = userAgent;
            out[0] = new Outcome(up, down, snatch, row(k, s, !stopped, up / elapsed, down / elapsed, now));
            return stopped ? null : s;
        });
        return out[0];
    }

    /** The bytes {@code maxRate} moves in {@code seconds}, saturated. */
    private long most(long seconds) {
        return seconds > Long.MAX_VALUE / maxRate ? Long.MAX_VALUE : seconds * maxRate;
    }

    /** {@code growth} when a link can carry it within {@code bound}; else 0, counted in {@code refused}. */
    private static long credit(long growth, long bound, LongAdder refused) {
        if (growth > bound) {
            refused.increment();
            return 0;
        }
        return growth;
    }

    /** Announces whose upload growth was refused as beyond the largest rate, since the start. */
    public long refusedUploads() {
        return refusedUploads.sum();
    }

    /** Announces whose download growth was refused as beyond the largest rate, since the start. */
    public long refusedDownloads() {
        return refusedDownloads.sum();
    }

    /**
     * Forgets peers whose last announce is {@code ttl} seconds or more before {@code now}, handing each
     * one's final (inactive) row to {@code sink}; returns how many.
     */
    public int expire(long now, long ttl, Consumer<Batch.PeerRow> sink) {
        int n = 0;
        for (Map.Entry<Key, State> e : states.entrySet()) {
            if (now - e.getValue().last < ttl) {
                continue;
            }
            Batch.PeerRow[] gone = new Batch.PeerRow[1];
            states.computeIfPresent(e.getKey(), (k, s) -> {
                if (now - s.last < ttl) {
                    return s; // announced meanwhile
                }
                gone[0] = row(k, s, false, 0, 0, s.last);
                return null;
            });
            if (gone[0] != null) {
                sink.accept(gone[0]);
                n++;
            }
        }
        return n;
    }

    /** Takes up the baselines of peers that were active before a restart (a live peer wins). */
    public void resume(List<Batch.PeerRow> rows) {
        for (Batch.PeerRow r : rows) {
            if (!r.active()) {
                continue;
            }
            State s = new State();
            s.uploaded = r.uploaded();
            s.downloaded = r.downloaded();
            s.left = r.remaining();
            s.last = r.mtime();
            s.first = r.mtime() - r.timeSpent();
            s.announces = r.announces();
            s.ip = r.ip();
            s.userAgent = r.userAgent();
            states.putIfAbsent(new Key(r.torrentId(), r.userId(), r.peerId()), s);
        }
    }

    /** How many peers are known. */
    public int size() {
        return states.size();
    }

    /** How many peers a user has: downloading (something left) and seeding (nothing left). */
    public record UserPeers(int leeching, int seeding) {
    }

    /** The user ids of a torrent's peers, one per peer: downloading and seeding. */
    public record TorrentPeers(List<Integer> leechers, List<Integer> seeders) {
    }

    /**
     * Counts the peers of {@code userId} on every torrent, as Ocelot's per-user leeching and seeding
     * counters do. A scan of every peer: meant for reports, not for the announce path.
     */
    public UserPeers userPeers(int userId) {
        int leeching = 0;
        int seeding = 0;
        for (Map.Entry<Key, State> e : states.entrySet()) {
            if (e.getKey().userId() == userId) {
                if (e.getValue().left > 0) {
                    leeching++;
                } else {
                    seeding++;
                }
            }
        }
        return new UserPeers(leeching, seeding);
    }

    /**
     * The user ids of the peers of {@code torrentId}, one entry per peer (a user with two clients is
     * listed twice). A scan of every peer: meant for reports, not for the announce path.
     */
    public TorrentPeers torrentPeers(int torrentId) {
        List<Integer> leechers = new ArrayList<>();
        List<Integer> seeders = new ArrayList<>();
        for (Map.Entry<Key, State> e : states.entrySet()) {
            if (e.getKey().torrentId() == torrentId) {
                (e.getValue().left > 0 ? leechers : seeders).add(e.getKey().userId());
            }
        }
        return new TorrentPeers(List.copyOf(leechers), List.copyOf(seeders));
    }

    /** Forgets every peer of {@code torrentId} (it was deleted), handing their inactive rows to {@code sink}. */
    public void dropTorrent(int torrentId, Consumer<Batch.PeerRow> sink) {
        for (Key k : states.keySet()) {
            if (k.torrentId() == torrentId) {
                State s = states.remove(k);
                if (s != null) {
                    sink.accept(row(k, s, false, 0, 0, s.last));
                }
            }
        }
    }

    private static Batch.PeerRow row(Key k, State s, boolean active, long upSpeed, long downSpeed, long mtime) {
        return new Batch.PeerRow(k.userId(), k.torrentId(), k.peerId(), active, s.uploaded, s.downloaded, upSpeed,
                downSpeed, s.left, mtime - s.first, s.announces, s.ip, s.userAgent, mtime);
    }
}
