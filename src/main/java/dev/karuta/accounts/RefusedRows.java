package dev.karuta.accounts;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The rows of the accounting that the database refused on their own ({@link Refusal}), kept aside for
 * the operator while every other row is written: each is appended as one line to
 * {@value #FILE_NAME} in the data directory (the record to correct and replay by hand), counted by
 * kind ({@code karuta_accounts_rows_refused_total}), and logged in one line the first time its user,
 * torrent, peer or token is refused after a start (a total stuck at its column's limit is refused at
 * every flush: those go to the file and the count, not the log). No line holds a passkey; a peer's
 * line leaves out its IP and User-Agent.
 */
public final class RefusedRows {
    private static final System.Logger LOG = System.getLogger(RefusedRows.class.getName());
    /** The file of refused rows, in the data directory. */
    public static final String FILE_NAME = "accounts-refused.txt";
    /** The kinds of rows, as the metric labels them. */
    public static final List<String> KINDS = List.of("user", "torrent", "snatch", "peer", "token");
    /** Rows whose first refusal was logged; beyond this many, refusals are no longer logged. */
    private static final int LOGGED_KEYS = 10_000;
    private static final int REASON_LENGTH = 300;

    private final Path file;
    private final AtomicLongArray counts = new AtomicLongArray(KINDS.size());
    private final AtomicLong total = new AtomicLong();
    private final Set<String> logged = ConcurrentHashMap.newKeySet();
    private volatile boolean fileFailed;

    /** Refused rows kept in {@code file}. */
    public RefusedRows(Path file) {
        this.file = file;
    }

    /** Keeps aside {@code refused}, the rows the flush numbered {@code flushId} left out. */
    public void keep(long flushId, List<Refusal> refused) {
        if (refused.isEmpty()) {
            return;
        }
        StringBuilder lines = new StringBuilder();
        String at = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        for (Refusal r : refused) {
            Row row = describe(r.row());
            int kind = KINDS.indexOf(row.kind());
            if (kind >= 0) {
                counts.incrementAndGet(kind);
            }
            total.incrementAndGet();
            String reason = reason(r.reason());
            String line = r.table() + " " + row.key() + row.values() + " refused: " + reason;
            lines.append(at).append(" flush ").append(Long.toHexString(flushId)).append(' ').append(line).append('\n');
            String key = r.table() + " " + row.key();
            if (logged.size() < LOGGED_KEYS && logged.add(key)) {
                LOG.log(Level.WARNING, "the database refused a row of the accounting; it is left out, the rest is"
                        + " written, and it is kept in " + file + " (its later refusals too, not logged again): " + line);
            }
        }
        append(lines.toString());
    }

    private void append(String lines) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer bytes = ByteBuffer.wrap(lines.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                ch.write(bytes);
            }
            ch.force(false);
            fileFailed = false;
        } catch (IOException e) {
            if (!fileFailed) {
                fileFailed = true;
                LOG.log(Level.ERROR, "cannot keep refused accounting rows in " + file
                        + "; they are only in this log: " + lines.strip(), e);
            }
        }
    }

    /** Rows refused since the start, all kinds. */
    public long total() {
        return total.get();
    }

    /** Rows of {@code kind} (one of {@link #KINDS}) refused since the start. */
    public long count(String kind) {
        return counts.get(KINDS.indexOf(kind));
    }

    /** Where the refused rows are kept. */
    public Path file() {
        return file;
    }

    /** A row as the file and the log tell it: its kind, what identifies it, and its values. */
    private record Row(String kind, String key, String values) {
    }

    private static Row describe(Object row) {
        if (row instanceof Batch.UserDelta d) {
            return new Row("user", "user " + d.userId(), ": uploaded +" + d.uploaded() + ", downloaded +"
                    + d.downloaded());
        }
        if (row instanceof Batch.TorrentDelta d) {
            return new Row("torrent", "torrent " + d.torrentId(), ": seeders " + d.seeders() + ", leechers "
                    + d.leechers() + ", snatched +" + d.snatched() + ", balance " + signed(d.balance()));
        }
        if (row instanceof Batch.Snatch s) {
            return new Row("snatch", "snatch of user " + s.userId() + " on torrent " + s.torrentId(),
                    ": at " + s.at());
        }
        if (row instanceof Batch.PeerRow p) {
            return new Row("peer", "peer " + p.peerId().toHex() + " of user " + p.userId() + " on torrent "
                    + p.torrentId(), ": active " + p.active() + ", uploaded " + p.uploaded() + ", downloaded "
                    + p.downloaded() + ", remaining " + p.remaining() + ", mtime " + p.mtime());
        }
        if (row instanceof Batch.TokenDelta d) {
            return new Row("token", "token of user " + d.userId() + " on torrent " + d.torrentId(),
                    ": downloaded +" + d.downloaded());
        }
        if (row instanceof RosterData.Token t) {
            return new Row("token", "token of user " + t.userId() + " on torrent " + t.torrentId(), ": used up");
        }
        return new Row("other", String.valueOf(row), "");
    }

    private static String signed(long v) {
        return v < 0 ? Long.toString(v) : "+" + v;
    }

    /** The database's message on one line, cut to a readable length. */
    private static String reason(String message) {
        String one = message == null ? "(no message)" : message.strip().replaceAll("\\s+", " ");
        return one.length() <= REASON_LENGTH ? one : one.substring(0, REASON_LENGTH) + "...";
    }
}
