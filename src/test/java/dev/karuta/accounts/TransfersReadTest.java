package dev.karuta.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.karuta.core.AnnounceRequest;
import dev.karuta.core.Event;
import dev.karuta.core.InfoHash;
import dev.karuta.core.PeerAddress;
import dev.karuta.core.PeerId;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The read-only views of Transfers and Pending that the Ocelot reports use. */
class TransfersReadTest {
    private final Transfers transfers = new Transfers();

    private void announce(int user, int torrent, String peer, long left, Event event) {
        byte[] id = Arrays.copyOf(peer.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 20);
        transfers.announce(user, torrent, AnnounceRequest.builder(InfoHash.of(new byte[20]), PeerId.of(id),
                        PeerAddress.of(new byte[] {10, 0, 0, 1}, 1))
                .left(left).event(event).numWant(0).build(), 100, "", "");
    }

    @Test
    void peersAreCountedPerUserAndListedPerTorrent() {
        announce(1, 10, "a", 5, Event.STARTED);
        announce(1, 10, "b", 0, Event.STARTED);
        announce(1, 11, "c", 5, Event.STARTED);
        announce(2, 10, "d", 5, Event.STARTED);
        assertEquals(new Transfers.UserPeers(2, 1), transfers.userPeers(1));
        assertEquals(new Transfers.UserPeers(1, 0), transfers.userPeers(2));
        assertEquals(new Transfers.UserPeers(0, 0), transfers.userPeers(3));
        Transfers.TorrentPeers ten = transfers.torrentPeers(10);
        assertEquals(List.of(1, 2), ten.leechers().stream().sorted().toList());
        assertEquals(List.of(1), ten.seeders());
        announce(1, 10, "a", 0, Event.COMPLETED);
        announce(2, 10, "d", 5, Event.STOPPED);
        assertEquals(new Transfers.TorrentPeers(List.of(), List.of(1, 1)), transfers.torrentPeers(10));
        assertEquals(new Transfers.UserPeers(1, 2), transfers.userPeers(1));
    }

    @Test
    void pendingSizesCountEachKind() {
        Pending pending = new Pending();
        pending.credit(1, 5, 0);
        pending.credit(2, 5, 0);
        pending.torrent(new Torrent(10, InfoHash.of(new byte[20]), FreeLeech.NORMAL), 1, 0);
        pending.tokenDownload(1, 10, 7);
        pending.tokenUsedUp(1, 10);
        assertEquals(new Pending.Sizes(2, 1, 0, 0, 2), pending.sizes());
        assertEquals(5, pending.size());
    }
}
