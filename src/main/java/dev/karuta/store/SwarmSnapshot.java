package dev.karuta.store;

import dev.karuta.core.InfoHash;
import dev.karuta.core.PeerAddress;
import dev.karuta.core.PeerId;
import dev.karuta.core.TimeSource;
import dev.karuta.sql.StoreException;
import dev.karuta.swarm.PeerView;
import dev.karuta.swarm.SwarmRegistry;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;

/**
 * The swarms written at a graceful stop and read back at the next start, so that a restart does not
 * hand out empty peer lists. A snapshot replaces the previous one in one transaction; restoring
 * deletes it, so that a later crash cannot bring the same peers back twice. Downtime counts as idle
 * time: a peer is restored as silent for its idle time at the snapshot plus the time since, and is
 * left out once that reaches the peer TTL.
 */
public final class SwarmSnapshot {
    private static final System.Logger LOG = System.getLogger(SwarmSnapshot.class.getName());
    /**
     * Rows per JDBC batch: PostgreSQL's driver rewrites a batch into one INSERT, and 1000 rows of 11
     * columns stay under its 32767 parameters per statement.
     */
    private static final int BATCH = 1000;
    private static final String COLUMNS = "info_hash, peer_id, ipv4, ipv4_port, ipv6, ipv6_port, peer_state,"
            + " idle_millis, peer_key, has_key, snatched";
    private static final String INSERT = "INSERT INTO karuta_snapshot_peer (" + COLUMNS + ")"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    /** Oldest first within each swarm, so that the registry links each restored peer at the young end. */
    private static final String SELECT = "SELECT " + COLUMNS + " FROM karuta_snapshot_peer"
            + " ORDER BY info_hash, idle_millis DESC";

    private final Database db;
    private final TimeSource time;

    /** Snapshots in {@code db}, dated by {@code time}'s wall clock. */
    public SwarmSnapshot(Database db, TimeSource time) {
        this.db = db;
        this.time = time;
    }

    /** Replaces the stored snapshot with every live peer of {@code registry}; returns the peers written. */
    public long save(SwarmRegistry registry) {
        return db.transaction("write the swarm snapshot", c -> {
            clear(c);
            long written;
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                Writer writer = new Writer(ps);
                try {
                    registry.forEach((infoHash, stats) ->
                            registry.forEachPeer(infoHash, peer -> writer.add(infoHash, peer)));
                } catch (UncheckedSql e) {
                    throw e.getCause();
                }
                written = writer.finish();
            }
            // Taken when every idle time has been read, so that no peer looks younger than it was.
            long takenAt = time.epochMillis();
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO karuta_snapshot (id, taken_at_millis, peers) VALUES (1, ?, ?)")) {
                ps.setLong(1, takenAt);
                ps.setLong(2, written);
                ps.executeUpdate();
            }
            return written;
        });
    }

    /**
     * Puts the stored snapshot's peers back into {@code registry} and deletes the snapshot; returns the
     * peers restored (0 when there is none). Peers past the TTL, or whose row is damaged, are skipped.
     */
    public long restore(SwarmRegistry registry) {
        long count = db.transaction("restore the swarm snapshot", c -> {
            Long takenAt = null;
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT taken_at_millis FROM karuta_snapshot WHERE id = 1")) {
                if (rs.next()) {
                    takenAt = rs.getLong(1);
                }
            }
            long restored = 0;
            long skipped = 0;
            if (takenAt != null) {
                long downtime = Math.max(0, time.epochMillis() - takenAt);
                try (PreparedStatement ps = c.prepareStatement(SELECT)) {
                    // Streams the rows (PostgreSQL needs the open transaction for that, MariaDB the fetch size).
                    ps.setFetchSize(BATCH);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            InfoHash infoHash;
                            PeerView peer;
                            try {
                                infoHash = InfoHash.of(rs.getBytes(1));
                                peer = peer(rs, downtime);
                            } catch (IllegalArgumentException e) {
                                skipped++;
                                continue;
                            }
                            if (registry.restore(infoHash, peer)) {
                                restored++;
                            }
                        }
                    }
                }
            }
            if (skipped > 0) {
                LOG.log(Level.WARNING, "skipped {0} damaged rows of the swarm snapshot", skipped);
            }
            clear(c);
            return restored;
        });
        if (db.dialect() == Dialect.H2) {
            forceToFile();
        }
        return count;
    }

    /**
     * Writes H2's last commits to its file now: H2 writes them in the background (its WRITE_DELAY,
     * 500 ms), and a crash within that time after a start would keep the deleted snapshot, so that
     * the next start restored the same peers a second time ({@code CrashIT} saw it).
     */
    private void forceToFile() {
        try {
            db.transaction("write the snapshot's deletion to the file", c -> {
                try (Statement st = c.createStatement()) {
                    st.execute("CHECKPOINT");
                }
                return null;
            });
        } catch (StoreException e) {
            LOG.log(Level.WARNING, "the restored swarm snapshot's deletion may reach the file only later: {0}",
                    e.getMessage());
        }
    }

    private static void clear(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM karuta_snapshot_peer");
            st.executeUpdate("DELETE FROM karuta_snapshot");
        }
    }

    private static PeerView peer(ResultSet rs, long downtimeMillis) throws SQLException {
        PeerId peerId = PeerId.of(rs.getBytes(2));
        PeerAddress ipv4 = address(rs.getBytes(3), rs.getInt(4));
        PeerAddress ipv6 = address(rs.getBytes(5), rs.getInt(6));
        PeerView.State state = state(rs.getInt(7));
        Duration idle = Duration.ofMillis(Math.max(0, rs.getLong(8)) + downtimeMillis);
        return new PeerView(peerId, ipv4, ipv6, state, idle, rs.getInt(9), rs.getBoolean(10), rs.getBoolean(11));
    }

    private static PeerAddress address(byte[] ip, int port) {
        return ip == null ? null : PeerAddress.of(ip, port);
    }

    private static int code(PeerView.State state) {
        return switch (state) {
            case DOWNLOADER -> 0;
            case PARTIAL_SEED -> 1;
            case SEEDER -> 2;
        };
    }

    private static PeerView.State state(int code) {
        return switch (code) {
            case 0 -> PeerView.State.DOWNLOADER;
            case 1 -> PeerView.State.PARTIAL_SEED;
            case 2 -> PeerView.State.SEEDER;
            default -> throw new IllegalArgumentException("unknown peer state " + code);
        };
    }

    /** Binds peers to the insert and sends them a batch at a time. */
    private static final class Writer {
        private final PreparedStatement ps;
        private int inBatch;
        private long written;

        Writer(PreparedStatement ps) {
            this.ps = ps;
        }

        void add(InfoHash infoHash, PeerView peer) {
            try {
                ps.setBytes(1, infoHash.bytes());
                ps.setBytes(2, peer.peerId().bytes());
                bindAddress(3, peer.ipv4());
                bindAddress(5, peer.ipv6());
                ps.setInt(7, code(peer.state()));
                ps.setLong(8, peer.idle().toMillis());
                ps.setInt(9, peer.key());
                ps.setBoolean(10, peer.hasKey());
                ps.setBoolean(11, peer.snatched());
                ps.addBatch();
                written++;
                if (++inBatch == BATCH) {
                    ps.executeBatch();
                    inBatch = 0;
                }
            } catch (SQLException e) {
                throw new UncheckedSql(e);
            }
        }

        private void bindAddress(int index, PeerAddress address) throws SQLException {
            if (address == null) {
                ps.setNull(index, Types.BINARY);
                ps.setNull(index + 1, Types.INTEGER);
            } else {
                ps.setBytes(index, address.ip());
                ps.setInt(index + 1, address.port());
            }
        }

        long finish() throws SQLException {
            if (inBatch > 0) {
                ps.executeBatch();
            }
            return written;
        }
    }

    /** Carries an {@link SQLException} out of the registry's callbacks. */
    private static final class UncheckedSql extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UncheckedSql(SQLException cause) {
            super(cause);
        }

        @Override
        public synchronized SQLException getCause() {
            return (SQLException) super.getCause();
        }
    }
}
