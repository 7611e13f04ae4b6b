package dev.karuta.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.core.TrackerException;
import org.junit.jupiter.api.Test;

class QueryStringTest {

    @Test
    void decodesPercentEscapesToRawBytes() {
        QueryString q = QueryString.parse("info_hash=%00%ff%7F%80a", 100);
        assertArrayEquals(new byte[] {0, (byte) 0xff, 0x7f, (byte) 0x80, 'a'}, q.first("info_hash"));
    }

    @Test
    void plusStaysALiteralPlus() {
        assertArrayEquals(new byte[] {'a', '+', 'b'}, QueryString.parse("k=a+b", 100).first("k"));
    }

    @Test
    void nonUtf8BytesSurvive() {
        // %c3%28 is invalid UTF-8; a decoder applying a charset would mangle it.
        assertArrayEquals(new byte[] {(byte) 0xc3, 0x28}, QueryString.parse("h=%c3%28", 100).first("h"));
    }

    @Test
    void keepsEveryValueOfARepeatedName() {
        QueryString q = QueryString.parse("info_hash=a&x=1&info_hash=b", 100);
        assertEquals(2, q.all("info_hash").size());
        assertArrayEquals(new byte[] {'a'}, q.first("info_hash"));
        assertArrayEquals(new byte[] {'b'}, q.all("info_hash").get(1));
    }

    @Test
    void emptyAndMissingValues() {
        QueryString q = QueryString.parse("a=&b&&c=1", 100);
        assertArrayEquals(new byte[0], q.first("a"));
        assertArrayEquals(new byte[0], q.first("b"));
        assertNull(q.first("d"));
        assertTrue(q.has("c"));
        assertFalse(q.has("d"));
    }

    @Test
    void valueMayContainEqualsSign() {
        assertEquals("x=y", QueryString.parse("k=x=y", 100).text("k"));
    }

    @Test
    void escapedNamesMatchTheirDecodedForm() {
        QueryString q = QueryString.parse("info%5Fhash=a&peer_id=b", 100);
        assertArrayEquals(new byte[] {'a'}, q.first("info_hash"));
        assertArrayEquals(new byte[] {'b'}, q.first("peer_id"));
        assertNull(q.first("info"));
        assertNull(q.first("info_hash_"));
    }

    @Test
    void nullOrEmptyQueryHasNoParameters() {
        assertNull(QueryString.parse(null, 10).first("a"));
        assertNull(QueryString.parse("", 10).first("a"));
    }

    @Test
    void refusesMalformedEscapes() {
        for (String bad : new String[] {"a=%", "a=%4", "a=%zz", "a=%4g", "%=1", "a=%%41", "a=%\uff10\uff10"}) {
            TrackerException e = assertThrows(TrackerException.class, () -> QueryString.parse(bad, 100), bad);
            assertEquals("malformed percent-encoding in query", e.getMessage());
        }
    }

    @Test
    void refusesCharactersBeyondAByte() {
        assertThrows(TrackerException.class, () -> QueryString.parse("a=\u20ac", 100));
    }

    @Test
    void refusesOverLongQueries() {
        QueryString.parse("a=" + "x".repeat(98), 100);
        TrackerException e = assertThrows(TrackerException.class, () -> QueryString.parse("a=" + "x".repeat(99), 100));
        assertEquals("request too long", e.getMessage());
    }
}
