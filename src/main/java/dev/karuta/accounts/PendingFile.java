package dev.karuta.accounts;

import dev.karuta.core.PeerId;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Accounting that could not be written before a stop, kept in a file of the data directory until the
 * next start writes it: the last line of defence of "no accounting is lost to a restart" when the
 * database is down at shutdown. The format is binary, versioned, and written to a temporary file that
 * is then moved into place, so a crash while writing leaves the previous file or none, never half of
 * one.
 */
public final class PendingFile {
    private static final int MAGIC = 0x4b415032; // "KAP2"

    private PendingFile() {
    }

    /**
     * What a stop left: a flush that failed with an unknown outcome, kept whole under its number so
     * that a retry counts it once ({@code retry} empty when none), and the accounting that came after.
     */
    public record LeftOver(long retryId, Batch retry, Batch pending) {
        /** Nothing left. */
        public static final LeftOver NONE = new LeftOver(0, Batch.EMPTY, Batch.EMPTY);

        /** Every peer row, the newer ones (of {@code pending}) first. */
        public java.util.List<Batch.PeerRow> peers() {
            List<Batch.PeerRow> all = new ArrayList<>(pending.peers());
            all.addAll(retry.peers());
            return all;
        }

        /** Whether nothing is left. */
        public boolean isEmpty() {
            return retry.isEmpty() && pending.isEmpty();
        }
    }

    /** Writes {@code left} to {@code file}, replacing it. */
    public static void write(Path file, LeftOver left) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream os = Files.newOutputStream(tmp);
             DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os))) {
            out.writeInt(MAGIC);
            out.writeLong(left.retryId());
            writeBatch(out, left.retry());
            writeBatch(out, left.pending());
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * What {@code file} holds; torrents' live counts read as zero (they are rewritten at the next flush).
     *
     * @throws IOException when the file cannot be read or is not such a file
     */
    public static LeftOver read(Path file) throws IOException {
        try (InputStream is = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new BufferedInputStream(is))) {
            if (in.readInt() != MAGIC) {
                throw new IOException(file + " is not a Karuta pending-accounting file");
            }
            long retryId = in.readLong();
            Batch retry = readBatch(in);
            return new LeftOver(retryId, retry, readBatch(in));
        }
    }

    private static void writeBatch(DataOutputStream out, Batch batch) throws IOException {
        out.writeInt(batch.users().size());
        for (Batch.UserDelta d : batch.users()) {
            out.writeInt(d.userId());
            out.writeLong(d.uploaded());
            out.writeLong(d.downloaded());
        }
        out.writeInt(batch.torrents().size());
        for (Batch.TorrentDelta d : batch.torrents()) {
            out.writeInt(d.torrentId());
            out.writeLong(d.snatched());
            out.writeLong(d.balance());
        }
        out.writeInt(batch.snatches().size());
        for (Batch.Snatch s : batch.snatches()) {
            out.writeInt(s.userId());
            out.writeInt(s.torrentId());
            out.writeLong(s.at());
            out.writeUTF(s.ip());
        }
        out.writeInt(batch.peers().size());
        for (Batch.PeerRow r : batch.peers()) {
            writePeer(out, r);
        }
        out.writeInt(batch.tokenDownloads().size());
        for (Batch.TokenDelta d : batch.tokenDownloads()) {
            out.writeInt(d.userId());
            out.writeInt(d.torrentId());
            out.writeLong(d.downloaded());
        }
        out.writeInt(batch.tokensUsedUp().size());
        for (RosterData.Token t : batch.tokensUsedUp()) {
            out.writeInt(t.userId());
            out.writeInt(t.torrentId());
        }
    }

    private static Batch readBatch(DataInputStream in) throws IOException {
        List<Batch.UserDelta> users = new ArrayList<>();
        for (int n = count(in); n > 0; n--) {
            users.add(new Batch.UserDelta(in.readInt(), in.readLong(), in.readLong()));
        }
        List<Batch.TorrentDelta> torrents = new ArrayList<>();
        for (int n = count(in); n > 0; n--) {
            torrents.add(new Batch.TorrentDelta(in.readInt(), 0, 0, in.readLong(), in.readLong()));
        }
        List<Batch.Snatch> snatches = new ArrayList<>();
        for (int n = count(in); n > 0; n--) {
            snatches.add(new Batch.Snatch(in.readInt(), in.readInt(), in.readLong(), in.readUTF()));
        }
        List<Batch.PeerRow> peers = new ArrayList<>();
        for (int n = count(in); n > 0; n--) {
            peers.add(readPeer(in));
        }
        List<Batch.TokenDelta> tokens = new ArrayList<>();
        for (int n = count(in); n > 0; n--) {
            tokens.add(new Batch.TokenDelta(in.readInt(), in.readInt(), in.readLong()));
        }
        List<RosterData.Token> usedUp = new ArrayList<>();
        for (int n = count(in); n > 0; n--) {
            usedUp.add(new RosterData.Token(in.readInt(), in.readInt()));
        }
        return new Batch(users, torrents, snatches, peers, tokens, usedUp);
    }

    private static int count(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("corrupt pending-accounting file");
        }
        return n;
    }

    private static void writePeer(DataOutputStream out, Batch.PeerRow r) throws IOException {
        out.writeInt(r.userId());
        out.writeInt(r.torrentId());
        out.write(r.peerId().bytes());
        out.writeBoolean(r.active());
        out.writeLong(r.uploaded());
        out.writeLong(r.downloaded());
        out.writeLong(r.upSpeed());
        out.writeLong(r.downSpeed());
        out.writeLong(r.remaining());
        out.writeLong(r.timeSpent());
        out.writeInt(r.announces());
        out.writeUTF(r.ip());
        out.writeUTF(r.userAgent());
        out.writeLong(r.mtime());
    }

    private static Batch.PeerRow readPeer(DataInputStream in) throws IOException {
        int user = in.readInt();
        int torrent = in.readInt();
        byte[] id = new byte[20];
        in.readFully(id);
        return new Batch.PeerRow(user, torrent, PeerId.of(id), in.readBoolean(), in.readLong(), in.readLong(),
                in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readInt(), in.readUTF(), in.readUTF(),
                in.readLong());
    }
}
