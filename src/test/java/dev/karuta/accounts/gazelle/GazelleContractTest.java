package dev.karuta.accounts.gazelle;

import static dev.karuta.testing.TrackerClient.escape;
import static dev.karuta.testing.TrackerClient.id;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.bencode.BencodeReader;
import dev.karuta.testing.KarutaServer;
import dev.karuta.testing.TcpProxy;
import dev.karuta.testing.TrackerClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Karuta as a Gazelle site's tracker, end to end on the real MariaDB: the test plays the site (it
 * writes its own rows, then tells the tracker through Ocelot's update API, as Gazelle does), clients
 * announce with real passkeys over HTTP, and the rows Gazelle reads are checked after a flush, for both
 * schema variants: user totals, torrent counts and snatches, xbt_snatched, xbt_files_users; freeleech
 * and tokens; a database cut off mid-run that loses nothing and counts nothing twice.
 */
class GazelleContractTest extends GazelleTestBase {
    private static final String SECRET = "siteSECRET0123456789abcdefghijkl";
    private static final String REPORT = "reportSECRET0123456789abcdefghij";
    private static final byte[] HASH = bytes20(0x2a);
    private static final byte[] FREE_HASH = bytes20(0x2b);
    private static final int SEEDER = 11;
    private static final int LEECHER = 12;

    private GazelleSite site;
    private TcpProxy proxy;
    private KarutaServer server;
    private TrackerClient http;

    private void start(GazelleSchema schema) throws Exception {
        site = site(schema);
        proxy = closeLater(new TcpProxy(site.host(), site.port()));
        site.addUser(SEEDER, passkey(SEEDER));
        site.addUser(LEECHER, passkey(LEECHER));
        site.addTorrent(100, HASH);
        site.addTorrent(101, FREE_HASH);
        server = closeLater(KarutaServer.start(Map.of("karuta.mode", "private", "karuta.private.store", "gazelle",
                "karuta.gazelle.url", site.urlVia(proxy.port()), "karuta.gazelle.user", site.settings().user(),
                "karuta.gazelle.schema", schema.name().toLowerCase(java.util.Locale.ROOT),
                "karuta.ocelot.site.secret", SECRET, "karuta.ocelot.report.secret", REPORT,
                "karuta.private.flushInterval", "3600", "karuta.private.finalFlushTimeout", "10",
                "karuta.announce.intervalJitter", "0"), null));
        http = new TrackerClient("http://127.0.0.1:" + server.port());
    }

    /** Gazelle's Tracker::update_tracker: the answer's last line must be {@code success}. */
    private void update(String query) throws Exception {
        String body = new String(http.getRaw("/" + SECRET + "/update?" + query),
                StandardCharsets.ISO_8859_1);
        assertTrue(body.endsWith("success"), () -> query + ": " + body);
    }

    private Map<String, Object> announce(int user, byte[] hash, String peer, long up, long down, long left,
                                         String event) throws Exception {
        Map<String, Object> r = http.get("/" + passkey(user) + "/announce?info_hash=" + escape(hash) + "&peer_id="
                + escape(id(peer)) + "&port=" + (6000 + user) + "&compact=1&uploaded=" + up + "&downloaded=" + down
                + "&left=" + left + (event.isEmpty() ? "" : "&event=" + event), "User-Agent", "qBittorrent/4.6.3");
        assertFalse(r.containsKey("failure reason"), () -> "refused: " + BencodeReader.latin1(r.get("failure reason")));
        return r;
    }

    private void flush() {
        assertTrue(server.components().accounts().flusher().flush(), "the flush wrote everything");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(GazelleSchema.class)
    void theRowsGazelleReadsFollowTheSwarm(GazelleSchema schema) throws Exception {
        start(schema);
        site.addUser(13, passkey(13));
        update("action=add_user&id=13&passkey=" + passkey(13));
        site.addTorrent(102, bytes20(0x2c));
        update("action=add_torrent&id=102&freetorrent=0&info_hash=" + escape(bytes20(0x2c)));
        announce(13, bytes20(0x2c), "-qB4630-thirteen", 0, 0, 0, "started");

        announce(SEEDER, HASH, "-qB4630-seeder", 0, 0, 0, "started");
        Map<String, Object> toLeecher = announce(LEECHER, HASH, "-qB4630-leecher", 0, 0, 5000, "started");
        assertEquals(6, ((byte[]) toLeecher.get("peers")).length, "the leecher is handed the seeder");
        announce(SEEDER, HASH, "-qB4630-seeder", 3000, 0, 0, "");
        announce(LEECHER, HASH, "-qB4630-leecher", 0, 3000, 2000, "");
        flush();
        assertArrayEquals(new long[] {3000, 0}, site.userTotals(SEEDER));
        assertArrayEquals(new long[] {0, 3000}, site.userTotals(LEECHER));
        GazelleSite.TorrentStats mid = site.torrentStats(100);
        assertEquals(1, mid.seeders());
        assertEquals(1, mid.leechers());

        announce(LEECHER, HASH, "-qB4630-leecher", 0, 5000, 0, "completed");
        announce(SEEDER, HASH, "-qB4630-seeder", 5000, 0, 0, "");
        flush();
        assertArrayEquals(new long[] {5000, 0}, site.userTotals(SEEDER));
        assertArrayEquals(new long[] {0, 5000}, site.userTotals(LEECHER));
        GazelleSite.TorrentStats done = site.torrentStats(100);
        assertEquals(2, done.seeders());
        assertEquals(0, done.leechers());
        assertEquals(1, done.snatched());
        assertEquals(0, done.balance(), "uploaded and downloaded cancel out");
        assertTrue(done.lastAction() != null, "last_action set while seeded");
        List<List<Object>> snatched = site.rows("SELECT uid, fid, IP FROM xbt_snatched");
        assertEquals(1, snatched.size());
        assertEquals(LEECHER, ((Number) snatched.get(0).get(0)).intValue());
        assertEquals(100, ((Number) snatched.get(0).get(1)).intValue());
        assertEquals("127.0.0.1", snatched.get(0).get(2));
        List<List<Object>> row = site.rows("SELECT active + 0, remaining, downloaded, mtime, useragent, announced"
                + " FROM xbt_files_users WHERE uid = ? AND fid = ?", LEECHER, 100);
        assertEquals(1, row.size());
        assertEquals(1, ((Number) row.get(0).get(0)).intValue());
        assertEquals(0, ((Number) row.get(0).get(1)).longValue());
        assertEquals(5000, ((Number) row.get(0).get(2)).longValue(), "the client's own session total");
        assertTrue(((Number) row.get(0).get(3)).longValue() > 1_700_000_000L, "mtime is the announce time");
        assertEquals("qBittorrent/4.6.3", row.get(0).get(4));
        assertEquals(3, ((Number) row.get(0).get(5)).intValue());

        announce(LEECHER, HASH, "-qB4630-leecher", 0, 5000, 0, "stopped");
        flush();
        assertEquals(0, site.queryLong("SELECT active + 0 FROM xbt_files_users WHERE uid = ? AND fid = ?", LEECHER, 100),
                "a stopped peer's row is inactive");
        assertEquals(1, site.torrentStats(100).seeders());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(GazelleSchema.class)
    void freeleechAndTokensSpareDownloadsAsGazelleExpects(GazelleSchema schema) throws Exception {
        start(schema);
        update("action=update_torrent&freetorrent=1&info_hash=" + escape(FREE_HASH));
        announce(LEECHER, FREE_HASH, "-qB4630-free", 0, 0, 9000, "started");
        announce(LEECHER, FREE_HASH, "-qB4630-free", 100, 4000, 5000, "");
        // A token on the normal torrent: the site writes the row, then tells the tracker.
        site.update("INSERT INTO users_freeleeches (UserID, TorrentID, Time) VALUES (?, ?, NOW())", SEEDER, 100);
        update("action=add_token&userid=" + SEEDER + "&info_hash=" + escape(HASH));
        announce(SEEDER, HASH, "-qB4630-token", 0, 0, 8000, "started");
        announce(SEEDER, HASH, "-qB4630-token", 0, 2500, 5500, "");
        flush();
        assertArrayEquals(new long[] {100, 0}, site.userTotals(LEECHER), "freeleech: upload only");
        assertArrayEquals(new long[] {0, 0}, site.userTotals(SEEDER), "the token spared the download");
        assertEquals(2500, site.queryLong("SELECT Downloaded FROM users_freeleeches WHERE UserID = ? AND TorrentID = ?",
                SEEDER, 100), "the token's row records it");
        announce(SEEDER, HASH, "-qB4630-token", 0, 8000, 0, "completed");
        flush();
        assertEquals(1, site.queryLong("SELECT Expired + 0 FROM users_freeleeches WHERE UserID = ? AND TorrentID = ?",
                SEEDER, 100), "the snatch used the token up");
        announce(SEEDER, HASH, "-qB4630-token", 0, 8100, 0, "");
        update("action=update_torrent&freetorrent=2&info_hash=" + escape(HASH));
        announce(SEEDER, HASH, "-qB4630-token", 700, 8300, 0, "");
        flush();
        assertArrayEquals(new long[] {0, 100}, site.userTotals(SEEDER), "after the token, downloads count; neutral: nothing");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(GazelleSchema.class)
    void aDatabaseCutOffMidRunLosesNothingAndCountsNothingTwice(GazelleSchema schema) throws Exception {
        start(schema);
        announce(SEEDER, HASH, "-qB4630-seeder", 0, 0, 0, "started");
        announce(LEECHER, HASH, "-qB4630-leecher", 0, 0, 1_000_000, "started");
        announce(SEEDER, HASH, "-qB4630-seeder", 1000, 0, 0, "");
        flush();
        proxy.block();
        for (int round = 1; round <= 30; round++) {
            // Announces are answered while the database is cut off: they never wait on it.
            announce(SEEDER, HASH, "-qB4630-seeder", 1000 + round * 700L, 0, 0, "");
            announce(LEECHER, HASH, "-qB4630-leecher", 0, round * 700L, 1_000_000 - round * 700L, "");
            if (round % 10 == 0) {
                assertFalse(server.components().accounts().flusher().flush(), "the database is cut off");
            }
        }
        assertArrayEquals(new long[] {1000, 0}, site.userTotals(SEEDER), "nothing written while cut off");
        proxy.unblock();
        flush();
        assertArrayEquals(new long[] {1000 + 30 * 700, 0}, site.userTotals(SEEDER), "every byte, once");
        assertArrayEquals(new long[] {0, 30 * 700}, site.userTotals(LEECHER));
        flush();
        assertArrayEquals(new long[] {0, 30 * 700}, site.userTotals(LEECHER), "and not again");
        // A graceful stop writes what came after the last flush.
        announce(LEECHER, HASH, "-qB4630-leecher", 0, 30 * 700 + 333, 1, "");
        server.close();
        assertArrayEquals(new long[] {0, 30 * 700 + 333}, site.userTotals(LEECHER), "written by the stop");
    }
}
