package dev.karuta.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.core.AnnounceRequest;
import dev.karuta.core.Event;
import dev.karuta.core.InfoHash;
import dev.karuta.core.PeerAddress;
import dev.karuta.core.PeerId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Ocelot's delta rules: baselines, counter restarts, snatches, stop, expiry and resume. */
class TransfersTest {
    private static final InfoHash HASH = InfoHash.fromHex("00112233445566778899aabbccddeeff00112233");
    private static final PeerId PEER = PeerId.fromHex("2d5452343035302d6162636465666768696a6b6c");
    private final Transfers transfers = new Transfers();

    private static AnnounceRequest req(long up, long down, long left, Event event) {
        return AnnounceRequest.builder(HASH, PEER, PeerAddress.of(new byte[] {10, 0, 0, 1}, 6881)).uploaded(up)
                .downloaded(down).left(left).event(event).numWant(50).build();
    }

    private Transfers.Outcome announce(long up, long down, long left, Event event, long now) {
        return transfers.announce(1, 10, req(up, down, left, event), now, "10.0.0.1", "ua");
    }

    @Test
    void theFirstAnnounceSetsTheBaselineAndLaterOnesAreCreditedTheirGrowth() {
        Transfers.Outcome first = announce(500, 700, 100, Event.NONE, 1000);
        assertEquals(0, first.uploaded(), "a new peer is credited nothing");
        assertEquals(0, first.downloaded());
        Transfers.Outcome next = announce(800, 1000, 50, Event.NONE, 1010);
        assertEquals(300, next.uploaded());
        assertEquals(300, next.downloaded());
        assertEquals(30, next.row().upSpeed(), "bytes per second over the interval");
        assertEquals(10, next.row().timeSpent());
        assertEquals(2, next.row().announces());
    }

    @Test
    void aGrowthNoLinkCanCarryIsRefusedCountedAndTheBaselineMovesOn() {
        Transfers slow = new Transfers(1000);
        slow.announce(1, 10, req(0, 0, 100, Event.NONE), 0, "", "");
        assertEquals(11_000, slow.announce(1, 10, req(11_000, 0, 100, Event.NONE), 10, "", "").uploaded(),
                "1000 B/s over 10 s, and the second the whole seconds lose");
        Transfers.Outcome absurd = slow.announce(1, 10, req(22_001, 5, 100, Event.NONE), 20, "", "");
        assertEquals(0, absurd.uploaded(), "11,001 bytes in 10 s is beyond 1000 B/s");
        assertEquals(5, absurd.downloaded(), "the other direction is judged on its own");
        assertEquals(0, absurd.row().upSpeed());
        assertEquals(22_001, absurd.row().uploaded(), "the peer row keeps what the client said");
        assertEquals(1, slow.refusedUploads());
        assertEquals(0, slow.refusedDownloads());
        assertEquals(100, slow.announce(1, 10, req(22_101, 5, 100, Event.NONE), 30, "", "").uploaded(),
                "the baseline moved on: the next growth counts");

        announce(0, 0, 100, Event.NONE, 0);
        Transfers.Outcome max = announce(Long.MAX_VALUE, Long.MAX_VALUE, 100, Event.NONE, 1800);
        assertEquals(0, max.uploaded(), "Long.MAX_VALUE is beyond 100 Gbit/s for half an hour");
        assertEquals(0, max.downloaded());
        assertEquals(1, transfers.refusedUploads());
        assertEquals(1, transfers.refusedDownloads());
        long hour = Transfers.DEFAULT_MAX_RATE * 3600;
        announce(0, 0, 100, Event.STARTED, 0);
        assertEquals(hour, announce(hour, 0, 100, Event.NONE, 3600).uploaded(), "100 Gbit/s for an hour counts");
    }

    @Test
    void countersThatGoDownResetTheBaselineWithoutCredit() {
        announce(500, 500, 100, Event.NONE, 0);
        Transfers.Outcome restarted = announce(10, 600, 100, Event.NONE, 10);
        assertEquals(0, restarted.uploaded());
        assertEquals(0, restarted.downloaded(), "one counter going down voids both");
        assertEquals(40, announce(50, 700, 100, Event.NONE, 20).uploaded());
    }

    @Test
    void startedResetsTheBaseline() {
        announce(500, 500, 100, Event.NONE, 0);
        Transfers.Outcome started = announce(900, 900, 100, Event.STARTED, 10);
        assertEquals(0, started.uploaded());
        assertEquals(1, started.row().announces());
    }

    @Test
    void aSnatchIsNothingLeftFromAPeerThatWasDownloadingOrCompletedFromAnUnknownOne() {
        assertTrue(announce(0, 0, 0, Event.COMPLETED, 0).snatch(), "unknown peer");
        assertFalse(announce(0, 0, 0, Event.COMPLETED, 1).snatch(), "already a seeder");
        announce(0, 0, 5, Event.NONE, 2);
        assertTrue(announce(0, 5, 0, Event.NONE, 3).snatch(), "no completed event, but it finished");
        announce(0, 5, 5, Event.NONE, 4);
        assertFalse(announce(0, 5, 3, Event.COMPLETED, 5).snatch(), "data still left");
        assertTrue(announce(0, 8, 0, Event.COMPLETED, 6).snatch());
        announce(0, 8, 5, Event.NONE, 7);
        assertTrue(announce(0, 13, 0, Event.STOPPED, 8).snatch(), "stopped right after finishing (aria2)");
        assertFalse(transfers.announce(1, 10, req(0, 0, 0, Event.NONE), 9, "", "").snatch(),
                "a seeder met for the first time without completed");
    }

    @Test
    void stoppedCreditsTheLastIntervalAndForgetsThePeer() {
        announce(0, 0, 10, Event.NONE, 0);
        Transfers.Outcome stopped = announce(100, 0, 10, Event.STOPPED, 10);
        assertEquals(100, stopped.uploaded());
        assertFalse(stopped.row().active());
        assertEquals(0, transfers.size());
    }

    @Test
    void silentPeersExpireWithAnInactiveRowAndResumeKeepsBaselines() {
        announce(0, 0, 10, Event.NONE, 0);
        Transfers.Outcome last = announce(100, 50, 10, Event.NONE, 100);
        List<Batch.PeerRow> gone = new ArrayList<>();
        assertEquals(0, transfers.expire(150, 100, gone::add), "not yet");
        assertEquals(1, transfers.expire(200, 100, gone::add));
        assertFalse(gone.get(0).active());
        assertEquals(100, gone.get(0).uploaded());

        Transfers resumed = new Transfers();
        resumed.resume(List.of(last.row()));
        Transfers.Outcome after = resumed.announce(1, 10, req(130, 50, 10, Event.NONE), 200, "10.0.0.1", "ua");
        assertEquals(30, after.uploaded(), "the baseline survived");
        assertEquals(3, after.row().announces());
        assertEquals(200, after.row().timeSpent(), "the session keeps its start");
    }
}
