package dev.karuta.accounts;

import java.io.ByteArrayInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The layout of the files that keep accounting on disk ({@link PendingFile}, {@link AccountsJournal}):
 * a header, the file's magic number, then records, each the whole list of flushes kept at one moment.
 * <pre>
 * record  = marker "KREC" (int32), length (int32, of the payload), checksum (int32, CRC32C of the
 *           length's four bytes and the payload), payload
 * payload = written at (int64, epoch milliseconds), count (int32), count x (flush number (int64), batch)
 * </pre>
 * (big-endian; a batch as {@link BatchCodec} writes it). A reader takes the last record whose checksum
 * holds: a record cut short by a crash, or damaged later, fails its checksum, and the reader goes on
 * from the next marker, so that damage anywhere costs at most the records it touches. Taking an older
 * record than the last is never a double count: a flush's accounting stays under its number in every
 * record (a later record holds the same or more of it), and the store writes a number once.
 */
final class FlushRecords {
    /** Every record starts with these four bytes ("KREC"). */
    static final int MARKER = 0x4b524543;
    private static final int HEAD = 12;

    private FlushRecords() {
    }

    /** What a file held: the last whole record's flushes, and what was wrong with the file (null when nothing). */
    record Scan(List<KeptFlush> flushes, long writtenAt, int records, String damage) {
        boolean damaged() {
            return damage != null;
        }
    }

    /** A file's header: its magic number. */
    static byte[] header(int magic) {
        return ByteBuffer.allocate(4).putInt(magic).array();
    }

    /** One record of {@code flushes}, written at {@code writtenAt} (epoch milliseconds). */
    static byte[] record(List<KeptFlush> flushes, long writtenAt) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
            // Buffered: a write to the array stream takes its lock, once per field otherwise.
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(bytes, 1 << 16));
            out.writeInt(MARKER);
            out.writeInt(0); // length, then checksum: filled in below
            out.writeInt(0);
            out.writeLong(writtenAt);
            out.writeInt(flushes.size());
            for (KeptFlush f : flushes) {
                out.writeLong(f.id());
                BatchCodec.write(out, f.batch());
            }
            out.flush();
            byte[] record = bytes.toByteArray();
            ByteBuffer head = ByteBuffer.wrap(record);
            head.putInt(4, record.length - HEAD);
            head.putInt(8, checksum(record, 4, HEAD, record.length - HEAD));
            return record;
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
    }

    /** The last whole record of {@code file}, whose header should be {@code magic}. */
    static Scan scan(byte[] file, int magic) {
        ByteBuffer buf = ByteBuffer.wrap(file);
        String damage = null;
        if (file.length < 4 || buf.getInt(0) != magic) {
            damage = file.length == 0 ? "the file is empty" : "the header is not a Karuta accounting file's";
        }
        List<KeptFlush> last = List.of();
        long writtenAt = 0;
        int records = 0;
        int pos = Math.min(4, file.length);
        while (pos < file.length) {
            boolean marker = pos + 4 <= file.length && buf.getInt(pos) == MARKER;
            boolean whole = pos + HEAD <= file.length;
            int length = marker && whole ? buf.getInt(pos + 4) : -1;
            if (length >= 0 && length <= file.length - pos - HEAD
                    && checksum(file, pos + 4, pos + HEAD, length) == buf.getInt(pos + 8)) {
                try {
                    DataInputStream in = new DataInputStream(new ByteArrayInputStream(file, pos + HEAD, length));
                    long at = in.readLong();
                    last = readFlushes(in);
                    if (in.available() != 0) {
                        throw new IOException("bytes left over");
                    }
                    writtenAt = at;
                    records++;
                    pos += HEAD + length;
                    continue;
                } catch (IOException e) {
                    // A checksum that holds over bytes that do not parse: damaged all the same.
                }
            }
            if (damage == null) {
                boolean cut = marker && (!whole || length > file.length - pos - HEAD);
                damage = (cut ? "a record is cut short" : "a record is damaged")
                        + " at byte " + pos + " of " + file.length;
            }
            pos = nextMarker(file, pos + 1);
        }
        if (records == 0 && damage == null) {
            damage = "it holds no record";
        }
        return new Scan(last, writtenAt, records, damage);
    }

    private static List<KeptFlush> readFlushes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("negative count");
        }
        List<KeptFlush> flushes = new ArrayList<>();
        for (; n > 0; n--) {
            flushes.add(new KeptFlush(in.readLong(), BatchCodec.read(in)));
        }
        return flushes;
    }

    private static int nextMarker(byte[] file, int from) {
        ByteBuffer buf = ByteBuffer.wrap(file);
        for (int p = from; p + 4 <= file.length; p++) {
            if (buf.getInt(p) == MARKER) {
                return p;
            }
        }
        return file.length;
    }

    private static int checksum(byte[] b, int lengthAt, int payloadAt, int payloadLength) {
        CRC32C crc = new CRC32C();
        crc.update(b, lengthAt, 4);
        crc.update(b, payloadAt, payloadLength);
        return (int) crc.getValue();
    }
}
