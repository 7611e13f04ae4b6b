package dev.karuta.accounts;

import static dev.karuta.testing.TrackerClient.escape;
import static dev.karuta.testing.TrackerClient.id;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.app.Components;
import dev.karuta.bencode.BencodeReader;
import dev.karuta.core.InfoHash;
import dev.karuta.core.SwarmStats;
import dev.karuta.testing.FakeTime;
import dev.karuta.testing.KarutaServer;
import dev.karuta.testing.MemoryAccountsStore;
import dev.karuta.testing.TrackerClient;
import dev.karuta.testing.UdpTrackerClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Private mode over real HTTP and UDP: passkeys, Ocelot's refusals, own peers, accounting rules. */
class PrivateModeTest {
    static final String ALICE = key("alice");
    static final String BOB = key("bob");
    static final String CAROL = key("carol"); // may not leech
    static final String DAVE = key("dave"); // protected: no IP in rows
    static final byte[] NORMAL = id("normal-torrent");
    static final byte[] FREE = id("free-torrent");
    static final byte[] NEUTRAL = id("neutral-torrent");

    private final FakeTime ticker = new FakeTime();
    private MemoryAccountsStore store;
    private KarutaServer server;
    private TrackerClient http;

    /** A valid 32-character passkey made from {@code name}. */
    static String key(String name) {
        StringBuilder sb = new StringBuilder(name);
        while (sb.length() < 32) {
            sb.append((char) ('a' + sb.length() % 26));
        }
        return sb.toString();
    }

    static RosterData roster() {
        return new RosterData(
                List.of(new User(1, ALICE, true, true), new User(2, BOB, true, true), new User(3, CAROL, false, true),
                        new User(4, DAVE, true, false)),
                List.of(new RosterData.Registered(new Torrent(10, InfoHash.of(NORMAL), FreeLeech.NORMAL), 7),
                        new RosterData.Registered(new Torrent(11, InfoHash.of(FREE), FreeLeech.FREE), 0),
                        new RosterData.Registered(new Torrent(12, InfoHash.of(NEUTRAL), FreeLeech.NEUTRAL), 0)),
                List.of(), List.of());
    }

    @BeforeEach
    void start() throws Exception {
        store = new MemoryAccountsStore(roster());
        server = start(store, null);
    }

    private KarutaServer start(MemoryAccountsStore s, String dataDir) throws Exception {
        Map<String, String> params = new java.util.HashMap<>(Map.of("karuta.mode", "private",
                "karuta.announce.intervalJitter", "0", "karuta.private.flushInterval", "3600",
                "karuta.private.finalFlushTimeout", "0"));
        if (dataDir != null) {
            params.put("karuta.data.dir", dataDir);
        }
        KarutaServer started = KarutaServer.start(params, ticker, Map.of(Components.ACCOUNTS_STORE_ATTRIBUTE, s));
        http = new TrackerClient("http://127.0.0.1:" + started.port());
        return started;
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private PrivateMode tracker() {
        return server.components().accounts().mode();
    }

    static String announce(String passkey, byte[] hash, byte[] peer, int port, long up, long down, long left,
                           String extra) {
        return "/" + passkey + "/announce?info_hash=" + escape(hash) + "&peer_id=" + escape(peer) + "&port=" + port
                + "&uploaded=" + up + "&downloaded=" + down + "&left=" + left + (extra.isEmpty() ? "" : "&" + extra);
    }

    private Map<String, Object> get(String path) throws Exception {
        return http.get(path, "User-Agent", "Transmission/4.0.5");
    }

    private String failure(String path) throws Exception {
        long peers = server.components().registry().totals().peers();
        int pending = tracker().pending().size();
        Map<String, Object> r = get(path);
        assertTrue(r.containsKey("failure reason"), () -> "expected a failure for " + path + ": " + r);
        assertEquals(peers, server.components().registry().totals().peers(), "a refusal adds no peer");
        assertEquals(pending, tracker().pending().size(), "a refusal accounts nothing");
        return BencodeReader.latin1(r.get("failure reason"));
    }

    private boolean flush() {
        return server.components().accounts().flusher().flush();
    }

    @Test
    void refusalsAreOcelotsWordsAndChangeNothing() throws Exception {
        byte[] peer = id("-TR4050-refused");
        assertEquals("Passkey not found", failure("/announce?info_hash=" + escape(NORMAL) + "&peer_id="
                + escape(peer) + "&port=1&left=1"));
        assertEquals("Passkey not found", failure(announce(key("nobody"), NORMAL, peer, 1, 0, 0, 1, "")));
        assertEquals("Passkey not found", failure(announce(ALICE.substring(1), NORMAL, peer, 1, 0, 0, 1, "")));
        assertEquals("Unregistered torrent", failure(announce(ALICE, id("unknown"), peer, 1, 0, 0, 1, "")));
        tracker().roster().removeTorrent(InfoHash.of(NEUTRAL), "Dupe", ticker.epochSeconds());
        assertEquals("Unregistered torrent: Dupe", failure(announce(ALICE, NEUTRAL, peer, 1, 0, 0, 1, "")));
        ticker.advance(Duration.ofDays(2));
        assertEquals("Unregistered torrent", failure(announce(ALICE, NEUTRAL, peer, 1, 0, 0, 1, "")),
                "the reason is told for a day only");
        tracker().roster().clients().add(List.of("-TR40"));
        assertEquals("Your client is not on the whitelist",
                failure(announce(ALICE, NORMAL, id("-qB4630-client"), 1, 0, 0, 1, "")));
        assertFalse(get(announce(ALICE, NORMAL, peer, 1, 0, 0, 1, "")).containsKey("failure reason"));
        assertEquals("Passkey not found", failure("/" + key("nobody") + "/scrape?info_hash=" + escape(NORMAL)));
    }

    @Test
    void theAdminsAccessListsApplyToKnownUsersToo() throws Exception {
        var lists = server.components().admin().lists();
        lists.clients().add(List.of("-XL"));
        lists.clients().setMode(dev.karuta.policy.ListMode.DENY);
        assertEquals("client is banned from this tracker",
                failure(announce(ALICE, NORMAL, id("-XL0012-banned"), 1, 0, 0, 1, "")));
        lists.torrents().add(List.of(InfoHash.of(FREE)));
        lists.torrents().setMode(dev.karuta.policy.ListMode.DENY);
        assertTrue(failure(announce(ALICE, FREE, id("-TR4050-alice"), 1, 0, 0, 1, "")).length() > 0);
        assertFalse(get(announce(ALICE, NORMAL, id("-TR4050-alice"), 1, 0, 0, 1, "")).containsKey("failure reason"));
    }

    @Test
    void aUserWhoMayNotLeechIsRefusedButStillAccountedAndMaySeed() throws Exception {
        byte[] peer = id("-TR4050-carol");
        get(announce(ALICE, NORMAL, id("-TR4050-alice"), 2, 0, 0, 5, ""));
        Map<String, Object> r = get(announce(CAROL, NORMAL, peer, 1, 0, 0, 100, "event=started"));
        assertEquals("Access denied, leeching forbidden", BencodeReader.latin1(r.get("failure reason")));
        get(announce(CAROL, NORMAL, peer, 1, 700, 0, 100, ""));
        assertEquals(1, server.components().registry().stats(InfoHash.of(NORMAL)).downloaders(),
                "carol is in no swarm");
        Map<String, Object> seeding = get(announce(CAROL, FREE, id("-TR4050-carol2"), 1, 0, 0, 0, ""));
        assertFalse(seeding.containsKey("failure reason"));
        assertTrue(flush());
        assertArrayEquals(new long[] {700, 0}, store.user(3), "her upload counts");
    }

    @Test
    void aUserIsNeverHandedTheirOwnPeersAndScrapeShowsOnlyRegisteredTorrents() throws Exception {
        get(announce(ALICE, NORMAL, id("-TR4050-alice-1"), 6001, 0, 0, 0, ""));
        get(announce(ALICE, NORMAL, id("-TR4050-alice-2"), 6002, 0, 0, 0, ""));
        get(announce(BOB, NORMAL, id("-TR4050-bob-1"), 6003, 0, 0, 10, ""));
        for (int i = 0; i < 10; i++) {
            byte[] peers = (byte[]) get(announce(ALICE, NORMAL, id("-TR4050-alice-3"), 6004, 0, 0, 10, ""))
                    .get("peers");
            assertEquals(6, peers.length, "bob only, never alice's two seeders");
            assertEquals(6003, ((peers[4] & 0xff) << 8) | (peers[5] & 0xff));
        }
        Map<String, Object> toBob = get(announce(BOB, NORMAL, id("-TR4050-bob-1"), 6003, 0, 0, 10, ""));
        assertEquals(3 * 6, ((byte[]) toBob.get("peers")).length, "bob gets all of alice's");
        assertEquals(7L, toBob.get("downloaded"), "snatches continue from the site's count");
        @SuppressWarnings("unchecked")
        Map<String, Object> files = (Map<String, Object>) get("/" + BOB + "/scrape?info_hash=" + escape(NORMAL)
                + "&info_hash=" + escape(id("unknown"))).get("files");
        assertEquals(1, files.size(), "an unregistered torrent is left out");
    }

    @Test
    void accountingFollowsOcelotsRules() throws Exception {
        byte[] a = id("-TR4050-alice");
        get(announce(ALICE, NORMAL, a, 1, 0, 0, 1000, "event=started"));
        get(announce(ALICE, NORMAL, a, 1, 300, 400, 600, ""));
        get(announce(ALICE, FREE, a, 1, 0, 0, 1000, "event=started"));
        get(announce(ALICE, FREE, a, 1, 100, 200, 800, ""));
        get(announce(ALICE, NEUTRAL, a, 1, 0, 0, 1000, "event=started"));
        get(announce(ALICE, NEUTRAL, a, 1, 999, 999, 1, ""));
        // The client restarted its counters: nothing credited, the baseline starts again.
        get(announce(ALICE, NORMAL, a, 1, 50, 0, 600, ""));
        get(announce(ALICE, NORMAL, a, 1, 80, 10, 590, ""));
        // Bob downloads with a freeleech token, then completes: a snatch that uses the token up.
        tracker().roster().addToken(2, 10);
        byte[] b = id("-TR4050-bob");
        get(announce(BOB, NORMAL, b, 2, 0, 0, 1000, "event=started"));
        get(announce(BOB, NORMAL, b, 2, 20, 500, 500, ""));
        get(announce(BOB, NORMAL, b, 2, 20, 1000, 0, "event=completed"));
        get(announce(BOB, NORMAL, b, 2, 20, 1300, 0, ""));
        get(announce(DAVE, NORMAL, id("-TR4050-dave"), 3, 0, 0, 5, "event=started"));
        assertTrue(flush());

        assertArrayEquals(new long[] {300 + 100 + 30, 400 + 10}, store.user(1));
        assertArrayEquals(new long[] {20, 300}, store.user(2), "the token spares 1000 bytes, then is used up");
        assertEquals(1000, store.tokenDownload(2, 10), "the token's row records what it spared");
        assertEquals(List.of(new RosterData.Token(2, 10)), store.usedUp());
        assertFalse(tracker().roster().hasToken(2, 10));
        assertEquals(1, store.snatches().size());
        assertEquals(2, store.snatches().get(0).userId());
        assertEquals("127.0.0.1", store.snatches().get(0).ip());
        assertEquals(1, store.torrentTotals(10)[0]);
        assertEquals((300 - 400) + (30 - 10) + (20 - 1000) + (0 - 300), store.torrentTotals(10)[1], "balance: raw transfer");
        Batch.TorrentDelta counts = store.torrentCounts(10);
        assertEquals(1, counts.seeders());
        assertEquals(2, counts.leechers());
        Batch.PeerRow row = peerRow(1, 10);
        assertEquals(80, row.uploaded());
        assertEquals(590, row.remaining());
        assertTrue(row.active());
        assertEquals("127.0.0.1", row.ip());
        assertEquals("Transmission/4.0.5", row.userAgent());
        assertEquals(4, row.announces(), "every announce of the session, through the restart of counters");
        assertEquals("", peerRow(4, 10).ip(), "a protected user's address is never written");

        get(announce(ALICE, NORMAL, a, 1, 80, 10, 590, "event=stopped"));
        assertTrue(flush());
        assertFalse(peerRow(1, 10).active());
        assertEquals(1, store.torrentCounts(10).leechers(), "alice left");
    }

    @Test
    void silentPeersExpireIntoInactiveRowsAndTheirTorrentsAreRecounted() throws Exception {
        get(announce(ALICE, NORMAL, id("-TR4050-alice"), 1, 0, 0, 10, "event=started"));
        assertTrue(flush());
        assertTrue(peerRow(1, 10).active());
        ticker.advance(server.components().config().registry().peerTtl().plusSeconds(1));
        assertEquals(1, tracker().expire(server.components().config().registry().peerTtl().toSeconds()));
        assertTrue(flush());
        assertFalse(peerRow(1, 10).active());
        assertEquals(0, store.torrentCounts(10).leechers());
    }

    private Batch.PeerRow peerRow(int user, int torrent) {
        for (Batch.PeerRow r : store.peers()) {
            if (r.userId() == user && r.torrentId() == torrent) {
                return r;
            }
        }
        throw new AssertionError("no row for user " + user + " torrent " + torrent);
    }

    @Test
    void ipv6PeersAnnounceAreHandedOutAndAccounted() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(dev.karuta.testing.LocalNetwork.ipv6LoopbackUp(),
                "IPv6 loopback is not configured on this machine");
        TrackerClient v6 = new TrackerClient("http://[::1]:" + server.port());
        v6.get(announce(BOB, NORMAL, id("-TR4050-bob-v6"), 7001, 0, 0, 0, ""), "User-Agent", "Transmission/4.0.5");
        byte[] a = id("-TR4050-alice-v6");
        Map<String, Object> r = v6.get(announce(ALICE, NORMAL, a, 7002, 0, 0, 100, "event=started"));
        assertEquals(18, ((byte[]) r.get("peers6")).length, "bob's IPv6 address, which Ocelot could not hand out");
        v6.get(announce(ALICE, NORMAL, a, 7002, 10, 90, 10, ""));
        assertTrue(flush());
        assertArrayEquals(new long[] {10, 90}, store.user(1));
        assertEquals("::1", peerRow(1, 10).ip());
    }

    @Test
    void udpAnnouncesCarryThePasskeyInUrlDataAndPrivateScrapeIsRefused() throws Exception {
        get(announce(BOB, NORMAL, id("-TR4050-bob"), 7001, 0, 0, 0, ""));
        try (UdpTrackerClient udp = new UdpTrackerClient("127.0.0.1", server.components().udp().port())) {
            udp.connect();
            byte[] plain = udp.announcePacket(NORMAL, id("-TR4050-alice-u"), 10, 2, 50, 7002);
            byte[] refused = udp.exchange(plain);
            assertEquals(3, ByteBuffer.wrap(refused).getInt(), "an error packet");
            assertEquals("Passkey not found", new String(refused, 8, refused.length - 8, StandardCharsets.US_ASCII));
            byte[] path = ("/" + ALICE + "/announce").getBytes(StandardCharsets.US_ASCII);
            byte[] withKey = ByteBuffer.allocate(plain.length + 2 + path.length).put(plain).put((byte) 2)
                    .put((byte) path.length).put(path).array();
            byte[] answer = udp.exchange(withKey);
            assertEquals(1, ByteBuffer.wrap(answer).getInt(), "an announce answer");
            assertEquals(20 + 6, answer.length, "bob's address");
            byte[] scrape = udp.scrape(NORMAL);
            assertEquals(3, ByteBuffer.wrap(scrape).getInt(), "UDP scrape has no passkey: refused");
        }
        assertTrue(flush());
        assertEquals("", peerRow(1, 10).userAgent(), "UDP has no User-Agent");
    }

    @Test
    void aDatabaseOutageLosesNothingCountsNothingTwiceAndPendingStaysSmall() throws Exception {
        store.setDown(true);
        List<byte[]> peers = new ArrayList<>();
        for (int p = 0; p < 5; p++) {
            peers.add(id("-TR4050-out-" + p));
            get(announce(ALICE, NORMAL, peers.get(p), 100 + p, 0, 0, 1_000_000, "event=started"));
        }
        int sizeAfterFirst = -1;
        for (int round = 1; round <= 40; round++) {
            for (int p = 0; p < 5; p++) {
                get(announce(ALICE, NORMAL, peers.get(p), 100 + p, round * 10L, round * 20L, 1_000_000, ""));
            }
            assertFalse(flush(), "the database is down");
            // The first failed flush is kept whole for its retry; what comes after coalesces (held for the journal).
            int waiting = server.components().accounts().flusher().waiting();
            if (round == 2) {
                sizeAfterFirst = waiting;
            }
            if (round >= 2) {
                assertEquals(sizeAfterFirst, waiting, "what waits grows with peers, not announces");
            }
        }
        assertEquals(0, store.batches());
        store.setDown(false);
        assertTrue(flush());
        assertArrayEquals(new long[] {5 * 400, 5 * 800}, store.user(1), "every byte, once");
        assertTrue(flush());
        assertArrayEquals(new long[] {5 * 400, 5 * 800}, store.user(1), "and not again");
        assertEquals(0, tracker().pending().size());
    }

    @Test
    void metricsShowTheAccountingFallingBehindAndCatchingUp() throws Exception {
        assertTrue(flush());
        store.setDown(true);
        get(announce(ALICE, NORMAL, id("-TR4050-alice"), 1, 0, 0, 10, "event=started"));
        ticker.advance(Duration.ofSeconds(90));
        assertFalse(flush());
        ticker.advance(Duration.ofSeconds(30));
        dev.karuta.testing.Exposition down = metrics();
        assertEquals(120.0, down.value("karuta_accounts_flush_lag_seconds"), "behind since the last whole flush");
        assertEquals(1.0, down.value("karuta_accounts_flushes_total", "result", "failed"));
        assertEquals(2.0, down.value("karuta_accounts_pending"), "the torrent and the peer row wait");
        assertEquals(4.0, down.value("karuta_accounts_users"));
        assertEquals(3.0, down.value("karuta_accounts_torrents"));
        assertEquals(1.0, down.value("karuta_accounts_peers"));
        store.setDown(false);
        assertTrue(flush());
        dev.karuta.testing.Exposition up = metrics();
        assertEquals(1.0, up.value("karuta_accounts_flushes_total", "result", "written"));
        assertEquals(0.0, up.value("karuta_accounts_pending"));
        assertEquals(0.0, up.value("karuta_accounts_flush_lag_seconds"), "caught up: FakeTime stood still since");
    }

    private dev.karuta.testing.Exposition metrics() throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(server.uri("/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        return dev.karuta.testing.Exposition.parse(r.body());
    }

    @Test
    void aFlushWhoseCommitWasLostIsRetriedUnderItsNumberAndCountsOnce() throws Exception {
        byte[] a = id("-TR4050-alice");
        get(announce(ALICE, NORMAL, a, 1, 0, 0, 100, "event=started"));
        get(announce(ALICE, NORMAL, a, 1, 700, 30, 70, ""));
        store.commitThenFail(1);
        assertFalse(flush(), "the answer was lost");
        assertArrayEquals(new long[] {700, 30}, store.user(1), "it did commit");
        get(announce(ALICE, NORMAL, a, 1, 900, 30, 70, ""));
        assertTrue(flush());
        assertArrayEquals(new long[] {900, 30}, store.user(1), "the retry wrote nothing twice, then the rest");
    }

    @Test
    void aStopWithTheDatabaseDownKeepsTheAccountingForTheNextStart() throws Exception {
        server.close();
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("karuta-private");
        server = start(store, dir.toString());
        byte[] a = id("-TR4050-alice");
        get(announce(ALICE, NORMAL, a, 1, 0, 0, 100, "event=started"));
        get(announce(ALICE, NORMAL, a, 1, 5000, 60, 40, ""));
        store.setDown(true);
        server.close();
        server = null;
        assertTrue(java.nio.file.Files.exists(dir.resolve(AccountsFlusher.FILE_NAME)), "kept on disk");
        assertEquals(0, store.batches());
        store.setDown(false);
        server = start(store, dir.toString());
        assertTrue(flush());
        assertArrayEquals(new long[] {5000, 60}, store.user(1));
        assertFalse(java.nio.file.Files.exists(dir.resolve(AccountsFlusher.FILE_NAME)), "gone once written");
        get(announce(ALICE, NORMAL, a, 1, 5100, 60, 40, ""));
        assertTrue(flush());
        assertArrayEquals(new long[] {5100, 60}, store.user(1), "the baseline survived the restart");
    }
}
