package dev.karuta.accounts;

import dev.karuta.core.PeerId;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary form of a {@link Batch} in the files that keep accounting on disk ({@link PendingFile},
 * {@link AccountsJournal}): each list as a count and its entries, numbers big-endian, text as
 * modified UTF-8. Torrents' live counts are not kept (they read as zero and are rewritten at the
 * next flush). A reader only ever sees bytes whose checksum held, so its checks are a second line.
 */
final class BatchCodec {
    private BatchCodec() {
    }

    static void write(DataOutput out, Batch batch) throws IOException {
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

    static Batch read(DataInput in) throws IOException {
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

    private static int count(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("negative count " + n);
        }
        return n;
    }

    private static void writePeer(DataOutput out, Batch.PeerRow r) throws IOException {
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

    private static Batch.PeerRow readPeer(DataInput in) throws IOException {
        int user = in.readInt();
        int torrent = in.readInt();
        byte[] id = new byte[20];
        in.readFully(id);
        return new Batch.PeerRow(user, torrent, PeerId.of(id), in.readBoolean(), in.readLong(), in.readLong(),
                in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readInt(), in.readUTF(), in.readUTF(),
                in.readLong());
    }
}
