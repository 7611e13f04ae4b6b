package dev.karuta.accounts;

import dev.karuta.core.Admission;
import dev.karuta.core.AnnounceRequest;
import dev.karuta.core.AnnounceResult;
import dev.karuta.core.Hook;
import dev.karuta.core.PeerAddress;
import dev.karuta.core.TimeSource;

/**
 * Private mode's after-step: credits an admitted announce's transfer with Ocelot's freeleech and token
 * rules and queues its rows in {@link Pending} (user transfer, torrent counts and balance, snatch, peer
 * row). Runs whether or not the announce joined a swarm (a user who may not download is accounted too),
 * and never when the registry refused it.
 */
final class Accounting implements Hook {
    private final Roster roster;
    private final Transfers transfers;
    private final Pending pending;
    private final TimeSource time;

    Accounting(Roster roster, Transfers transfers, Pending pending, TimeSource time) {
        this.roster = roster;
        this.transfers = transfers;
        this.pending = pending;
        this.time = time;
    }

    @Override
    public void after(AnnounceRequest request, Admission admission, AnnounceResult result) {
        if (!(admission.note() instanceof PrivateAdmission.Admitted admitted)) {
            return;
        }
        User user = admitted.user();
        Torrent torrent = admitted.torrent();
        long now = time.epochSeconds();
        String ip = user.visible() ? ipText(request) : "";
        Transfers.Outcome outcome = transfers.announce(user.id(), torrent.id(), request, now, ip,
                request.context().userAgent());
        boolean token = roster.hasToken(user.id(), torrent.id());
        FreeLeech free = torrent.free();
        long up = free.countsUpload() ? outcome.uploaded() : 0;
        long down = free.countsDownload() && !token ? outcome.downloaded() : 0;
        pending.credit(user.id(), up, down);
        if (token) {
            pending.tokenDownload(user.id(), torrent.id(), outcome.downloaded());
        }
        long snatched = 0;
        if (outcome.snatch()) {
            snatched = 1;
            roster.snatched(torrent.infoHash());
            pending.snatch(new Batch.Snatch(user.id(), torrent.id(), now, ip));
            if (token && roster.removeToken(user.id(), torrent.id())) {
                pending.tokenUsedUp(user.id(), torrent.id());
            }
        }
        pending.torrent(torrent, snatched, outcome.uploaded() - outcome.downloaded());
        pending.peer(outcome.row());
    }

    private static String ipText(AnnounceRequest request) {
        PeerAddress a = request.ipv4() != null ? request.ipv4() : request.ipv6();
        return a == null ? "" : a.host();
    }
}
