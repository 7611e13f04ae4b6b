package dev.karuta.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** InfoHash and PeerId: exactly 20 bytes, copied, compared by content, hex both ways, unsigned order. */
class IdTest {
    private static final String HEX = "00017f80ff0123456789abcdef0123456789abcd";

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 19, 21, 40})
    void onlyTwentyBytesMakeAnId(int length) {
        assertThrows(IllegalArgumentException.class, () -> InfoHash.of(new byte[length]));
        assertThrows(IllegalArgumentException.class, () -> PeerId.of(new byte[length]));
    }

    @Test
    void idsReadFromAByteBufferAreCopiesAtTheIndex() {
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
    void anIdCanBeReadFromInsideABuffer() {
        byte[] buffer = new byte[30];
        for (int i = 0; i < buffer.length; i++) {
            buffer[i] = (byte) i;
        }
        InfoHash h = InfoHash.of(buffer, 10);
        assertEquals(10, h.byteAt(0));
        assertEquals(29, h.byteAt(19));
        assertThrows(IllegalArgumentException.class, () -> InfoHash.of(buffer, 11), "runs past the end");
        assertThrows(IllegalArgumentException.class, () -> PeerId.of(buffer, -1));
        assertThrows(IllegalArgumentException.class, () -> PeerId.of(buffer, 31));
    }

    @Test
    void idsAreCopiesNotViews() {
        byte[] raw = new byte[20];
        raw[0] = 1;
        InfoHash h = InfoHash.of(raw);
        raw[0] = 2;
        assertEquals(1, h.byteAt(0), "the factory copies");
        h.bytes()[0] = 3;
        assertEquals(1, h.byteAt(0), "bytes() hands out a copy");
        byte[] dst = new byte[25];
        h.copyTo(dst, 5);
        assertEquals(1, dst[5]);
    }

    @Test
    void hexRoundTripsInBothCases() {
        InfoHash h = InfoHash.fromHex(HEX);
        assertEquals(HEX, h.toHex());
        assertEquals(HEX, h.toString(), "printed as hex");
        assertEquals(h, InfoHash.fromHex(HEX.toUpperCase()));
        assertEquals((byte) 0xff, h.byteAt(4));
        PeerId p = PeerId.fromHex(HEX);
        assertArrayEquals(h.bytes(), p.bytes());
        assertEquals(p, PeerId.of(p.bytes()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "00", "0123456789abcdef0123456789abcdef0123456", "0123456789abcdef0123456789abcdef012345678",
        "zz23456789abcdef0123456789abcdef01234567", "0x23456789abcdef0123456789abcdef01234567"})
    void badHexIsRefused(String hex) {
        assertThrows(IllegalArgumentException.class, () -> InfoHash.fromHex(hex));
        assertThrows(IllegalArgumentException.class, () -> PeerId.fromHex(hex));
    }

    @Test
    void equalityIsByContentAndKind() {
        InfoHash a = InfoHash.fromHex(HEX);
        InfoHash b = InfoHash.of(a.bytes());
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(InfoHash.of(new byte[20]), a);
        assertNotEquals(PeerId.of(a.bytes()), (Object) a, "an info_hash is no peer_id");
    }

    @Test
    void infoHashesSortAsUnsignedBytes() {
        List<InfoHash> sorted = new ArrayList<>();
        for (int first : new int[] {0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff}) {
            byte[] b = new byte[20];
            b[0] = (byte) first;
            sorted.add(InfoHash.of(b));
        }
        for (int i = 0; i + 1 < sorted.size(); i++) {
            assertTrue(sorted.get(i).compareTo(sorted.get(i + 1)) < 0, i + ": " + sorted.get(i) + " < " + sorted.get(i + 1));
            assertTrue(sorted.get(i + 1).compareTo(sorted.get(i)) > 0);
        }
        byte[] late = new byte[20];
        late[19] = (byte) 0x80;
        byte[] early = new byte[20];
        early[19] = 0x7f;
        assertTrue(InfoHash.of(early).compareTo(InfoHash.of(late)) < 0, "the last byte decides when the rest is equal");
        assertEquals(0, InfoHash.of(late).compareTo(InfoHash.of(late.clone())));
    }

    /** The packed representation gives back every byte, in every position, high bits included. */
    @Test
    void randomIdsRoundTripAndCompareAsUnsignedBytes() {
        java.util.Random random = new java.util.Random(7);
        InfoHash previous = null;
        byte[] previousBytes = null;
        for (int n = 0; n < 10_000; n++) {
            byte[] b = new byte[20];
            random.nextBytes(b);
            if (n % 7 == 0 && previousBytes != null) {
                // Share a prefix with the previous one, so later fields decide the order.
                System.arraycopy(previousBytes, 0, b, 0, random.nextInt(20));
            }
            InfoHash h = InfoHash.of(b);
            assertArrayEquals(b, h.bytes());
            for (int i = 0; i < 20; i++) {
                assertEquals(b[i], h.byteAt(i), "byte " + i);
            }
            byte[] framed = new byte[26];
            System.arraycopy(b, 0, framed, 3, 20);
            assertEquals(h, InfoHash.of(java.nio.ByteBuffer.wrap(framed), 3));
            assertEquals(h.hashCode(), InfoHash.of(b.clone()).hashCode());
            assertEquals(java.util.HexFormat.of().formatHex(b), h.toHex());
            if (previous != null) {
                assertEquals(Integer.signum(java.util.Arrays.compareUnsigned(b, previousBytes)),
                        Integer.signum(h.compareTo(previous)));
                assertEquals(java.util.Arrays.equals(b, previousBytes), h.equals(previous));
            }
            previous = h;
            previousBytes = b;
        }
        assertThrows(IndexOutOfBoundsException.class, () -> InfoHash.of(new byte[20]).byteAt(20));
    }
}
