package dev.karuta.accounts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What the outage journal in a data directory holds now, read from outside the process that writes
 * it (a test watching a forked webapp): the uploaded and downloaded kept for each user, summed over
 * the last whole record's flushes. A record being appended fails its checksum, so the one before it
 * is read, as the next start would.
 */
public final class JournalContents {
    private JournalContents() {
    }

    /** User id to {uploaded, downloaded} in {@code dataDir}'s journal; empty when there is none. */
    public static Map<Integer, long[]> userTotals(Path dataDir) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(dataDir.resolve(AccountsJournal.FILE_NAME));
        } catch (NoSuchFileException e) {
            return Map.of();
        }
        Map<Integer, long[]> totals = new HashMap<>();
        for (KeptFlush flush : FlushRecords.scan(bytes, AccountsJournal.MAGIC).flushes()) {
            for (Batch.UserDelta user : flush.batch().users()) {
                long[] sum = totals.computeIfAbsent(user.userId(), id -> new long[2]);
                sum[0] += user.uploaded();
                sum[1] += user.downloaded();
            }
        }
        return totals;
    }
}
