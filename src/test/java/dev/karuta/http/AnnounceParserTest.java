package dev.karuta.http;

import static dev.karuta.testing.TrackerClient.escape;
import static dev.karuta.testing.TrackerClient.id;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.core.AddressFamily;
import dev.karuta.core.AnnounceRequest;
import dev.karuta.core.Event;
import dev.karuta.core.TrackerException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnnounceParserTest {
    private static final byte[] V4 = {(byte) 203, 0, 113, 7};
    private static final byte[] V6 = {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    private static final String BASE = "info_hash=" + escape(id("hash")) + "&peer_id=" + escape(id("-qB4650-peer"))
            + "&port=6881&uploaded=10&downloaded=20&left=30";

    private final AnnounceParser parser = new AnnounceParser(false);

    private HttpAnnounce parse(String query, byte[] client) {
        return parser.parse(QueryString.parse(query, 10_000), client);
    }

    @Test
    void parsesAFullAnnounce() {
        HttpAnnounce a = parse(BASE + "&event=started&numwant=25&key=1a2b3c4d&compact=1", V4);
        AnnounceRequest r = a.request();
        assertArrayEquals(id("hash"), r.infoHash().bytes());
        assertArrayEquals(id("-qB4650-peer"), r.peerId().bytes());
        assertEquals(6881, r.source().port());
        assertArrayEquals(V4, r.source().ip());
        assertNull(r.other());
        assertEquals(10, r.uploaded());
        assertEquals(20, r.downloaded());
        assertEquals(30, r.left());
        assertEquals(Event.STARTED, r.event());
        assertEquals(25, r.numWant());
        assertTrue(r.hasKey());
        assertEquals(0x1a2b3c4d, r.key());
        assertTrue(a.compact());
        assertFalse(a.noPeerId());
    }

    @Test
    void compactIsTheDefaultAndZeroTurnsItOff() {
        assertTrue(parse(BASE, V4).compact());
        assertFalse(parse(BASE + "&compact=0&no_peer_id=1", V4).compact());
        assertTrue(parse(BASE + "&compact=0&no_peer_id=1", V4).noPeerId());
    }

    @Test
    void numwantAbsentOrMinusOneMeansDefaultAndHugeIsKeptForClamping() {
        assertEquals(-1, parse(BASE, V4).request().numWant());
        assertEquals(-1, parse(BASE + "&numwant=-1", V4).request().numWant());
        assertEquals(Integer.MAX_VALUE, parse(BASE + "&numwant=99999999999", V4).request().numWant());
        assertEquals(0, parse(BASE + "&numwant=0", V4).request().numWant());
    }

    @Test
    void everyEventNameIsKnown() {
        for (Event e : Event.values()) {
            assertEquals(e, parse(BASE + "&event=" + e.wireName(), V4).request().event());
        }
    }

    @Test
    void otherFamilyAddressIsTakenFromIpv6Parameter() {
        AnnounceRequest r = parse(BASE + "&ipv6=2001:db8::5", V4).request();
        assertEquals(AddressFamily.V6, r.other().family());
        assertEquals(6881, r.other().port());
        assertArrayEquals(V4, r.ipv4().ip());
    }

    @Test
    void otherFamilyAddressMayCarryAPort() {
        AnnounceRequest r = parse(BASE + "&ipv6=%5B2001:db8::5%5D:7000", V4).request();
        assertEquals(7000, r.other().port());
        AnnounceRequest r4 = parse(BASE + "&ipv4=198.51.100.9:7001", V6).request();
        assertEquals(7001, r4.ipv4().port());
        assertArrayEquals(V6, r4.ipv6().ip());
    }

    @Test
    void sameFamilyAndIpParametersAreIgnoredUnlessTrusted() {
        AnnounceRequest r = parse(BASE + "&ipv4=198.51.100.9&ip=198.51.100.10", V4).request();
        assertArrayEquals(V4, r.source().ip());
        assertNull(r.other());
        AnnounceRequest trusted = new AnnounceParser(true)
                .parse(QueryString.parse(BASE + "&ip=198.51.100.10", 10_000), V4).request();
        assertArrayEquals(new byte[] {(byte) 198, 51, 100, 10}, trusted.source().ip());
    }

    @Test
    void unusableClientAddressesAreIgnored() {
        for (String bad : new String[] {"ipv6=nonsense", "ipv6=::", "ipv6=ff02::1", "ipv6=1.2.3.4", "ipv4=::1",
            "ipv6=%5B::1%5D:99999", "ipv4=example.com"}) {
            assertNull(parse(BASE + "&" + bad, V4).request().other(), bad);
        }
    }

    @Test
    void ipv4MappedClientIsIpv4() {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 1, 2, 3, 4};
        assertEquals(AddressFamily.V4, parse(BASE, mapped).request().source().family());
    }

    @Test
    void keyFoldsHexLikeUdpAndHashesOtherText() {
        assertEquals(0xdeadbeef, AnnounceParser.foldKey("DEADBEEF".getBytes()));
        assertEquals(AnnounceParser.foldKey("not-hex-key".getBytes()), AnnounceParser.foldKey("not-hex-key".getBytes()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "peer_id=x&port=1&left=0|missing info_hash",
        "info_hash=abc&peer_id=x&port=1&left=0|info_hash must be 20 bytes",
        "info_hash=aaaaaaaaaaaaaaaaaaaa&port=1&left=0|missing peer_id",
        "info_hash=aaaaaaaaaaaaaaaaaaaa&peer_id=aaaaaaaaaaaaaaaaaaaaa&port=1&left=0|peer_id must be 20 bytes",
        "info_hash=aaaaaaaaaaaaaaaaaaaa&peer_id=aaaaaaaaaaaaaaaaaaaa&left=0|missing port",
        "info_hash=aaaaaaaaaaaaaaaaaaaa&peer_id=aaaaaaaaaaaaaaaaaaaa&port=0&left=0|port must be within 1..65535",
        "info_hash=aaaaaaaaaaaaaaaaaaaa&peer_id=aaaaaaaaaaaaaaaaaaaa&port=65536&left=0|port must be within 1..65535",
        "info_hash=aaaaaaaaaaaaaaaaaaaa&peer_id=aaaaaaaaaaaaaaaaaaaa&port=x&left=0|port must be a non-negative integer",
        "info_hash=aaaaaaaaaaaaaaaaaaaa&peer_id=aaaaaaaaaaaaaaaaaaaa&port=1|missing left",
        "info_hash=aaaaaaaaaaaaaaaaaaaa&peer_id=aaaaaaaaaaaaaaaaaaaa&port=1&left=-5|left must be a non-negative integer",
        "info_hash=aaaaaaaaaaaaaaaaaaaa&peer_id=aaaaaaaaaaaaaaaaaaaa&port=1&left=0&uploaded=-1|uploaded must be a non-negative integer",
        "info_hash=aaaaaaaaaaaaaaaaaaaa&peer_id=aaaaaaaaaaaaaaaaaaaa&port=1&left=0&downloaded=1e3|downloaded must be a non-negative integer",
        "info_hash=aaaaaaaaaaaaaaaaaaaa&peer_id=aaaaaaaaaaaaaaaaaaaa&port=1&left=99999999999999999999|left must be a non-negative integer",
        "info_hash=aaaaaaaaaaaaaaaaaaaa&peer_id=aaaaaaaaaaaaaaaaaaaa&port=1&left=0&event=finished|unknown event",
        "info_hash=aaaaaaaaaaaaaaaaaaaa&peer_id=aaaaaaaaaaaaaaaaaaaa&port=1&left=0&numwant=-2|numwant must be a non-negative integer",
    })
    void refusesMalformedAnnounces(String query, String message) {
        TrackerException e = assertThrows(TrackerException.class, () -> parse(query, V4));
        assertEquals(message, e.getMessage());
    }
}
