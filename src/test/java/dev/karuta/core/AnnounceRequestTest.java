package dev.karuta.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class AnnounceRequestTest {
    private static final InfoHash HASH = InfoHash.of(new byte[20]);
    private static final PeerId PEER = PeerId.of(new byte[20]);
    private static final PeerAddress V4 = PeerAddress.of(new byte[] {10, 0, 0, 1}, 1);
    private static final PeerAddress V6 = PeerAddress.of(new byte[] {0x20, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 2);

    @Test
    void theAddressesAreSortedByFamily() {
        AnnounceRequest over4 = new AnnounceRequest(HASH, PEER, V4, V6, 0, 0, 0, Event.NONE, 1, 0, false, RequestContext.NONE);
        assertEquals(V4, over4.ipv4());
        assertEquals(V6, over4.ipv6());
        AnnounceRequest over6 = new AnnounceRequest(HASH, PEER, V6, V4, 0, 0, 0, Event.NONE, 1, 0, false, RequestContext.NONE);
        assertEquals(V4, over6.ipv4());
        assertEquals(V6, over6.ipv6());
        AnnounceRequest only6 = new AnnounceRequest(HASH, PEER, V6, null, 0, 0, 1, Event.NONE, 1, 0, false, RequestContext.NONE);
        assertNull(only6.ipv4());
        assertEquals(RequestContext.NONE, only6.context());
    }

    @Test
    void impossibleValuesAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new AnnounceRequest(HASH, PEER, V4, V4.withPort(2), 0, 0, 0, Event.NONE, 1, 0, false, RequestContext.NONE),
                "the other address must be of the other family");
        for (long[] counts : new long[][] {{-1, 0, 0}, {0, -1, 0}, {0, 0, -1}}) {
            assertThrows(IllegalArgumentException.class, () -> new AnnounceRequest(HASH, PEER, V4, null, counts[0],
                    counts[1], counts[2], Event.NONE, 1, 0, false, RequestContext.NONE));
        }
        assertThrows(NullPointerException.class,
                () -> new AnnounceRequest(HASH, PEER, null, null, 0, 0, 0, Event.NONE, 1, 0, false, RequestContext.NONE));
        assertThrows(IllegalArgumentException.class, () -> new ScrapeRequest(List.of()));
    }
}
