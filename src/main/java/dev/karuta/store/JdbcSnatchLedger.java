package dev.karuta.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.karuta.core.InfoHash;
import dev.karuta.swarm.SnatchLedger;
import java.lang.System.Logger.Level;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Snatch counts kept in the database, with at most {@code capacity} of them in memory whatever clients
 * announce: a count is read (one indexed read) the first time a torrent's {@link #base} is asked (when
 * its swarm is created, or it is scraped unknown) and kept in a bounded cache; a snatch adds to the
 * cached count and to a per-torrent pending delta (no I/O), and {@link #flush()} writes the pending
 * deltas in one batched upsert ({@code snatches = snatches + delta}). A failed flush keeps its deltas
 * for the next one, so each delta is written once; a crash loses what was not flushed yet. A count read
 * is the stored one plus the pending delta, never taken while a flush is writing, so it is exact.
 * While the database cannot be read, {@link #base} answers the pending delta alone (the stored counts
 * stay exact, a swarm created meanwhile starts low) and the database is not asked again for a while.
 */
public final class JdbcSnatchLedger implements SnatchLedger {
    private static final System.Logger LOG = System.getLogger(JdbcSnatchLedger.class.getName());
    /** Rows per JDBC batch; a flush of more sends several batches in its one transaction. */
    private static final int BATCH = 1000;
    /** Counts held when no capacity is given. */
    public static final long DEFAULT_CAPACITY = 100_000;
    /** How long reads wait after a failed one, so announces do not each wait for a database that is down. */
    private static final long READ_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Database db;
    /** Each count as the database had it when read, plus the snatches counted here since. */
    private final Cache<InfoHash, Long> counts;
    private final ConcurrentHashMap<InfoHash, Long> pending = new ConcurrentHashMap<>();
    /** Reads hold it shared, a flush's write exclusively: a read sees a delta either pending or stored. */
    private final ReadWriteLock reading = new ReentrantReadWriteLock();
    private final Object flushing = new Object();
    private volatile long readsFailedAt;
    private volatile boolean readsFailing;

    private JdbcSnatchLedger(Database db, long capacity) {
        this.db = db;
        this.counts = Caffeine.newBuilder().maximumSize(capacity).executor(Runnable::run).build();
    }

    /** The ledger over {@code db}, holding at most {@link #DEFAULT_CAPACITY} counts in memory. */
    public static JdbcSnatchLedger load(Database db) {
        return load(db, DEFAULT_CAPACITY);
    }

    /** The ledger over {@code db}, holding at most {@code capacity} counts in memory (besides pending deltas). */
    public static JdbcSnatchLedger load(Database db, long capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        return new JdbcSnatchLedger(db, capacity);
    }

    /** The count, from memory, else read once from the database (see the class comment for a failed read). */
    @Override
    public long base(InfoHash infoHash) {
        Long cached = counts.getIfPresent(infoHash);
        if (cached != null) {
            return cached;
        }
        if (readsFailing && System.nanoTime() - readsFailedAt < READ_BACKOFF_NANOS) {
            return pending.getOrDefault(infoHash, 0L);
        }
        try {
            long count = counts.get(infoHash, this::read);
            readsFailing = false;
            return count;
        } catch (RuntimeException e) {
            if (!readsFailing) {
                LOG.log(Level.WARNING, "cannot read a snatch count, new swarms start from the snatches counted"
                        + " here: " + e.getMessage());
            }
            readsFailedAt = System.nanoTime();
            readsFailing = true;
            return pending.getOrDefault(infoHash, 0L);
        }
    }

    /** Runs inside the cache's computation for {@code infoHash}, so no snatch of it is counted meanwhile. */
    private Long read(InfoHash infoHash) {
        reading.readLock().lock();
        try {
            long stored = db.transaction("read a snatch count", c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT snatches FROM karuta_snatches WHERE info_hash = ?")) {
                    ps.setString(1, infoHash.toHex());
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next() ? rs.getLong(1) : 0L;
                    }
                }
            });
            return stored + pending.getOrDefault(infoHash, 0L);
        } finally {
            reading.readLock().unlock();
        }
    }

    @Override
    public void snatched(InfoHash infoHash) {
        // Under the cache's lock of the key, so a read of the count sees this snatch either pending or counted.
        counts.asMap().compute(infoHash, (h, count) -> {
            pending.merge(h, 1L, Long::sum);
            return count == null ? null : count + 1;
        });
    }

    /** Torrents held in memory: the cached counts and the pending deltas. */
    public long torrents() {
        counts.cleanUp();
        return counts.estimatedSize() + pending.size();
    }

    /** Snatches counted but not yet written. */
    public long pending() {
        long sum = 0;
        for (long d : pending.values()) {
            sum += d;
        }
        return sum;
    }

    /**
     * Writes every pending delta in one transaction; returns the torrents written. On failure the
     * deltas go back to pending, merged with those counted meanwhile, and the {@link dev.karuta.sql.StoreException}
     * is thrown.
     */
    public int flush() {
        synchronized (flushing) {
            reading.writeLock().lock();
            try {
                Map<InfoHash, Long> taken = new LinkedHashMap<>();
                for (InfoHash h : pending.keySet()) {
                    Long delta = pending.remove(h);
                    if (delta != null) {
                        taken.put(h, delta);
                    }
                }
                if (taken.isEmpty()) {
                    return 0;
                }
                try {
                    write(taken);
                } catch (RuntimeException e) {
                    taken.forEach((h, d) -> pending.merge(h, d, Long::sum));
                    throw e;
                }
                return taken.size();
            } finally {
                reading.writeLock().unlock();
            }
        }
    }

    private void write(Map<InfoHash, Long> deltas) {
        List<Map.Entry<InfoHash, Long>> rows = new ArrayList<>(deltas.entrySet());
        db.transaction("write " + rows.size() + " snatch counts", c -> {
            try (PreparedStatement ps = c.prepareStatement(db.dialect().addSnatchesSql())) {
                for (int i = 0; i < rows.size(); i++) {
                    ps.setString(1, rows.get(i).getKey().toHex());
                    ps.setLong(2, rows.get(i).getValue());
                    ps.addBatch();
                    if ((i + 1) % BATCH == 0 || i == rows.size() - 1) {
                        ps.executeBatch();
                    }
                }
            }
            return null;
        });
    }
}
