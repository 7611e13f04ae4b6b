package dev.karuta.ocelot;

import static dev.karuta.ocelot.ControlFixture.ODD;
import static dev.karuta.ocelot.ControlFixture.PLAIN;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.accounts.FreeLeech;
import dev.karuta.core.InfoHash;
import dev.karuta.core.TrackerException;
import dev.karuta.http.QueryString;
import dev.karuta.testing.TrackerClient;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parameters read byte-exactly from the raw query, and refused with a message naming them. */
class ControlParamsTest {
    private static ControlParams params(String query) {
        return new ControlParams(QueryString.parse(query, 6144));
    }

    private static String refusal(Runnable read) {
        return assertThrows(TrackerException.class, read::run).getMessage();
    }

    @Test
    void aRawurlencodedBinaryHashDecodesByteForByte() {
        String encoded = RawUrl.encode(ODD);
        assertTrue(encoded.startsWith("%00%2B%25%20%26%3D%FF%80%E9aZ9-.~%2F%3F%23%7F%01"), encoded);
        assertArrayEquals(ODD, params("action=x&info_hash=" + encoded).infoHash("info_hash").bytes());
        // Lower-case escapes and every byte escaped, as strict clients write them, decode alike.
        assertArrayEquals(ODD, params("info_hash=" + TrackerClient.escape(ODD)).infoHash("info_hash").bytes());
    }

    @Test
    void aPlusIsTheByteItIsNotASpace() {
        byte[] pluses = "++++++++++++++++++++".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertArrayEquals(pluses, params("info_hash=" + "+".repeat(20)).infoHash("info_hash").bytes());
        assertEquals(InfoHash.of(pluses), params("info_hash=" + "%2B".repeat(10) + "+".repeat(10)).infoHash("info_hash"));
    }

    @Test
    void concatenatedHashesSplitEveryTwentyBytes() {
        byte[] both = new byte[40];
        System.arraycopy(ODD, 0, both, 0, 20);
        System.arraycopy(PLAIN, 0, both, 20, 20);
        assertEquals(List.of(InfoHash.of(ODD), InfoHash.of(PLAIN)),
                params("info_hashes=" + RawUrl.encode(both)).infoHashes("info_hashes"));
        assertEquals("update_torrents: info_hashes must be 20-byte hashes put together (39 bytes given)",
                refusal(() -> params("action=update_torrents&info_hashes=" + RawUrl.encode(both).substring(3))
                        .infoHashes("info_hashes")));
    }

    @Test
    void aHashOfAnotherLengthOrMissingIsRefusedByName() {
        assertEquals("add_torrent: info_hash must be 20 bytes (19 given)",
                refusal(() -> params("action=add_torrent&info_hash=" + "a".repeat(19)).infoHash("info_hash")));
        assertEquals("add_torrent: missing info_hash",
                refusal(() -> params("action=add_torrent&info_hash=").infoHash("info_hash")));
        assertEquals("add_torrent: missing info_hash", refusal(() -> params("action=add_torrent").infoHash("info_hash")));
    }

    @Test
    void passkeysAreThirtyTwoLettersAndDigitsAloneOrPutTogether() {
        String a = ControlFixture.ALICE;
        String b = ControlFixture.BOB;
        assertEquals(a, params("passkey=" + a).passkey("passkey"));
        assertEquals(List.of(a, b), params("passkeys=" + a + b).passkeys("passkeys"));
        assertEquals("x: passkey must be 32 letters and digits",
                refusal(() -> params("action=x&passkey=" + a.substring(1)).passkey("passkey")));
        assertEquals("x: passkey must be 32 letters and digits",
                refusal(() -> params("action=x&passkey=" + a.substring(1) + "%00").passkey("passkey")));
        assertTrue(refusal(() -> params("action=x&passkeys=" + a + b.substring(2)).passkeys("passkeys"))
                .startsWith("x: passkeys must be 32-character passkeys"));
        assertTrue(refusal(() -> params("action=x&passkeys=" + a + b.replace('B', '-')).passkeys("passkeys"))
                .startsWith("x: passkeys must be 32-character passkeys"));
    }

    @Test
    void integersAreStrictDecimalInRange() {
        assertEquals(42, params("id=42").integer("id", 1, 100));
        assertEquals(-1, params("").integer("reason", -5, 5, -1));
        assertEquals(3, params("reason=3").integer("reason", -5, 5, -1));
        for (String bad : new String[] {"4x", " 4", "+4", "0x10", "", "99999999999", "4.0"}) {
            assertThrows(TrackerException.class, () -> params("action=a&id=" + bad).integer("id", 1, 100), bad);
        }
        assertEquals("a: id must be from 1 to 100", refusal(() -> params("action=a&id=0").integer("id", 1, 100)));
    }

    @Test
    void switchesAndFreeleechAreReadAsOcelotReadsThem() {
        assertTrue(params("").flag("visible", true), "missing: the default");
        assertFalse(params("visible=0").flag("visible", true));
        assertTrue(params("visible=yes").flag("visible", false), "anything but 0 is yes");
        assertEquals(FreeLeech.NORMAL, params("freetorrent=0").free("freetorrent"));
        assertEquals(FreeLeech.FREE, params("freetorrent=1").free("freetorrent"));
        assertEquals(FreeLeech.NEUTRAL, params("freetorrent=2").free("freetorrent"));
        assertEquals(FreeLeech.NEUTRAL, params("freetorrent=x").free("freetorrent"));
        assertEquals("a: missing freetorrent", refusal(() -> params("action=a").free("freetorrent")));
        assertTrue(params("trace=1").bit("trace"));
        assertEquals("a: trace must be 0 or 1", refusal(() -> params("action=a&trace=2").bit("trace")));
    }

    @Test
    void clientPrefixesArePrintableAsciiUpToTwentyCharacters() {
        assertEquals("-TR2", params("peer_id=-TR2").clientPrefix("peer_id"));
        assertEquals("a: peer_id must be 1 to 20 printable ASCII characters",
                refusal(() -> params("action=a&peer_id=-TR%20").clientPrefix("peer_id")));
        assertEquals("a: peer_id must be 1 to 20 printable ASCII characters",
                refusal(() -> params("action=a&peer_id=" + "x".repeat(21)).clientPrefix("peer_id")));
    }
}
