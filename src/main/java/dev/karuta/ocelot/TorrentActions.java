package dev.karuta.ocelot;

import dev.karuta.accounts.FreeLeech;
import dev.karuta.accounts.Membership;
import dev.karuta.accounts.Roster;
import dev.karuta.accounts.Torrent;
import dev.karuta.core.InfoHash;
import java.util.List;

/**
 * The update actions on torrents: {@code add_torrent}, {@code update_torrent}, {@code update_torrents},
 * {@code delete_torrent}, {@code add_token}, {@code remove_token} and {@code info_torrent}. As in
 * Ocelot, a well-formed request for a torrent the tracker does not know changes nothing and still
 * succeeds; unlike Ocelot, a missing or malformed parameter (a hash that is not 20 bytes once decoded,
 * an id that is not a number) is refused.
 */
final class TorrentActions {
    private final Membership members;
    private final Roster roster;

    TorrentActions(Membership members) {
        this.members = members;
        this.roster = members.roster();
    }

    /**
     * {@code add_torrent}: {@code info_hash}, {@code id}, {@code freetorrent}. A torrent already
     * registered keeps its id and snatches and only takes the freeleech state, as in Ocelot.
     */
    String addTorrent(ControlParams p) {
        InfoHash hash = p.infoHash("info_hash");
        int id = p.integer("id", 1, Integer.MAX_VALUE);
        FreeLeech free = p.free("freetorrent");
        if (roster.torrent(hash) != null) {
            members.setFree(hash, free);
        } else {
            members.addTorrent(id, hash, free);
        }
        return UpdateActions.SUCCESS;
    }

    /** {@code update_torrent}: {@code info_hash}, {@code freetorrent}. */
    String updateTorrent(ControlParams p) {
        InfoHash hash = p.infoHash("info_hash");
        members.setFree(hash, p.free("freetorrent"));
        return UpdateActions.SUCCESS;
    }

    /** {@code update_torrents}: {@code info_hashes} (20-byte hashes put together), {@code freetorrent}. */
    String updateTorrents(ControlParams p) {
        List<InfoHash> hashes = p.infoHashes("info_hashes");
        FreeLeech free = p.free("freetorrent");
        for (InfoHash hash : hashes) {
            members.setFree(hash, free);
        }
        return UpdateActions.SUCCESS;
    }

    /**
     * {@code delete_torrent}: {@code info_hash}, optional {@code reason} (a code of
     * {@link DeletionReasons}; -1, missing or unknown: none). Gazelle's {@code id} is ignored, as Ocelot
     * ignores it.
     */
    String deleteTorrent(ControlParams p) {
        InfoHash hash = p.infoHash("info_hash");
        int reason = p.integer("reason", Integer.MIN_VALUE, Integer.MAX_VALUE, -1);
        members.deleteTorrent(hash, DeletionReasons.text(reason));
        return UpdateActions.SUCCESS;
    }

    /** {@code add_token}: {@code info_hash}, {@code userid}. */
    String addToken(ControlParams p) {
        InfoHash hash = p.infoHash("info_hash");
        members.addToken(p.integer("userid", 1, Integer.MAX_VALUE), hash);
        return UpdateActions.SUCCESS;
    }

    /** {@code remove_token}: {@code info_hash}, {@code userid}. */
    String removeToken(ControlParams p) {
        InfoHash hash = p.infoHash("info_hash");
        members.removeToken(p.integer("userid", 1, Integer.MAX_VALUE), hash);
        return UpdateActions.SUCCESS;
    }

    /**
     * {@code info_torrent}: {@code info_hash}; answers {@code {"hash":"<hex>","id":..,"free":..}} or
     * {@code {"hash":"<hex>","fail":1}} for an unknown torrent. Ocelot echoes the raw parameter unquoted
     * (not JSON); Karuta writes the hash as 40 lowercase hex digits in quotes.
     */
    String infoTorrent(ControlParams p) {
        InfoHash hash = p.infoHash("info_hash");
        Torrent t = roster.torrent(hash);
        JsonObjectWriter json = new JsonObjectWriter().text("hash", hash.toHex());
        if (t == null) {
            json.number("fail", 1);
        } else {
            json.number("id", t.id()).number("free", t.free().ordinal());
        }
        return json.end() + "\n";
    }
}
