package dev.karuta.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.accounts.FreeLeech;
import dev.karuta.accounts.Membership;
import dev.karuta.accounts.Passkey;
import dev.karuta.core.InfoHash;
import dev.karuta.testing.ChildProcess;
import dev.karuta.testing.ExternalTools;
import dev.karuta.testing.KarutaServer;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A private torrent moves between two users' real clients through their passkey URLs, on the embedded
 * database; afterwards each user's accounting in the database shows the payload: the seeder uploaded it,
 * the leecher downloaded it and snatched the torrent.
 */
class PrivateTransferIT {
    private static final Duration ACCOUNTING_DEADLINE = Duration.ofSeconds(60);
    private static final int SEEDER = 1;
    private static final int LEECHER = 2;
    private static final int TORRENT = 100;

    @TempDir
    Path tmp;
    private KarutaServer server;
    private ClientRig rig;
    private final String seederKey = Passkey.generate();
    private final String leecherKey = Passkey.generate();

    @BeforeEach
    void start() throws Exception {
        server = KarutaServer.start(Map.of("karuta.mode", "private", "karuta.announce.interval", "5",
                "karuta.announce.intervalJitter", "0", "karuta.announce.minInterval", "1",
                "karuta.private.flushInterval", "1"), null);
        Membership members = server.components().accounts().members();
        members.addUser(SEEDER, seederKey, true);
        members.addUser(LEECHER, leecherKey, true);
        rig = new ClientRig(tmp);
    }

    @AfterEach
    void stop() {
        if (rig != null) {
            rig.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** The seeder's torrent (private flag, seeder's passkey), registered; the leecher's copy is returned. */
    private Path[] torrents(String base) throws Exception {
        Path seeder = rig.makeTorrent(base + "/" + seederKey + "/announce", true);
        InfoHash hash = ClientRig.infoHashOf(seeder);
        server.components().accounts().members().addTorrent(TORRENT, hash, FreeLeech.NORMAL);
        Path leecher = rig.withAnnounce(seeder, base + "/" + leecherKey + "/announce", "leecher.torrent");
        return new Path[] {seeder, leecher};
    }

    /** {uploaded, downloaded} of {@code user} as the database has them now. */
    private long[] totals(int user) {
        return server.components().store().database().transaction("read totals", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT uploaded, downloaded FROM karuta_users WHERE id = ?")) {
                ps.setInt(1, user);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? new long[] {rs.getLong(1), rs.getLong(2)} : new long[2];
                }
            }
        });
    }

    private int snatches(int user) {
        return server.components().store().database().transaction("read snatches", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT COUNT(*) FROM karuta_user_snatches WHERE user_id = ? AND torrent_id = ?")) {
                ps.setInt(1, user);
                ps.setInt(2, TORRENT);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    /**
     * Waits (polling the database: nothing else signals a flush) until the seeder's upload and the
     * leecher's download of the payload are written, then checks both are the payload give or take the
     * clients' re-requests, and the snatch.
     */
    private void awaitAccounting() throws Exception {
        long deadline = System.nanoTime() + ACCOUNTING_DEADLINE.toNanos();
        long[] up = totals(SEEDER);
        long[] down = totals(LEECHER);
        while (up[0] < rig.size || down[1] < rig.size || snatches(LEECHER) == 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("accounting within " + ACCOUNTING_DEADLINE + ": seeder " + up[0]
                        + " up, leecher " + down[1] + " down of " + rig.size + rig.logs());
            }
            Thread.sleep(200);
            up = totals(SEEDER);
            down = totals(LEECHER);
        }
        assertTrue(up[0] <= rig.size * 12 / 10, "the seeder's upload is the payload: " + up[0]);
        assertTrue(down[1] <= rig.size * 12 / 10, "the leecher's download is the payload: " + down[1]);
        assertTrue(up[1] == 0, "the seeder downloaded nothing: " + up[1]);
        rig.progress("accounted: seeder uploaded " + up[0] + ", leecher downloaded " + down[1] + " of " + rig.size);
    }

    private void awaitSeeder(InfoHash hash) throws Exception {
        long deadline = System.nanoTime() + ACCOUNTING_DEADLINE.toNanos();
        while (server.components().registry().stats(hash).seeders() == 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the seeder announced" + rig.logs());
            }
            rig.failIfAClientDied(null);
            Thread.sleep(100);
        }
    }

    @Test
    void libtorrentSeedsAndAria2DownloadsThroughPasskeyUrlsOverHttp() throws Exception {
        ExternalTools.requirePrograms("aria2c");
        ExternalTools.requireLibtorrent();
        Path[] t = torrents("http://127.0.0.1:" + server.port());
        rig.client("libtorrent-seed", rig.libtorrent("seed", t[0], rig.seedDir));
        awaitSeeder(ClientRig.infoHashOf(t[0]));
        ChildProcess leecher = rig.client("aria2-leech", ClientRig.aria2(t[1], rig.leechDir, false));
        rig.awaitCopy(leecher);
        awaitAccounting();
    }

    @Test
    void libtorrentClientsTradeThroughPasskeyUrlsOverUdp() throws Exception {
        ExternalTools.requireLibtorrent();
        Path[] t = torrents("udp://127.0.0.1:" + server.components().udp().port());
        rig.client("libtorrent-seed", rig.libtorrent("seed", t[0], rig.seedDir));
        awaitSeeder(ClientRig.infoHashOf(t[0]));
        ChildProcess leecher = rig.client("libtorrent-leech", rig.libtorrent("download", t[1], rig.leechDir));
        rig.awaitCopy(leecher);
        awaitAccounting();
    }
}
