package dev.karuta.accounts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Accounting that could not be written before a stop, kept in a file of the data directory until the
 * next start writes it: the last line of defence of "no accounting is lost to a restart" when the
 * database is down at shutdown. One record of {@link FlushRecords} (every flush kept, each under its
 * number) after the magic number {@code KAP3}; written to a temporary file that is forced to the disk
 * and moved into place, the directory forced after, so that a crash or a power loss leaves the
 * previous file or the new one, whole, and once {@link #write} returns the file is there. A file whose
 * checksum fails is damaged, never believed: {@link LeftOvers} sets it aside and start-up goes on.
 */
public final class PendingFile {
    static final int MAGIC = 0x4b415033; // "KAP3"

    private PendingFile() {
    }

    /** Makes {@code file} hold {@code flushes} (written at {@code writtenAt}, epoch milliseconds), durably. */
    public static void write(Path file, List<KeptFlush> flushes, long writtenAt) throws IOException {
        DurableFiles.replace(file, FlushRecords.header(MAGIC), FlushRecords.record(flushes, writtenAt));
    }

    /** What {@code file} holds, damaged or not (see {@link FlushRecords.Scan#damage}). */
    static FlushRecords.Scan scan(Path file) throws IOException {
        return FlushRecords.scan(Files.readAllBytes(file), MAGIC);
    }

    /**
     * The flushes {@code file} keeps.
     *
     * @throws IOException when it cannot be read or is damaged (a checksum that fails, a record cut short)
     */
    public static LeftOver read(Path file) throws IOException {
        FlushRecords.Scan scan = scan(file);
        if (scan.damaged()) {
            throw new IOException(file + " is damaged: " + scan.damage());
        }
        return new LeftOver(scan.flushes(), List.of());
    }
}
