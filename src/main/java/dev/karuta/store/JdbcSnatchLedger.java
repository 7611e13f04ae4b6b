package dev.karuta.store;

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

/**
 * Snatch counts kept in the database and served from memory: every count is loaded when the ledger
 * opens, a snatch adds to the count and to a per-torrent pending delta in memory (no I/O on the
 * announce path), and {@link #flush()} writes the pending deltas in one batched upsert
 * ({@code snatches = snatches + delta}). A failed flush keeps its deltas for the next one, so each
 * delta is written once; a crash loses what was not flushed yet.
 */
public final class JdbcSnatchLedger implements SnatchLedger {
    private static final System.Logger LOG = System.getLogger(JdbcSnatchLedger.class.getName());
    /** Rows per JDBC batch; a flush of more sends several batches in its one transaction. */
    private static final int BATCH = 1000;

    private final Database db;
    private final ConcurrentHashMap<InfoHash, Long> totals;
    private final ConcurrentHashMap<InfoHash, Long> pending = new ConcurrentHashMap<>();
    private final Object flushing = new Object();

    private JdbcSnatchLedger(Database db, ConcurrentHashMap<InfoHash, Long> totals) {
        this.db = db;
        this.totals = totals;
    }

    /** The ledger with every count the database holds. */
    public static JdbcSnatchLedger load(Database db) {
        ConcurrentHashMap<InfoHash, Long> totals = db.transaction("load the snatch counts", c -> {
            ConcurrentHashMap<InfoHash, Long> map = new ConcurrentHashMap<>();
            int skipped = 0;
            try (PreparedStatement ps = c.prepareStatement("SELECT info_hash, snatches FROM karuta_snatches");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    try {
                        map.put(InfoHash.fromHex(rs.getString(1)), rs.getLong(2));
                    } catch (IllegalArgumentException e) {
                        skipped++;
                    }
                }
            }
            if (skipped > 0) {
                LOG.log(Level.WARNING, "skipped {0} rows of karuta_snatches whose info_hash is not 40 hex digits",
                        skipped);
            }
            return map;
        });
        return new JdbcSnatchLedger(db, totals);
    }

    @Override
    public long base(InfoHash infoHash) {
        return totals.getOrDefault(infoHash, 0L);
    }

    @Override
    public void snatched(InfoHash infoHash) {
        totals.merge(infoHash, 1L, Long::sum);
        pending.merge(infoHash, 1L, Long::sum);
    }

    /** Torrents held: every one with a snatch. */
    public int torrents() {
        return totals.size();
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
