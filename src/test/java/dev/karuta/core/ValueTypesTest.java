package dev.karuta.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class ValueTypesTest {

    @Test
    void idsAreExactly20BytesCopiedAndComparedByContent() {
        byte[] raw = new byte[20];
        raw[0] = 1;
        InfoHash h = InfoHash.of(raw);
        raw[0] = 2;
        assertEquals(1, h.byteAt(0), "a copy, not a view");
        assertEquals(InfoHash.of(h.bytes()), h);
        assertNotEquals(PeerId.of(h.bytes()), (Object) h, "an info_hash is no peer_id");
        assertThrows(IllegalArgumentException.class, () -> InfoHash.of(new byte[19]));
        assertThrows(IllegalArgumentException.class, () -> PeerId.of(new byte[21]));
        assertEquals(h, InfoHash.fromHex(h.toHex().toUpperCase()));
        assertThrows(IllegalArgumentException.class, () -> InfoHash.fromHex("zz".repeat(20)));
    }

    @Test
    void idsReadFromABufferAreCopiesAtTheIndex() {
        byte[] raw = new byte[50];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) i;
        }
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocateDirect(50).put(raw).flip();
        assertEquals(InfoHash.of(raw, 10), InfoHash.of(buf, 10));
        assertEquals(PeerId.of(raw, 30), PeerId.of(buf, 30));
        assertEquals(0, buf.position(), "position unchanged");
        InfoHash h = InfoHash.of(buf, 0);
        buf.put(0, (byte) 99);
        assertEquals(0, h.byteAt(0), "a copy, not a view");
        assertThrows(IllegalArgumentException.class, () -> InfoHash.of(buf, 31));
        assertThrows(IllegalArgumentException.class, () -> PeerId.of(buf, -1));
    }

    @Test
    void infoHashesSortAsUnsignedBytes() {
        byte[] high = new byte[20];
        high[0] = (byte) 0x80;
        assertTrue(InfoHash.of(new byte[20]).compareTo(InfoHash.of(high)) < 0);
    }

    @Test
    void ipv4MappedAddressesAreIpv4() throws Exception {
        PeerAddress mapped = PeerAddress.of(InetAddress.getByAddress(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            (byte) 0xff, (byte) 0xff, 1, 2, 3, 4}), 80);
        assertEquals(AddressFamily.V4, mapped.family());
        assertEquals(PeerAddress.of(new byte[] {1, 2, 3, 4}, 80), mapped);
        byte[] out = new byte[6];
        mapped.writeCompact(out, 0);
        assertArrayEquals(new byte[] {1, 2, 3, 4, 0, 80}, out);
        assertThrows(IllegalArgumentException.class, () -> PeerAddress.of(new byte[5], 1));
        assertThrows(IllegalArgumentException.class, () -> PeerAddress.of(new byte[4], 65536));
    }

    @Test
    void numWantClamping() {
        AnnounceSettings s = new AnnounceSettings(1800, 0, 900, 50, 200);
        assertEquals(50, s.clampNumWant(-1));
        assertEquals(0, s.clampNumWant(0));
        assertEquals(200, s.clampNumWant(10_000));
        assertEquals(7, s.clampNumWant(7));
    }

    @Test
    void requestsRefuseImpossibleValues() {
        InfoHash h = InfoHash.of(new byte[20]);
        PeerId p = PeerId.of(new byte[20]);
        PeerAddress v4 = PeerAddress.of(new byte[4], 1);
        assertThrows(IllegalArgumentException.class,
                () -> new AnnounceRequest(h, p, v4, PeerAddress.of(new byte[4], 2), 0, 0, 0, Event.NONE, 1, 0, false));
        assertThrows(IllegalArgumentException.class,
                () -> new AnnounceRequest(h, p, v4, null, -1, 0, 0, Event.NONE, 1, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new ScrapeRequest(java.util.List.of()));
    }
}
