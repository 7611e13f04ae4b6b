package dev.karuta.accounts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outage journal and the start-up that takes it up: the last whole record is the state; a journal
 * cut short at any byte or with any single bit flipped is detected, yields one of the records that was
 * written (never anything else), is set aside under a clear name and said once, and start-up goes on.
 */
class AccountsJournalTest {
    @TempDir
    Path dir;

    /** Three records as an outage writes them: a failed flush kept whole, and a held flush that grows. */
    private final KeptFlush tried = new KeptFlush(11, PendingFileTest.everyKind(0));
    private final List<List<KeptFlush>> records = List.of(List.of(tried),
            List.of(tried, new KeptFlush(22, PendingFileTest.user(2, 10, 1))),
            List.of(tried, new KeptFlush(22, PendingFileTest.user(2, 30, 3))));

    private byte[] journal(List<Integer> ends) throws IOException {
        AccountsJournal journal = new AccountsJournal(dir);
        for (int i = 0; i < records.size(); i++) {
            journal.append(records.get(i), 1_700_000_000_000L + i);
            ends.add((int) Files.size(journal.file()));
        }
        return Files.readAllBytes(journal.file());
    }

    @Test
    void theLastWholeRecordIsTheStateAndAnAppendKeepsTheOthers() throws IOException {
        List<Integer> ends = new ArrayList<>();
        byte[] whole = journal(ends);
        FlushRecords.Scan scan = FlushRecords.scan(whole, AccountsJournal.MAGIC);
        assertFalse(scan.damaged(), scan.damage());
        assertEquals(3, scan.records(), "appended, not rewritten");
        assertEquals(records.get(2), scan.flushes());
        assertEquals(1_700_000_000_002L, scan.writtenAt());
    }

    @Test
    void aJournalGrowingBeyondThreeRecordsIsMadeAnewWithTheLastOne() throws IOException {
        AccountsJournal journal = new AccountsJournal(dir);
        for (int i = 0; i < 10; i++) {
            journal.append(records.get(1), i);
        }
        FlushRecords.Scan scan = AccountsJournal.scan(journal.file());
        assertFalse(scan.damaged());
        assertTrue(scan.records() <= 3, scan.records() + " records");
        assertEquals(records.get(1), scan.flushes());
        journal.delete();
        assertFalse(Files.exists(journal.file()));
    }

    @Test
    void cutShortAtAnyByteTheRecordBeforeTheCutStandsAndTheCutIsDetected() throws IOException {
        List<Integer> ends = new ArrayList<>();
        byte[] whole = journal(ends);
        for (int length = 0; length <= whole.length; length++) {
            FlushRecords.Scan scan = FlushRecords.scan(Arrays.copyOf(whole, length), AccountsJournal.MAGIC);
            int whole0 = -1;
            for (int i = 0; i < ends.size(); i++) {
                if (ends.get(i) <= length) {
                    whole0 = i;
                }
            }
            String where = "cut at " + length + " of " + whole.length;
            assertEquals(!ends.contains(length), scan.damaged(), where);
            assertEquals(whole0 < 0 ? List.of() : records.get(whole0), scan.flushes(), where);
        }
    }

    @Test
    void aBitFlippedAnywhereIsDetectedAndTheNewestUntouchedRecordStands() throws IOException {
        List<Integer> ends = new ArrayList<>();
        byte[] whole = journal(ends);
        int lastStart = ends.get(1);
        for (int at = 0; at < whole.length; at++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] flipped = whole.clone();
                flipped[at] ^= (byte) (1 << bit);
                FlushRecords.Scan scan = FlushRecords.scan(flipped, AccountsJournal.MAGIC);
                String where = "bit " + bit + " of byte " + at;
                assertTrue(scan.damaged(), where);
                assertEquals(records.get(at >= lastStart ? 1 : 2), scan.flushes(), where);
            }
        }
    }

    @Test
    void aTornJournalIsCopiedAsideRewrittenWithItsLastWholeRecordAndSaidOnce() throws IOException {
        List<Integer> ends = new ArrayList<>();
        byte[] whole = journal(ends);
        Path file = dir.resolve(AccountsJournal.FILE_NAME);
        byte[] torn = Arrays.copyOf(whole, ends.get(2) - 7);
        Files.write(file, torn);
        LeftOver left = LeftOvers.takeUp(dir, 1_765_000_000_000L);
        assertEquals(records.get(1), left.flushes());
        assertEquals(1, left.damage().size(), left.damage().toString());
        String line = left.damage().get(0);
        assertTrue(line.contains("accounts-journal.bin") && line.contains("cut short")
                && line.contains("accounts-journal.bin.corrupt-20251206T054640Z"), line);
        assertArrayEquals(torn, Files.readAllBytes(dir.resolve("accounts-journal.bin.corrupt-20251206T054640Z")),
                "the damaged file as it was, for the operator");
        FlushRecords.Scan now = AccountsJournal.scan(file);
        assertFalse(now.damaged(), "the journal is whole again");
        assertEquals(records.get(1), now.flushes());
        assertEquals(LeftOver.NONE.flushes(), LeftOvers.takeUp(dir.resolve("elsewhere"), 0).flushes());
    }

    @Test
    void aDamagedSpillFileIsMovedAsideAndStartUpGoesOnWithoutIt() throws IOException {
        Path spill = dir.resolve(AccountsFlusher.FILE_NAME);
        PendingFile.write(spill, records.get(2), 1);
        byte[] bytes = Files.readAllBytes(spill);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(spill, bytes);
        LeftOver left = LeftOvers.takeUp(dir, 1_765_000_000_000L);
        assertTrue(left.isEmpty(), "nothing of it is believed");
        assertEquals(1, left.damage().size());
        String line = left.damage().get(0);
        assertTrue(line.contains("accounts-pending.bin.corrupt-20251206T054640Z"), line);
        assertFalse(Files.exists(spill));
        assertArrayEquals(bytes, Files.readAllBytes(dir.resolve("accounts-pending.bin.corrupt-20251206T054640Z")));
        // A second damaged file in the same second gets a name of its own.
        Files.write(spill, bytes);
        assertTrue(LeftOvers.takeUp(dir, 1_765_000_000_000L).damage().get(0)
                .contains("accounts-pending.bin.corrupt-20251206T054640Z-2"));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(2, files.filter(p -> p.getFileName().toString().contains(".corrupt-")).count());
        }
    }

    @Test
    void theSpillFileAndTheJournalTogetherKeepEachFlushOnceTheSpillFilesCopyFirst() throws IOException {
        new AccountsJournal(dir).append(records.get(1), 1);
        List<KeptFlush> spilled = List.of(records.get(2).get(0), records.get(2).get(1),
                new KeptFlush(33, PendingFileTest.user(3, 1, 1)));
        PendingFile.write(dir.resolve(AccountsFlusher.FILE_NAME), spilled, 2);
        LeftOver left = LeftOvers.takeUp(dir, 0);
        assertEquals(spilled, left.flushes());
        assertEquals(List.of(), left.damage());
    }
}
