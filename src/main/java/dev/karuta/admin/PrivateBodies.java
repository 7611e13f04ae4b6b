package dev.karuta.admin;

import dev.karuta.accounts.FreeLeech;
import dev.karuta.accounts.Torrent;
import dev.karuta.accounts.User;
import dev.karuta.core.SwarmStats;
import java.util.List;
import java.util.Locale;

/** The JSON bodies the private tracker's admin API writes (JSON-B maps these records). */
public final class PrivateBodies {
    private PrivateBodies() {
    }

    /** A member, with the passkey of their announce URL ({@code <tracker>/<passkey>/announce}). */
    public record UserView(int id, String passkey, boolean canLeech, boolean visible) {
        static UserView of(User u) {
            return new UserView(u.id(), u.passkey(), u.canLeech(), u.visible());
        }
    }

    /** A page of members by id; {@code total} counts every match. */
    public record UserPage(long total, int offset, int limit, List<UserView> users) {
    }

    /**
     * A registered torrent with its swarm's live counts (leechers: everyone with something left) and
     * its snatches so far.
     */
    public record TorrentView(int id, String infoHash, String free, int seeders, int leechers, long snatches) {
        static TorrentView of(Torrent t, SwarmStats live, long snatches) {
            return new TorrentView(t.id(), t.infoHash().toHex(), label(t.free()), live.seeders(), live.incomplete(),
                    snatches);
        }
    }

    /** A page of torrents by id; {@code total} counts every match. */
    public record TorrentPage(long total, int offset, int limit, List<TorrentView> torrents) {
    }

    /** A freeleech token; {@code infoHash} is null when its torrent is not registered. */
    public record TokenView(int userId, int torrentId, String infoHash) {
    }

    /** A page of tokens by user, then torrent; {@code total} counts every match. */
    public record TokenPage(long total, int offset, int limit, List<TokenView> tokens) {
    }

    /** The client whitelist: peer_id prefixes; none listed allows every client. */
    public record Clients(int count, List<String> prefixes) {
    }

    /** The answer to a change of the whitelist: how many prefixes were added or removed, how many now. */
    public record ClientsChange(int changed, int count) {
    }

    /**
     * The private tracker at a glance.
     *
     * @param knownPeers        peers whose transfer baselines are held (each user's client on each torrent)
     * @param pendingEntries    accounting entries waiting to be written
     * @param batchesWritten    accounting batches written since start
     * @param failedWrites      accounting writes that failed since start (retried)
     * @param rowsRefused       rows of the accounting the database refused on their own since start, kept
     *                          aside in the data directory's {@code accounts-refused.txt}
     * @param deltasRefused     announces whose uploaded or downloaded growth was beyond
     *                          {@code karuta.private.maxRate} since start, credited nothing
     * @param store             the configured store: {@code embedded} or {@code gazelle}
     * @param storeKeepsChanges whether changes made here are kept by the store; when not (Gazelle owns its
     *                          rows) they live in memory only until the next load
     * @param damagedFiles      accounting files (spill file, outage journal) found damaged at start and set
     *                          aside, one sentence each naming where; empty when none
     */
    public record Status(int users, int torrents, int tokens, int knownPeers, int pendingEntries, long batchesWritten,
                         long failedWrites, long rowsRefused, long deltasRefused, String store,
                         boolean storeKeepsChanges, List<String> damagedFiles) {
    }

    /** The API's name of a freeleech state. */
    static String label(FreeLeech free) {
        return free.name().toLowerCase(Locale.ROOT);
    }

    /** The freeleech state named {@code normal}, {@code free} or {@code neutral}. */
    static FreeLeech free(String label) {
        for (FreeLeech f : FreeLeech.values()) {
            if (label(f).equals(label)) {
                return f;
            }
        }
        throw ApiException.badRequest("free must be \"normal\", \"free\" or \"neutral\"");
    }
}
