package dev.karuta.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** PeerAddress: families, IPv4-mapped normalisation, compact bytes (BEP 23, BEP 7). */
class PeerAddressTest {
    private static final byte[] MAPPED = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 192, 0, 2, 1};

    @Test
    void ipv4MappedRawBytesAreIpv4() {
        PeerAddress mapped = PeerAddress.of(MAPPED, 6881);
        assertEquals(AddressFamily.V4, mapped.family());
        assertArrayEquals(new byte[] {(byte) 192, 0, 2, 1}, mapped.ip());
        assertEquals(PeerAddress.of(new byte[] {(byte) 192, 0, 2, 1}, 6881), mapped);
        assertEquals(PeerAddress.of(new byte[] {(byte) 192, 0, 2, 1}, 6881).hashCode(), mapped.hashCode());
        assertEquals("192.0.2.1:6881", mapped.toString());
    }

    @Test
    void nearMappedAddressesStayIpv6() {
        byte[] compat = MAPPED.clone();
        compat[10] = 0; // ::c000:201 is not mapped
        assertEquals(AddressFamily.V6, PeerAddress.of(compat, 1).family());
        byte[] other = MAPPED.clone();
        other[0] = 0x20;
        assertEquals(AddressFamily.V6, PeerAddress.of(other, 1).family());
    }

    @Test
    void inetAddressesConvert() throws Exception {
        PeerAddress v6 = PeerAddress.of(InetAddress.getByName("2001:db8::1"), 443);
        assertEquals(AddressFamily.V6, v6.family());
        assertEquals(InetAddress.getByName("2001:db8::1"), v6.inetAddress());
        assertEquals("[2001:db8::1]:443", v6.toString());
    }

    @Test
    void compactFormIsAddressThenBigEndianPort() {
        byte[] out = new byte[8];
        PeerAddress.of(new byte[] {1, 2, 3, (byte) 250}, 0xC8D5).writeCompact(out, 1);
        assertArrayEquals(new byte[] {0, 1, 2, 3, (byte) 250, (byte) 0xC8, (byte) 0xD5, 0}, out);
        byte[] ip6 = new byte[16];
        ip6[0] = 0x20;
        ip6[1] = 0x01;
        ip6[15] = (byte) 0x99;
        byte[] out6 = new byte[18];
        PeerAddress.of(ip6, 65535).writeCompact(out6, 0);
        byte[] expected = new byte[18];
        System.arraycopy(ip6, 0, expected, 0, 16);
        expected[16] = (byte) 0xff;
        expected[17] = (byte) 0xff;
        assertArrayEquals(expected, out6);
        assertEquals(6, AddressFamily.V4.compactLength());
        assertEquals(18, AddressFamily.V6.compactLength());
    }

    @Test
    void badAddressesAndPortsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> PeerAddress.of(new byte[5], 1));
        assertThrows(IllegalArgumentException.class, () -> PeerAddress.of(new byte[0], 1));
        assertThrows(IllegalArgumentException.class, () -> PeerAddress.of(new byte[4], 65536));
        assertThrows(IllegalArgumentException.class, () -> PeerAddress.of(new byte[4], -1));
    }

    @Test
    void addressesAreImmutableAndComparedByIpAndPort() {
        byte[] ip = {10, 0, 0, 1};
        PeerAddress a = PeerAddress.of(ip, 1);
        ip[3] = 2;
        assertArrayEquals(new byte[] {10, 0, 0, 1}, a.ip(), "the factory copies");
        a.ip()[3] = 9;
        assertArrayEquals(new byte[] {10, 0, 0, 1}, a.ip(), "ip() hands out a copy");
        PeerAddress b = a.withPort(2);
        assertNotEquals(a, b);
        assertTrue(a.sameIp(b));
        assertFalse(a.sameIp(PeerAddress.of(new byte[] {10, 0, 0, 2}, 1)));
        assertFalse(a.sameIp(null));
    }

    @Test
    void loopbackIsRecognisedInBothFamilies() {
        assertTrue(PeerAddress.of(new byte[] {127, 1, 2, 3}, 1).isLoopback());
        assertFalse(PeerAddress.of(new byte[] {(byte) 128, 0, 0, 1}, 1).isLoopback());
        byte[] one = new byte[16];
        one[15] = 1;
        assertTrue(PeerAddress.of(one, 1).isLoopback());
        one[0] = 1;
        assertFalse(PeerAddress.of(one, 1).isLoopback());
    }

    @Test
    void leadingBitsTakeThePrefixOnly() {
        assertEquals(PeerAddress.of(new byte[] {10, 1, 2, 3}, 1).leadingBits(24),
                PeerAddress.of(new byte[] {10, 1, 2, (byte) 250}, 9).leadingBits(24));
        assertNotEquals(PeerAddress.of(new byte[] {10, 1, 2, 3}, 1).leadingBits(24),
                PeerAddress.of(new byte[] {10, 1, 3, 3}, 1).leadingBits(24));
        assertEquals(0x0a0102L, PeerAddress.of(new byte[] {10, 1, 2, 3}, 1).leadingBits(24));
        assertEquals(0, PeerAddress.of(new byte[] {10, 1, 2, 3}, 1).leadingBits(0));
        byte[] a = new byte[16];
        a[0] = 0x20;
        a[5] = 1;
        byte[] beyond = a.clone();
        beyond[6] = (byte) 0xff; // past /48
        byte[] inside = a.clone();
        inside[5] = 2; // within /48
        assertEquals(PeerAddress.of(a, 1).leadingBits(48), PeerAddress.of(beyond, 1).leadingBits(48));
        assertNotEquals(PeerAddress.of(a, 1).leadingBits(48), PeerAddress.of(inside, 1).leadingBits(48));
    }

    @Test
    void compactEntriesAreComparedAndReadBack() {
        PeerAddress v4 = PeerAddress.of(new byte[] {10, 1, 2, 3}, 6881);
        byte[] buf = new byte[10];
        v4.writeCompact(buf, 2);
        assertTrue(v4.sameAs(buf, 2));
        assertTrue(v4.withPort(1).sameIpAs(buf, 2));
        assertFalse(v4.withPort(1).sameAs(buf, 2));
        assertEquals(v4, PeerAddress.fromCompact(dev.karuta.core.AddressFamily.V4, buf, 2));
        byte[] ip6 = new byte[16];
        ip6[0] = 0x20;
        ip6[15] = 9;
        PeerAddress v6 = PeerAddress.of(ip6, 443);
        byte[] buf6 = new byte[18];
        v6.writeCompact(buf6, 0);
        assertEquals(v6, PeerAddress.fromCompact(dev.karuta.core.AddressFamily.V6, buf6, 0));
    }
}
