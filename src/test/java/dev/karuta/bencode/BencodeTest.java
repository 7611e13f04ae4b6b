package dev.karuta.bencode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BencodeTest {
    private static byte[] k(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void writesEveryKindOfValue() {
        byte[] out = new BencodeWriter(4).beginDict()
                .key(k("a")).value(0)
                .key(k("b")).value(-42)
                .key(k("c")).value(Long.MIN_VALUE)
                .key(k("d")).beginList().value("x").value(new byte[] {0, (byte) 0xff}).end()
                .key(k("e")).beginDict().end()
                .end().toByteArray();
        assertEquals("d1:ai0e1:bi-42e1:ci-9223372036854775808e1:dl1:x2:\0\u00ffe1:edee",
                new String(out, StandardCharsets.ISO_8859_1));
    }

    @Test
    void refusesKeysOutOfOrderOrRepeated() {
        assertThrows(IllegalStateException.class, () -> new BencodeWriter(8).beginDict().key(k("b")).value(1).key(k("a")));
        assertThrows(IllegalStateException.class, () -> new BencodeWriter(8).beginDict().key(k("a")).value(1).key(k("a")));
        // Raw-byte order is unsigned: 0x80 sorts after 'z'.
        new BencodeWriter(8).beginDict().key(k("z")).value(1).key(new byte[] {(byte) 0x80}).value(2).end();
        assertThrows(IllegalStateException.class,
                () -> new BencodeWriter(8).beginDict().key(new byte[] {(byte) 0x80}).value(1).key(k("z")));
    }

    @Test
    void refusesMalformedStructure() {
        assertThrows(IllegalStateException.class, () -> new BencodeWriter(8).beginDict().value(1));
        assertThrows(IllegalStateException.class, () -> new BencodeWriter(8).beginDict().key(k("a")).end());
        assertThrows(IllegalStateException.class, () -> new BencodeWriter(8).beginList().key(k("a")));
        assertThrows(IllegalStateException.class, () -> new BencodeWriter(8).value(1).value(2));
        assertThrows(IllegalStateException.class, () -> new BencodeWriter(8).beginList().toByteArray());
        assertThrows(IllegalStateException.class, () -> new BencodeWriter(8).end());
    }

    @Test
    void readerRoundTripsRandomDocuments() {
        Random random = new Random(7);
        for (int i = 0; i < 2000; i++) {
            BencodeWriter w = new BencodeWriter(16);
            w.beginDict();
            int keys = random.nextInt(5);
            for (int j = 0; j < keys; j++) {
                w.key(new byte[] {(byte) ('a' + j)});
                long n = random.nextLong();
                if (random.nextBoolean()) {
                    w.value(n);
                } else {
                    byte[] s = new byte[random.nextInt(40)];
                    random.nextBytes(s);
                    w.beginList().value(s).value(n).end();
                }
            }
            byte[] doc = w.end().toByteArray();
            Map<String, Object> m = BencodeReader.parseDict(doc);
            assertEquals(keys, m.size());
        }
    }

    @Test
    void readerDecodesValues() {
        Map<String, Object> m = BencodeReader.parseDict("d1:ai-3e1:bl2:xyee".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(-3L, m.get("a"));
        assertArrayEquals(k("xy"), (byte[]) ((List<?>) m.get("b")).get(0));
    }

    @Test
    void readerRefusesNonCanonicalInput() {
        for (String bad : new String[] {"i03e", "i-0e", "ie", "i1", "d1:bi1e1:ai1ee", "d1:ai1e1:ai1ee", "3:ab", "i1ei2e",
            "l", "di1ei2ee", "x", "01:a", "-1:a", "i99999999999999999999e", ""}) {
            assertThrows(IllegalArgumentException.class,
                    () -> BencodeReader.parse(bad.getBytes(StandardCharsets.ISO_8859_1)), bad);
        }
    }
}
