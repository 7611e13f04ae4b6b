package dev.karuta.accounts;

import dev.karuta.core.Admission;
import dev.karuta.core.AnnounceRequest;
import dev.karuta.core.Hook;
import dev.karuta.core.InfoHash;
import dev.karuta.core.ScrapeRequest;
import dev.karuta.core.TimeSource;

/**
 * Private mode's admission: a known passkey, a registered torrent and a whitelisted client, in
 * Ocelot's order and words ({@link Refusals}). An admitted announce is noted as its user's (so the
 * registry hands the user none of their own peers) with its user and torrent for the accounting. A
 * user who may not download is still accounted (they may have uploaded) but joins no swarm. A scrape
 * tells registered torrents only, and a full scrape tells nothing.
 */
final class PrivateAdmission implements Hook {
    private final Roster roster;
    private final TimeSource time;
    private final long deletionLifetime;

    PrivateAdmission(Roster roster, TimeSource time, long deletionLifetime) {
        this.roster = roster;
        this.time = time;
        this.deletionLifetime = deletionLifetime;
    }

    /** Who announces for which torrent, noted for {@link Accounting}. */
    record Admitted(User user, Torrent torrent) {
    }

    @Override
    public void admit(AnnounceRequest request, Admission admission) {
        User user = roster.user(Passkey.fromPath(request.context().urlData()));
        if (user == null) {
            throw Refusals.PASSKEY_NOT_FOUND;
        }
        Torrent torrent = roster.torrent(request.infoHash());
        if (torrent == null) {
            throw Refusals.unregistered(roster.deletionReason(request.infoHash(), time.epochSeconds(),
                    deletionLifetime));
        }
        if (!roster.clientAllowed(request.peerId())) {
            throw Refusals.CLIENT_NOT_WHITELISTED;
        }
        admission.owner(user.id());
        admission.note(new Admitted(user, torrent));
        if (!user.canLeech() && request.left() > 0) {
            admission.refuseAfterHooks(Refusals.LEECHING_FORBIDDEN);
        }
    }

    @Override
    public void admitScrape(ScrapeRequest request) {
        if (roster.user(Passkey.fromPath(request.urlData())) == null) {
            throw Refusals.PASSKEY_NOT_FOUND;
        }
    }

    /** Unregistered torrents are left out of a scrape, as Ocelot does. */
    @Override
    public boolean shows(InfoHash infoHash) {
        return roster.torrent(infoHash) != null;
    }

    /** A private tracker tells its torrents to no one who does not name them. */
    @Override
    public boolean listsAll() {
        return false;
    }
}
