package dev.karuta.accounts;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Takes up, at start, the accounting a previous run left in the data directory: the spill file of a
 * stop with the database down and the journal of a crash during an outage. A damaged file (a checksum
 * that fails, a record cut short, a header of another kind) is never believed and never stops the
 * start: it is set aside as {@code <name>.corrupt-<UTC time>} and said in one log line and on the
 * admin status; the last whole record it holds, if any, is taken up (any whole record is safe to
 * replay: see {@link FlushRecords}) and the file rewritten with it alone.
 */
final class LeftOvers {
    private static final System.Logger LOG = System.getLogger(LeftOvers.class.getName());

    private LeftOvers() {
    }

    /** What {@code dataDir} keeps, the spill file's flushes first; {@code now} (epoch ms) names set-aside files. */
    static LeftOver takeUp(Path dataDir, long now) {
        LeftOver spill = load(dataDir.resolve(AccountsFlusher.FILE_NAME), PendingFile.MAGIC, "the spill file", now);
        LeftOver journal = load(dataDir.resolve(AccountsJournal.FILE_NAME), AccountsJournal.MAGIC,
                "the outage journal", now);
        // A flush kept in both is the same flush; the spill file, when there is one, was written last.
        return spill.and(journal);
    }

    private static LeftOver load(Path file, int magic, String what, long now) {
        if (!Files.exists(file)) {
            return LeftOver.NONE;
        }
        FlushRecords.Scan scan;
        try {
            scan = FlushRecords.scan(Files.readAllBytes(file), magic);
        } catch (IOException e) {
            scan = new FlushRecords.Scan(List.of(), 0, 0, "it cannot be read: " + e);
        }
        if (!scan.damaged()) {
            return new LeftOver(scan.flushes(), List.of());
        }
        boolean salvaged = scan.records() > 0;
        String line = what + " " + file.getFileName() + " is damaged (" + scan.damage() + "): "
                + (salvaged ? "its last whole record, of " + Instant.ofEpochMilli(scan.writtenAt())
                + ", is taken up; the file is copied" : "none of it is believed; the file is moved");
        try {
            Path aside = DurableFiles.setAside(file, now, salvaged);
            line += " to " + aside.getFileName();
            if (salvaged) {
                DurableFiles.replace(file, FlushRecords.header(magic),
                        FlushRecords.record(scan.flushes(), scan.writtenAt()));
            }
        } catch (IOException e) {
            line += ", or would be: " + e;
        }
        LOG.log(Level.ERROR, line);
        return new LeftOver(scan.flushes(), List.of(line));
    }
}
