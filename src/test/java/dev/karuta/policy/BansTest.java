package dev.karuta.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.core.Admission;
import dev.karuta.core.AnnounceRequest;
import dev.karuta.core.InfoHash;
import dev.karuta.core.PeerAddress;
import dev.karuta.core.PeerId;
import dev.karuta.core.ScrapeRequest;
import dev.karuta.core.TrackerException;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The ban matcher: canonical entries, CIDR edges in both families, mapped addresses, bad entries. */
class BansTest {
    private static PeerAddress ip(String literal) throws Exception {
        return PeerAddress.of(InetAddress.getByName(literal), 6881);
    }

    private static Bans bans(String... entries) {
        Bans b = new Bans();
        b.add(List.of(entries));
        return b;
    }

    @ParameterizedTest
    @CsvSource({
        "10.1.2.3/8, 10.0.0.0/8",
        "10.1.2.3, 10.1.2.3",
        "10.1.2.3/32, 10.1.2.3",
        "0.0.0.0/0, 0.0.0.0/0",
        "255.255.255.255/0, 0.0.0.0/0",
        "2001:DB8::1/32, 2001:db8::/32",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff/64, 2001:db8:aaaa:bbbb::/64",
        "2001:db8::1/128, 2001:db8::1",
        "::1, ::1",
        "::/0, ::/0",
        "::ffff:10.1.2.3, 10.1.2.3",
        "::ffff:10.1.2.3/104, 10.0.0.0/8",
        "::ffff:0:0/96, 0.0.0.0/0",
        " 192.168.0.0/16 , 192.168.0.0/16",
    })
    void entriesAreCanonical(String given, String canonical) {
        assertEquals(canonical, Bans.validate(given));
        assertEquals(List.of(canonical), bans(given).entries());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "10.0.0", "10.0.0.256", "10.0.0.1/33", "10.0.0.1/-1", "10.0.0.1/", "10.0.0.1/a",
        "2001:db8::/129", "2001:db8::g", "example.org", "localhost", "10.0.0.1/8/8", "::ffff:10.0.0.1/64",
        "1.2.3.4.5", "[::1]", "fe80::1%eth0", "0x0a.0.0.1"})
    void invalidEntriesAreRefusedAndChangeNothing(String bad) {
        Bans b = bans("10.0.0.0/8");
        assertThrows(IllegalArgumentException.class, () -> b.add(List.of("192.168.0.1", bad)), bad);
        assertEquals(List.of("10.0.0.0/8"), b.entries(), "a refused batch adds nothing");
    }

    @Test
    void v4RangesAndEdges() throws Exception {
        Bans b = bans("10.0.0.0/8", "192.168.1.7", "172.16.0.0/12");
        assertTrue(b.banned(ip("10.0.0.0")));
        assertTrue(b.banned(ip("10.255.255.255")));
        assertFalse(b.banned(ip("11.0.0.0")));
        assertFalse(b.banned(ip("9.255.255.255")));
        assertTrue(b.banned(ip("192.168.1.7")));
        assertFalse(b.banned(ip("192.168.1.6")));
        assertFalse(b.banned(ip("192.168.1.8")));
        assertTrue(b.banned(ip("172.31.255.255")));
        assertFalse(b.banned(ip("172.32.0.0")));
        assertFalse(b.banned(ip("::a00:1")), "an IPv6 address is not in an IPv4 range");
        assertTrue(b.banned(ip("::ffff:10.9.9.9")), "an IPv4-mapped address is IPv4");
        assertTrue(bans("0.0.0.0/0").banned(ip("203.0.113.9")));
        assertFalse(bans("0.0.0.0/0").banned(ip("2001:db8::1")));
    }

    @Test
    void v6RangesAndEdges() throws Exception {
        Bans b = bans("2001:db8::/32", "2001:db9:1:2::/64", "2001:dba::5", "2001:dbb::/127", "2001:dbc::/65");
        assertTrue(b.banned(ip("2001:db8:ffff::1")));
        assertFalse(b.banned(ip("2001:db7:ffff::1")));
        assertTrue(b.banned(ip("2001:db9:1:2:ffff:ffff:ffff:ffff")));
        assertFalse(b.banned(ip("2001:db9:1:3::")));
        assertTrue(b.banned(ip("2001:dba::5")));
        assertFalse(b.banned(ip("2001:dba::4")));
        assertFalse(b.banned(ip("2001:dba::6")));
        assertTrue(b.banned(ip("2001:dbb::1")));
        assertFalse(b.banned(ip("2001:dbb::2")));
        assertTrue(b.banned(ip("2001:dbc::7fff:ffff:ffff:ffff")));
        assertFalse(b.banned(ip("2001:dbc::8000:0:0:0")));
        assertFalse(b.banned(ip("10.0.0.1")));
        assertTrue(bans("::/0").banned(ip("2001:db8::1")));
        assertFalse(bans("::/0").banned(ip("10.0.0.1")));
        assertTrue(bans("::1").banned(ip("::1")));
    }

    @Test
    void removingTakesAnyFormAndCounts() throws Exception {
        Bans b = bans("10.0.0.0/8", "2001:db8::/32");
        assertEquals(0, b.add(List.of("10.9.9.9/8")), "the same range written otherwise is not new");
        assertEquals(1, b.remove(List.of("10.1.1.1/8", "192.168.0.0/16")));
        assertFalse(b.banned(ip("10.0.0.1")));
        assertEquals(List.of("2001:db8::/32"), b.entries());
    }

    @Test
    void refusesAnnouncesFromEitherAddressAndScrapes() throws Exception {
        Bans b = bans("203.0.113.0/24", "2001:db8::/32");
        InfoHash hash = InfoHash.of(new byte[20]);
        PeerId peer = PeerId.of(new byte[20]);
        AnnounceRequest fromBanned = AnnounceRequest.builder(hash, peer, ip("203.0.113.5")).build();
        TrackerException e = assertThrows(TrackerException.class, () -> b.admit(fromBanned, new Admission()));
        assertEquals("your address is banned from this tracker", e.getMessage());
        AnnounceRequest otherBanned = AnnounceRequest.builder(hash, peer, ip("198.51.100.1"))
                .other(ip("2001:db8::9")).build();
        assertThrows(TrackerException.class, () -> b.admit(otherBanned, new Admission()));
        b.admit(AnnounceRequest.builder(hash, peer, ip("198.51.100.1")).build(), new Admission());
        assertThrows(TrackerException.class,
                () -> b.admitScrape(new ScrapeRequest(List.of(hash), "", ip("2001:db8::1"))));
        b.admitScrape(new ScrapeRequest(List.of(hash), "", ip("198.51.100.1")));
        b.admitScrape(new ScrapeRequest(List.of(hash)));
    }

    @Test
    void manyRangesOfManyLengths() throws Exception {
        Bans b = new Bans();
        java.util.List<String> entries = new java.util.ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            entries.add("10." + (i >> 8) + "." + (i & 0xff) + ".0/24");
            entries.add("2001:db8:" + Integer.toHexString(i) + "::/48");
        }
        assertEquals(4000, b.add(entries));
        assertTrue(b.banned(ip("10.7.207.1")));
        assertFalse(b.banned(ip("10.7.208.1")));
        assertTrue(b.banned(ip("2001:db8:7cf:1::1")));
        assertFalse(b.banned(ip("2001:db8:7d0::1")));
    }
}
