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
        "info_hash=aaaaaaaaaaaaaaaaaaaa&peer_id=aaaaaaaaaaaaaaaaaaaa&port=1&left=99999999999999999999|left must be at most 9223372036854775807",
        "info_hash=aaaaaaaaaaaaaaaaaaaa&peer_id=aaaaaaaaaaaaaaaaaaaa&port=1&left=0&event=finished|unknown event",
        "info_hash=aaaaaaaaaaaaaaaaaaaa&peer_id=aaaaaaaaaaaaaaaaaaaa&port=1&left=0&numwant=-2|numwant must be a non-negative integer",
    })
    void refusesMalformedAnnounces(String query, String message) {
        TrackerException e = assertThrows(TrackerException.class, () -> parse(query, V4));
        assertEquals(message, e.getMessage());
    }

    /** Client-supplied addresses no peer should be sent to, whoever supplies them. */
    private static final String[] NEVER_V6 = {"::1", "::", "fe80::1", "febf::1", "ff02::1", "::ffff:198.51.100.9",
        "::198.51.100.9", "[::1]:7000"};
    private static final String[] NEVER_V4 = {"127.0.0.1", "127.1.2.3", "0.0.0.0", "0.1.2.3", "169.254.1.1",
        "224.0.0.1", "239.1.2.3", "255.255.255.255", "240.0.0.1"};
    private static final String[] PRIVATE_V4 = {"10.1.2.3", "172.16.0.1", "172.31.255.254", "192.168.1.1",
        "100.64.0.1", "100.127.255.254"};
    private static final String[] PRIVATE_V6 = {"fc00::1", "fd12:3456::1"};
    private static final byte[] PRIVATE_CLIENT_V4 = {10, 0, 0, 5};
    private static final byte[] PRIVATE_CLIENT_V6 = {(byte) 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5};

    @Test
    void otherFamilyAddressesThatNoPeerShouldReachAreIgnoredFromAnyone() {
        for (byte[] client : new byte[][] {V4, PRIVATE_CLIENT_V4, LOOPBACK_V4}) {
            for (String bad : NEVER_V6) {
                assertNull(parse(BASE + "&ipv6=" + escape(bad.getBytes()), client).request().other(), "ipv6=" + bad);
            }
        }
        for (byte[] client : new byte[][] {V6, PRIVATE_CLIENT_V6}) {
            for (String bad : NEVER_V4) {
                assertNull(parse(BASE + "&ipv4=" + bad, client).request().other(), "ipv4=" + bad);
            }
        }
    }

    private static final byte[] LOOPBACK_V4 = {127, 0, 0, 1};

    @Test
    void privateOtherFamilyAddressesAreBelievedOnlyFromPrivateRequesters() {
        for (String v4 : PRIVATE_V4) {
            assertNull(parse(BASE + "&ipv4=" + v4, V6).request().other(), "public v6 client, ipv4=" + v4);
            assertEquals(AddressFamily.V4, parse(BASE + "&ipv4=" + v4, PRIVATE_CLIENT_V6).request().other().family(),
                    "unique-local v6 client, ipv4=" + v4);
        }
        for (String v6 : PRIVATE_V6) {
            assertNull(parse(BASE + "&ipv6=" + v6, V4).request().other(), "public v4 client, ipv6=" + v6);
            assertEquals(AddressFamily.V6, parse(BASE + "&ipv6=" + v6, PRIVATE_CLIENT_V4).request().other().family(),
                    "private v4 client, ipv6=" + v6);
            assertEquals(AddressFamily.V6, parse(BASE + "&ipv6=" + v6, LOOPBACK_V4).request().other().family(),
                    "loopback v4 client, ipv6=" + v6);
        }
    }

    @Test
    void publicOtherFamilyAddressesStayAllowedUnlessTheOperatorTurnsThemOff() {
        assertEquals(AddressFamily.V6, parse(BASE + "&ipv6=2001:db8::5", V4).request().other().family());
        assertEquals(AddressFamily.V4, parse(BASE + "&ipv4=198.51.100.9", V6).request().other().family());
        AnnounceParser off = new AnnounceParser(false, new dev.karuta.policy.ClientSuppliedAddress(false));
        assertNull(off.parse(QueryString.parse(BASE + "&ipv6=2001:db8::5", 10_000), V4).request().other());
        assertNull(off.parse(QueryString.parse(BASE + "&ipv4=198.51.100.9", 10_000), V6).request().other());
        AnnounceParser offTrusted = new AnnounceParser(true, new dev.karuta.policy.ClientSuppliedAddress(false));
        AnnounceRequest r = offTrusted.parse(QueryString.parse(BASE + "&ipv4=198.51.100.9&ipv6=2001:db8::5", 10_000),
                V4).request();
        assertArrayEquals(new byte[] {(byte) 198, 51, 100, 9}, r.source().ip(), "the same family, trusted");
        assertNull(r.other(), "the other family stays off");
    }

    @Test
    void trustedSameFamilyAndIpOverridesFollowTheSameRules() {
        AnnounceParser trusted = new AnnounceParser(true);
        for (String bad : NEVER_V4) {
            AnnounceRequest r = trusted.parse(QueryString.parse(BASE + "&ip=" + bad + "&ipv4=" + bad, 10_000), V4)
                    .request();
            assertArrayEquals(V4, r.source().ip(), "ip=" + bad + " is ignored");
        }
        for (String bad : NEVER_V6) {
            AnnounceRequest r = trusted.parse(QueryString.parse(BASE + "&ip=" + escape(bad.getBytes()), 10_000), V6)
                    .request();
            assertArrayEquals(V6, r.source().ip(), "ip=" + bad + " is ignored");
        }
        assertArrayEquals(V4, trusted.parse(QueryString.parse(BASE + "&ip=192.168.1.9", 10_000), V4).request()
                .source().ip(), "a private address from a public requester is ignored");
        assertArrayEquals(new byte[] {(byte) 192, (byte) 168, 1, 9}, trusted.parse(
                QueryString.parse(BASE + "&ip=192.168.1.9", 10_000), PRIVATE_CLIENT_V4).request().source().ip(),
                "a private address from a private requester is believed");
    }

    /** Regression: 19-digit counters above 2^63-1 wrapped negative and became an internal error. */
    @ParameterizedTest
    @CsvSource({
        "uploaded,9223372036854775808", "uploaded,9999999999999999999", "uploaded,18446744073709551616",
        "downloaded,9223372036854775808", "downloaded,9999999999999999999",
        "left,9223372036854775808", "left,9999999999999999999", "left,123456789012345678901234",
    })
    void countersAbove63BitsAreRefusedByName(String field, String value) {
        String query = BASE.replaceAll("&" + field + "=\\d+", "") + "&" + field + "=" + value;
        TrackerException e = assertThrows(TrackerException.class, () -> parse(query, V4));
        assertEquals(field + " must be at most 9223372036854775807", e.getMessage());
        assertEquals(TrackerException.Kind.BAD_REQUEST, e.kind());
    }

    @Test
    void theLargest63BitCounterIsAccepted() {
        String max = "9223372036854775807";
        AnnounceRequest r = parse(BASE.replace("uploaded=10", "uploaded=" + max).replace("left=30", "left=000" + max),
                V4).request();
        assertEquals(Long.MAX_VALUE, r.uploaded());
        assertEquals(Long.MAX_VALUE, r.left());
    }

    @Test
    void hugePortAndNumwantNeverWrap() {
        for (String port : new String[] {"9223372036854775808", "18446744073709551617", "4294967297"}) {
            TrackerException e = assertThrows(TrackerException.class,
                    () -> parse(BASE.replace("port=6881", "port=" + port), V4));
            assertEquals("port must be within 1..65535", e.getMessage());
        }
        assertEquals(Integer.MAX_VALUE, parse(BASE + "&numwant=9999999999999999999", V4).request().numWant());
        assertEquals(Integer.MAX_VALUE, parse(BASE + "&numwant=123456789012345678901234", V4).request().numWant());
    }
}
