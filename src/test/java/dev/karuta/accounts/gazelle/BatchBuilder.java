package dev.karuta.accounts.gazelle;

import dev.karuta.accounts.Batch;
import dev.karuta.accounts.RosterData;
import dev.karuta.core.PeerId;
import java.util.ArrayList;
import java.util.List;

/** Builds a {@link Batch} row by row, for tests. */
final class BatchBuilder {
    private final List<Batch.UserDelta> users = new ArrayList<>();
    private final List<Batch.TorrentDelta> torrents = new ArrayList<>();
    private final List<Batch.Snatch> snatches = new ArrayList<>();
    private final List<Batch.PeerRow> peers = new ArrayList<>();
    private final List<Batch.TokenDelta> tokenDownloads = new ArrayList<>();
    private final List<RosterData.Token> tokensUsedUp = new ArrayList<>();

    BatchBuilder user(int id, long uploaded, long downloaded) {
        users.add(new Batch.UserDelta(id, uploaded, downloaded));
        return this;
    }

    BatchBuilder torrent(int id, int seeders, int leechers, long snatched, long balance) {
        torrents.add(new Batch.TorrentDelta(id, seeders, leechers, snatched, balance));
        return this;
    }

    BatchBuilder snatch(int userId, int torrentId, long at, String ip) {
        snatches.add(new Batch.Snatch(userId, torrentId, at, ip));
        return this;
    }

    BatchBuilder peer(Batch.PeerRow row) {
        peers.add(row);
        return this;
    }

    /** An active peer with every other value derived from {@code n}, for bulk rows. */
    BatchBuilder peer(int userId, int torrentId, PeerId peerId, long n, String ip) {
        return peer(new Batch.PeerRow(userId, torrentId, peerId, true, n * 100, n * 10, n, n / 2, n * 1000, 60 + n,
                (int) (1 + n % 50), ip, "Client/" + n, 1_700_000_000L + n));
    }

    BatchBuilder tokenDownload(int userId, int torrentId, long downloaded) {
        tokenDownloads.add(new Batch.TokenDelta(userId, torrentId, downloaded));
        return this;
    }

    BatchBuilder tokenUsedUp(int userId, int torrentId) {
        tokensUsedUp.add(new RosterData.Token(userId, torrentId));
        return this;
    }

    Batch build() {
        return new Batch(users, torrents, snatches, peers, tokenDownloads, tokensUsedUp);
    }
}
