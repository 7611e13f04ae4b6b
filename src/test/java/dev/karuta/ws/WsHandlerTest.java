package dev.karuta.ws;

import static dev.karuta.testing.WsClient.id;
import static dev.karuta.ws.WsFixture.announce;
import static dev.karuta.ws.WsFixture.answer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.core.InfoHash;
import dev.karuta.core.SwarmStats;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The WebSocket tracker's protocol logic on real swarms and a real pipeline, without a network: who gets
 * an offer, what an answer reaches, the bounds, and every path that takes a peer out.
 */
class WsHandlerTest {
    private static final String HASH = id(0x11);

    private static InfoHash hash() {
        return InfoHash.of(bytes(HASH));
    }

    private static byte[] bytes(String binary) {
        byte[] b = new byte[binary.length()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) binary.charAt(i);
        }
        return b;
    }

    @Test
    void offersGoToOtherLeechersNeverToTheSenderAndASeedersNeverToSeeders() {
        WsFixture f = new WsFixture();
        RecordingSocket seedA = f.open("10.0.0.1");
        RecordingSocket seedB = f.open("10.0.0.2");
        f.handler.message(seedA, announce(HASH, id(1), 0, "started", 0));
        f.handler.message(seedB, announce(HASH, id(2), 0, "started", 5));
        assertEquals(2, seedB.next().getInt("complete"));
        assertEquals(1, seedA.next().getInt("complete"), "its own announce's answer");
        assertNull(seedA.next(), "a seeder's offers never reach a seeder");
        assertEquals(0, f.offers.sum());

        RecordingSocket leecher = f.open("10.0.0.3");
        f.handler.message(leecher, announce(HASH, id(3), 100, "started", 5));
        assertEquals(1, leecher.next().getInt("incomplete"));
        assertNull(leecher.next(), "no offer of its own comes back to the sender");
        JsonObject toA = seedA.next();
        JsonObject toB = seedB.next();
        assertEquals(id(3), toA.getString("peer_id"));
        assertEquals(id(3), toB.getString("peer_id"));
        assertTrue(!toA.getString("offer_id").equals(toB.getString("offer_id")), "each peer gets its own offer");
        assertEquals(2, f.offers.sum(), "two peers to offer to, five offers: two relayed");
    }

    @Test
    void numwantBoundsTheOffersForwarded() {
        WsFixture f = new WsFixture();
        for (int i = 0; i < 6; i++) {
            f.handler.message(f.open("10.0.1." + (i + 1)), announce(HASH, id(0x40 + i), 5, "started", 0));
        }
        RecordingSocket asker = f.open("10.0.2.1");
        String msg = announce(HASH, id(0x60), 5, "started", 4).replace("\"numwant\":4", "\"numwant\":2");
        f.handler.message(asker, msg);
        assertEquals(2, f.offers.sum());
    }

    @Test
    void anAnswerReachesTheOfferingPeerAndOneToAGonePeerIsDropped() {
        WsFixture f = new WsFixture();
        RecordingSocket a = f.open("10.0.0.1");
        RecordingSocket b = f.open("10.0.0.2");
        f.handler.message(a, announce(HASH, id(1), 10, "started", 0));
        f.handler.message(b, announce(HASH, id(2), 10, "started", 1));
        a.skip();
        b.skip();
        f.handler.message(a, answer(HASH, id(1), id(2), id(0x80)));
        JsonObject relayed = b.next();
        assertEquals("answer-sdp", relayed.getJsonObject("answer").getString("sdp"));
        assertEquals(id(1), relayed.getString("peer_id"));
        assertNull(a.next(), "the answerer gets nothing back");
        assertEquals(1, f.answers.sum());

        f.handler.closed(b);
        f.handler.message(a, answer(HASH, id(1), id(2), id(0x80)));
        assertNull(a.next(), "dropped without a word, as bittorrent-tracker does");
        assertEquals(1, f.undeliverable.sum());
    }

    @Test
    void onlyAPeerOfTheSwarmOnThisConnectionMayAnswer() {
        WsFixture f = new WsFixture();
        RecordingSocket a = f.open("10.0.0.1");
        RecordingSocket stranger = f.open("10.0.0.9");
        f.handler.message(a, announce(HASH, id(1), 10, "started", 0));
        a.skip();
        f.handler.message(stranger, answer(HASH, id(9), id(1), id(0x80)));
        JsonObject refused = stranger.next();
        assertTrue(refused.getString("failure reason").startsWith("announce this info_hash"));
        assertEquals(HASH, refused.getString("info_hash"));
        assertNull(a.next());
    }

    @Test
    void aPeerIdHeldByAnotherOpenConnectionIsRefusedAndFreedWhenItCloses() {
        WsFixture f = new WsFixture();
        RecordingSocket a = f.open("10.0.0.1");
        RecordingSocket b = f.open("10.0.0.2");
        f.handler.message(a, announce(HASH, id(1), 10, "started", 0));
        f.handler.message(b, announce(HASH, id(1), 0, "started", 0));
        assertEquals("peer_id is in use on another connection", b.next().getString("failure reason"));
        f.handler.closed(a);
        f.handler.message(b, announce(HASH, id(1), 0, "started", 0));
        assertEquals(1, b.next().getInt("complete"));
    }

    @Test
    void stoppedAndAClosedConnectionTakeThePeerOutOfEverySwarm() {
        WsFixture f = new WsFixture();
        RecordingSocket a = f.open("10.0.0.1");
        String other = id(0x12);
        f.handler.message(a, announce(HASH, id(1), 10, "started", 0));
        f.handler.message(a, announce(other, id(1), 0, "started", 0));
        f.handler.message(a, announce(HASH, id(1), 10, "stopped", 0));
        assertEquals(SwarmStats.EMPTY, f.swarms.stats(hash()));
        assertEquals(1, f.swarms.stats(InfoHash.of(bytes(other))).seeders());
        f.handler.closed(a);
        assertEquals(SwarmStats.EMPTY, f.swarms.stats(InfoHash.of(bytes(other))));
        assertEquals(0, f.swarms.totals().torrents(), "empty swarms are dropped");
        assertEquals(0, f.swarms.totals().connections());
    }

    @Test
    void silentPeersExpireAndSilentConnectionsAreClosedOnTheTrackersClock() {
        WsFixture f = new WsFixture(WsFixture.settings(Duration.ofSeconds(60), Duration.ofSeconds(300), 20, 64,
                1 << 20), List.of());
        RecordingSocket quiet = f.open("10.0.0.1");
        RecordingSocket talker = f.open("10.0.0.2");
        f.handler.message(quiet, announce(HASH, id(1), 10, "started", 0));
        f.time.advance(Duration.ofSeconds(59));
        f.handler.message(talker, announce(HASH, id(2), 10, "started", 0));
        assertEquals(0, f.handler.sweep());
        f.time.advance(Duration.ofSeconds(2));
        assertEquals(1, f.handler.sweep(), "the quiet peer's TTL ran out");
        assertEquals(1, f.swarms.stats(hash()).downloaders());
        assertEquals(0, quiet.closeCode, "its connection is not idle long enough to be closed yet");
        f.time.advance(Duration.ofSeconds(240));
        f.handler.sweep();
        assertEquals(WsHandler.NORMAL, quiet.closeCode, "silent for 300 s: closed");
        assertEquals(0, talker.closeCode, "silent for 242 s: open");
        assertEquals(1, f.handler.open());
    }

    @Test
    void tooManyOffersOrTorrentsAreRefusedAndChangeNothing() {
        WsFixture f = new WsFixture(WsFixture.settings(Duration.ofSeconds(60), Duration.ofSeconds(300), 3, 2,
                1 << 20), List.of());
        RecordingSocket a = f.open("10.0.0.1");
        f.handler.message(a, announce(HASH, id(1), 10, "started", 4));
        JsonObject refused = a.next();
        assertEquals("too many offers (at most 3)", refused.getString("failure reason"));
        assertEquals(HASH, refused.getString("info_hash"));
        assertEquals(SwarmStats.EMPTY, f.swarms.stats(hash()));
        f.handler.message(a, announce(id(0x21), id(1), 10, "started", 0));
        f.handler.message(a, announce(id(0x22), id(1), 10, "started", 0));
        a.skip();
        f.handler.message(a, announce(id(0x23), id(1), 10, "started", 0));
        assertEquals("too many torrents on one connection (at most 2)", a.next().getString("failure reason"));
        f.handler.message(a, announce(id(0x22), id(1), 0, null, 0));
        assertEquals(1, a.next().getInt("complete"), "the torrents it is in still take its announces");
    }

    @Test
    void oneConnectionTooManyFromAnAddressIsClosedAndTakesNothing() {
        WsSettings two = new WsSettings(true, 120, java.time.Duration.ofSeconds(360), java.time.Duration.ofSeconds(360),
                65_536, 20, 64, 1 << 20, 20_000, 2);
        WsFixture f = new WsFixture(two, List.of());
        RecordingSocket a = f.open("10.0.0.1");
        RecordingSocket b = f.open("10.0.0.1");
        RecordingSocket third = new RecordingSocket("10.0.0.1");
        assertTrue(!f.handler.opened(third), "a third from the same address");
        assertEquals(WsSocket.TRY_AGAIN_LATER, third.closeCode);
        assertEquals(2, f.handler.open());
        f.handler.message(third, announce(HASH, id(3), 10, "started", 0));
        assertEquals(0, f.swarms.stats(hash()).downloaders(), "a refused connection announces nothing");
        f.handler.closed(third); // the container reports its close: nothing to give back
        f.handler.closed(a);
        RecordingSocket again = new RecordingSocket("10.0.0.1");
        assertTrue(f.handler.opened(again), "a place freed by a close");
        assertTrue(f.handler.opened(new RecordingSocket("10.0.0.2")), "another address has its own share");
        f.handler.closed(b);
    }

    @Test
    void aClientThatReadsNothingIsClosedInsteadOfQueueingWithoutEnd() {
        WsFixture f = new WsFixture();
        RecordingSocket slow = new RecordingSocket("10.0.0.1", 4096).stall();
        f.handler.opened(slow);
        f.handler.message(slow, announce(HASH, id(1), 10, "started", 0));
        RecordingSocket offerer = f.open("10.0.0.2");
        int i = 0;
        while (slow.closeCode == 0 && i < 1000) {
            f.handler.message(offerer, announce(HASH, id(2), 10, null, 1));
            i++;
        }
        assertEquals(WsSocket.TRY_AGAIN_LATER, slow.closeCode);
        assertTrue(i < 100, "closed once about 4 KiB waited, after " + i + " offers");
        assertTrue(!slow.post("more"), "nothing more is queued");
    }

    @Test
    void scrapeReadsTheWebRtcSwarms() {
        WsFixture f = new WsFixture();
        RecordingSocket a = f.open("10.0.0.1");
        f.handler.message(a, announce(HASH, id(1), 0, "started", 0));
        a.skip();
        f.handler.message(a, "{\"action\":\"scrape\",\"info_hash\":" + dev.karuta.testing.WsClient.json(HASH) + "}");
        JsonObject files = a.next().getJsonObject("files");
        assertEquals(1, files.getJsonObject(HASH).getInt("complete"));
        f.handler.message(a, "{\"action\":\"scrape\"}");
        assertEquals("scrape needs info_hash", a.next().getString("failure reason"));
    }
}
