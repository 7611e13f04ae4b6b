package dev.karuta.ocelot;

import dev.karuta.accounts.PrivateMode;
import dev.karuta.accounts.Roster;
import dev.karuta.accounts.Torrent;
import dev.karuta.accounts.Transfers;
import dev.karuta.accounts.User;
import dev.karuta.core.InfoHash;
import dev.karuta.core.TrackerException;
import dev.karuta.http.QueryString;

/**
 * Ocelot's report API, {@code /<report secret>/report?get=...}: {@code stats}, {@code user&key=<passkey>}
 * and {@code torrent&info_hash=<raw hash>}, in the format of the site's schema: {@code whatcd} (text
 * lines ending with {@code success}) or {@code opsnet} (JSON and a newline). Anything else is refused
 * with {@code unrecognized report query}, as OPSnet's Ocelot refuses it.
 */
final class OcelotReport {
    private final StatsReport stats;
    private final PrivateMode tracker;
    private final Traces traces;
    private final boolean opsnet;

    /** Reports in OPSnet's JSON when {@code opsnet}, else in WhatCD's text. */
    OcelotReport(StatsReport stats, PrivateMode tracker, Traces traces, boolean opsnet) {
        this.stats = stats;
        this.tracker = tracker;
        this.traces = traces;
        this.opsnet = opsnet;
    }

    /**
     * The body answering {@code query}.
     *
     * @throws TrackerException for an unknown report, a missing or unknown key or hash
     */
    String report(QueryString query) {
        String get = query.text("get");
        if ("stats".equals(get)) {
            return opsnet ? stats.json() : stats.text();
        }
        if ("user".equals(get)) {
            return user(query);
        }
        if ("torrent".equals(get)) {
            return torrent(query);
        }
        throw new TrackerException("unrecognized report query");
    }

    /**
     * {@code get=user}: WhatCD's {@code <n> leeching\n<n> seeding\nsuccess}, or OPSnet's
     * {@code {"id","leeching","seeding","deleted","protected","can_leech","traced"}} with 0/1 flags. A user
     * the tracker does not know is refused with OPSnet's {@code Announce key not found}; WhatCD's Ocelot
     * answers a bare {@code success} then, which is what Karuta answers in that format.
     */
    private String user(QueryString query) {
        String key = query.text("key");
        if (key == null || key.isEmpty()) {
            throw new TrackerException("Announce key missing");
        }
        User u = tracker.roster().user(key);
        if (u == null) {
            if (!opsnet) {
                return UpdateActions.SUCCESS;
            }
            throw new TrackerException("Announce key not found");
        }
        Transfers.UserPeers peers = tracker.transfers().userPeers(u.id());
        if (!opsnet) {
            return peers.leeching() + " leeching\n" + peers.seeding() + " seeding\n" + UpdateActions.SUCCESS;
        }
        return new JsonObjectWriter().number("id", u.id()).number("leeching", peers.leeching())
                .number("seeding", peers.seeding()).number("deleted", 0).number("protected", u.visible() ? 0 : 1)
                .number("can_leech", u.canLeech() ? 1 : 0).number("traced", traces.traced(u.id()) ? 1 : 0)
                .end() + "\n";
    }

    /**
     * {@code get=torrent}: JSON with Ocelot's nine keys. {@code id}, {@code completed}, {@code free} and
     * the three user id lists are true; {@code balance}, {@code last_flushed} and
     * {@code last_selected_seeder} are always 0, because Karuta keeps the balance in the store only,
     * writes all torrents at each flush, and picks seeders at random rather than in turn.
     */
    private String torrent(QueryString query) {
        byte[] raw = query.first("info_hash");
        if (raw == null || raw.length == 0) {
            throw new TrackerException("Infohash missing");
        }
        Roster roster = tracker.roster();
        Torrent t = raw.length == InfoHash.LENGTH ? roster.torrent(InfoHash.of(raw)) : null;
        if (t == null) {
            throw new TrackerException("Infohash not found");
        }
        Transfers.TorrentPeers peers = tracker.transfers().torrentPeers(t.id());
        return new JsonObjectWriter().number("id", t.id()).number("completed", roster.snatches(t.infoHash()))
                .number("balance", 0).number("free", t.free().ordinal()).number("last_flushed", 0)
                .number("last_selected_seeder", 0).numbers("leecher_list", peers.leechers())
                .numbers("seeder_list", peers.seeders()).numbers("fltoken_list", roster.tokenHolders(t.id()))
                .end() + "\n";
    }
}
