package dev.karuta.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.core.PeerId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spill file that keeps accounting across a stop with the database down reads back what was
 * written, and believes nothing of a copy that was cut short or has a bit flipped anywhere.
 */
class PendingFileTest {
    @TempDir
    Path dir;

    static Batch everyKind(int n) {
        return new Batch(List.of(new Batch.UserDelta(1, Long.MAX_VALUE / 2 + n, 3)),
                List.of(new Batch.TorrentDelta(9, 0, 0, 2, -500 - n)),
                List.of(new Batch.Snatch(1, 9, 1_700_000_000L + n, "2001:db8::1")),
                List.of(new Batch.PeerRow(1, 9, PeerId.fromHex("2d5452343035302d00ff6364656667686900ff6c"), true, n, 2,
                        3, 4, 5, 6, 7, "10.0.0.1", "qBittorrent/4.6.3 é", 8)),
                List.of(new Batch.TokenDelta(1, 9, 44 + n)), List.of(new RosterData.Token(1, 9)));
    }

    static Batch user(int id, long up, long down) {
        return new Batch(List.of(new Batch.UserDelta(id, up, down)), List.of(), List.of(), List.of(), List.of(),
                List.of());
    }

    @Test
    void everyKindOfEntryRoundTrips() throws IOException {
        Path f = dir.resolve("sub").resolve("pending.bin");
        List<KeptFlush> kept = List.of(new KeptFlush(-42, everyKind(0)), new KeptFlush(7, user(2, 5, 6)));
        PendingFile.write(f, kept, 1_700_000_000_000L);
        assertEquals(kept, PendingFile.read(f).flushes());
        PendingFile.write(f, List.of(), 1);
        assertEquals(List.of(), PendingFile.read(f).flushes());
        assertEquals(List.of("pending.bin"), Files.list(f.getParent()).map(p -> p.getFileName().toString()).toList(),
                "no temporary file left");
    }

    @Test
    void aFileOfAnotherKindIsRefused() throws IOException {
        Path f = dir.resolve("other.bin");
        Files.writeString(f, "not accounting");
        assertThrows(IOException.class, () -> PendingFile.read(f));
        Files.write(f, new byte[0]);
        assertThrows(IOException.class, () -> PendingFile.read(f));
    }

    @Test
    void aFileCutShortAtAnyByteIsDamagedAndNothingOfItIsBelieved() throws IOException {
        byte[] whole = spill();
        for (int length = 0; length < whole.length; length++) {
            FlushRecords.Scan scan = FlushRecords.scan(java.util.Arrays.copyOf(whole, length), PendingFile.MAGIC);
            assertTrue(scan.damaged(), "cut at " + length);
            assertEquals(List.of(), scan.flushes(), "cut at " + length);
        }
    }

    @Test
    void aBitFlippedAnywhereIsDamageAndNeverAWrongCredit() throws IOException {
        byte[] whole = spill();
        List<KeptFlush> written = FlushRecords.scan(whole, PendingFile.MAGIC).flushes();
        for (int at = 0; at < whole.length; at++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] flipped = whole.clone();
                flipped[at] ^= (byte) (1 << bit);
                FlushRecords.Scan scan = FlushRecords.scan(flipped, PendingFile.MAGIC);
                String where = "bit " + bit + " of byte " + at;
                assertTrue(scan.damaged(), where);
                // Only a flip in the header leaves the one record whole, and then it is what was written.
                assertEquals(at < 4 ? written : List.of(), scan.flushes(), where);
            }
        }
    }

    private byte[] spill() throws IOException {
        Path f = dir.resolve("spill.bin");
        PendingFile.write(f, List.of(new KeptFlush(-42, everyKind(0)), new KeptFlush(7, user(2, 5, 6))), 1);
        return Files.readAllBytes(f);
    }
}
