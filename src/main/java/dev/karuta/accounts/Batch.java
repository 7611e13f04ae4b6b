package dev.karuta.accounts;

import dev.karuta.core.PeerId;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One flush of a private tracker's accounting: every change since the last flush, coalesced per user,
 * torrent, peer and token. A store writes a batch whole or not at all (one transaction), so a failed
 * batch can be put back and written later without counting anything twice.
 *
 * @param users          transfer to add to each user's totals
 * @param torrents       each touched torrent's counts now, and what to add to its totals
 * @param snatches       completed downloads, one per user and torrent
 * @param peers          each touched peer's latest state ({@code active} false: it left)
 * @param tokenDownloads download done under a freeleech token, to add to the token's row
 * @param tokensUsedUp   tokens used up by a snatch (the site marks them expired)
 */
public record Batch(List<UserDelta> users, List<TorrentDelta> torrents, List<Snatch> snatches, List<PeerRow> peers,
                    List<TokenDelta> tokenDownloads, List<RosterData.Token> tokensUsedUp) {
    public Batch {
        users = List.copyOf(users);
        torrents = List.copyOf(torrents);
        snatches = List.copyOf(snatches);
        peers = List.copyOf(peers);
        tokenDownloads = List.copyOf(tokenDownloads);
        tokensUsedUp = List.copyOf(tokensUsedUp);
    }

    /** A batch with nothing to write. */
    public static final Batch EMPTY = new Batch(List.of(), List.of(), List.of(), List.of(), List.of(), List.of());

    /** Whether there is nothing to write. */
    public boolean isEmpty() {
        return users.isEmpty() && torrents.isEmpty() && snatches.isEmpty() && peers.isEmpty()
                && tokenDownloads.isEmpty() && tokensUsedUp.isEmpty();
    }

    /**
     * This batch with the changes to one row merged and the rows in key order: a user's, torrent's or
     * token's deltas added up (users whose deltas add up to nothing left out), a torrent's and a peer's
     * latest state kept, a used-up token listed once; users, torrents and tokens by id, peers by user,
     * torrent and peer_id. Snatches stay as they are, each its own row. Sums saturate instead of wrapping. Writers that follow one order
     * take row locks in one order, so that two nodes writing at once do not deadlock.
     */
    public Batch coalesced() {
        TreeMap<Integer, UserDelta> u = new TreeMap<>();
        for (UserDelta d : users) {
            u.merge(d.userId(), d, (a, b) -> new UserDelta(a.userId(),
                    Saturating.add(a.uploaded(), b.uploaded()), Saturating.add(a.downloaded(), b.downloaded())));
        }
        u.values().removeIf(d -> d.uploaded() == 0 && d.downloaded() == 0);
        TreeMap<Integer, TorrentDelta> t = new TreeMap<>();
        for (TorrentDelta d : torrents) {
            t.merge(d.torrentId(), d, (a, b) -> new TorrentDelta(b.torrentId(), b.seeders(), b.leechers(),
                    Saturating.add(a.snatched(), b.snatched()), Saturating.add(a.balance(), b.balance())));
        }
        TreeMap<RosterData.Token, TokenDelta> downloads = new TreeMap<>(TOKEN_ORDER);
        for (TokenDelta d : tokenDownloads) {
            downloads.merge(new RosterData.Token(d.userId(), d.torrentId()), d, (a, b) -> new TokenDelta(a.userId(),
                    a.torrentId(), Saturating.add(a.downloaded(), b.downloaded())));
        }
        TreeMap<PeerRow, PeerRow> p = new TreeMap<>(PEER_ORDER);
        for (PeerRow r : peers) {
            p.put(r, r);
        }
        TreeSet<RosterData.Token> usedUp = new TreeSet<>(TOKEN_ORDER);
        usedUp.addAll(tokensUsedUp);
        return new Batch(List.copyOf(u.values()), List.copyOf(t.values()), snatches, List.copyOf(p.values()),
                List.copyOf(downloads.values()), List.copyOf(usedUp));
    }

    private static final Comparator<RosterData.Token> TOKEN_ORDER = Comparator.comparingInt(RosterData.Token::userId)
            .thenComparingInt(RosterData.Token::torrentId);
    private static final Comparator<PeerRow> PEER_ORDER = Comparator.comparingInt(PeerRow::userId)
            .thenComparingInt(PeerRow::torrentId).thenComparing(r -> r.peerId().toHex());

    /** Bytes to add to a user's uploaded and downloaded totals. */
    public record UserDelta(int userId, long uploaded, long downloaded) {
    }

    /**
     * A torrent's live counts (written as they are) and what to add to its totals.
     *
     * @param seeders  peers with nothing left, now
     * @param leechers peers with something left, now
     * @param snatched snatches to add
     * @param balance  bytes to add to the balance (uploaded minus downloaded by its peers)
     */
    public record TorrentDelta(int torrentId, int seeders, int leechers, long snatched, long balance) {
    }

    /**
     * A completed download.
     *
     * @param at epoch seconds
     * @param ip the user's address as text, empty for users who are not visible
     */
    public record Snatch(int userId, int torrentId, long at, String ip) {
    }

    /** Download to add to the row of a freeleech token. */
    public record TokenDelta(int userId, int torrentId, long downloaded) {
    }

    /**
     * One peer as Gazelle's {@code xbt_files_users} holds it: the client's own session totals (not
     * deltas), speeds in bytes per second over the last interval, and times in epoch seconds.
     *
     * @param active     false once the peer stopped or expired
     * @param timeSpent  seconds since the peer's first announce of this session
     * @param announces  announces in this session
     * @param ip         address as text (IPv4 when it has one), empty for users who are not visible
     * @param userAgent  the client's User-Agent, empty when unknown (UDP)
     * @param mtime      time of the last announce
     */
    public record PeerRow(int userId, int torrentId, PeerId peerId, boolean active, long uploaded, long downloaded,
                          long upSpeed, long downSpeed, long remaining, long timeSpent, int announces, String ip,
                          String userAgent, long mtime) {
    }
}
