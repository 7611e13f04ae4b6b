package dev.karuta.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.karuta.core.PeerId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file that keeps accounting across a stop with the database down reads back what was written. */
class PendingFileTest {
    @TempDir
    Path dir;

    @Test
    void everyKindOfEntryRoundTrips() throws IOException {
        Batch b = new Batch(List.of(new Batch.UserDelta(1, Long.MAX_VALUE / 2, 3)),
                List.of(new Batch.TorrentDelta(9, 0, 0, 2, -500)),
                List.of(new Batch.Snatch(1, 9, 1_700_000_000L, "2001:db8::1")),
                List.of(new Batch.PeerRow(1, 9, PeerId.fromHex("2d5452343035302d00ff6364656667686900ff6c"), true, 1, 2,
                        3, 4, 5, 6, 7, "10.0.0.1", "qBittorrent/4.6.3 é", 8)),
                List.of(new Batch.TokenDelta(1, 9, 44)), List.of(new RosterData.Token(1, 9)));
        Path f = dir.resolve("sub").resolve("pending.bin");
        PendingFile.LeftOver left = new PendingFile.LeftOver(-42, b, new Batch(List.of(new Batch.UserDelta(2, 5, 6)),
                List.of(), List.of(), List.of(), List.of(), List.of()));
        PendingFile.write(f, left);
        assertEquals(left, PendingFile.read(f));
        PendingFile.write(f, PendingFile.LeftOver.NONE);
        assertEquals(PendingFile.LeftOver.NONE, PendingFile.read(f));
        assertEquals(List.of("pending.bin"), Files.list(f.getParent()).map(p -> p.getFileName().toString()).toList(),
                "no temporary file left");
    }

    @Test
    void aFileOfAnotherKindIsRefused() throws IOException {
        Path f = dir.resolve("other.bin");
        Files.writeString(f, "not accounting");
        assertThrows(IOException.class, () -> PendingFile.read(f));
    }
}
