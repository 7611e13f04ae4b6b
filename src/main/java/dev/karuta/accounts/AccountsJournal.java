package dev.karuta.accounts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The outage journal: while the database is down, the accounting not yet written is also kept in
 * {@code accounts-journal.bin} in the data directory, so that a crash (kill -9, power loss) during an
 * outage loses at most one flush interval, as it does with the database up. After each flush that
 * fails, the flusher appends one record of {@link FlushRecords} (after the magic number {@code KAJ1})
 * holding every kept flush, each under the number it will be written with, and forces it to the disk:
 * the last whole record is the state, and a record cut short by a crash fails its checksum, so the one
 * before it stands. A new file is made whole (temporary file, forced, moved into place) with its first
 * record, and made anew the same way once it holds three times a record's size, so it stays a few
 * records long. The flusher deletes it once a flush wrote everything it kept.
 */
public final class AccountsJournal {
    /** The journal's file in the data directory. */
    public static final String FILE_NAME = "accounts-journal.bin";
    static final int MAGIC = 0x4b414a31; // "KAJ1"
    private static final int RECORDS_BEFORE_COMPACTING = 3;

    private final Path file;
    /** The file's size as written by this journal; -1 when it has not written it (or a write failed). */
    private long size = -1;

    /** The journal in {@code dataDir}. */
    public AccountsJournal(Path dataDir) {
        this.file = dataDir.resolve(FILE_NAME);
    }

    /** Where the journal is. */
    public Path file() {
        return file;
    }

    /**
     * Keeps {@code flushes}, written at {@code writtenAt} (epoch milliseconds), as the journal's last
     * record, on the disk when this returns.
     */
    public void append(List<KeptFlush> flushes, long writtenAt) throws IOException {
        byte[] record = FlushRecords.record(flushes, writtenAt);
        long before = size;
        size = -1; // until this write is known whole
        if (before < 0 || before >= (long) RECORDS_BEFORE_COMPACTING * record.length || !Files.exists(file)) {
            byte[] header = FlushRecords.header(MAGIC);
            DurableFiles.replace(file, header, record);
            size = header.length + record.length;
        } else {
            DurableFiles.append(file, record);
            size = before + record.length;
        }
    }

    /** Deletes the journal: everything it kept is written. */
    public void delete() throws IOException {
        size = -1;
        Files.deleteIfExists(file);
    }

    /** What the journal at {@code file} holds: its last whole record, and what was damaged. */
    static FlushRecords.Scan scan(Path file) throws IOException {
        return FlushRecords.scan(Files.readAllBytes(file), MAGIC);
    }
}
