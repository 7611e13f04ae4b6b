package dev.karuta.ocelot;

import dev.karuta.accounts.Membership;
import dev.karuta.accounts.PrivateMode;
import dev.karuta.core.TrackerException;
import dev.karuta.http.QueryString;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Ocelot's update API, {@code /<site secret>/update?action=<name>&...}: every action Ocelot knows
 * plus OPSnet's {@code trace_user}, by name. A change goes through {@link Membership} (so a store that
 * keeps changes has it before the roster does); the announce interval and jitter are changed on the
 * tracker and, as in Ocelot, last until the webapp stops. Answers {@code success} (Gazelle checks that
 * the text after the last newline is exactly that), or {@code info_torrent}'s JSON.
 *
 * <p>Deliberate differences from Ocelot, which answers {@code success} to everything: an unknown or
 * missing action is refused with {@code Invalid action}, and a known action with a missing or
 * malformed parameter is refused with a message naming it, changing nothing. A well-formed request
 * about a user or torrent the tracker does not know still succeeds, as in Ocelot.
 */
final class UpdateActions {
    /** The body of a successful update. */
    static final String SUCCESS = "success";
    /** The longest announce interval or jitter accepted: a week. */
    static final int MAX_SECONDS = 7 * 86_400;

    private final Map<String, UpdateAction> actions;

    UpdateActions(Membership members, PrivateMode tracker, Traces traces) {
        UserActions users = new UserActions(members, traces);
        TorrentActions torrents = new TorrentActions(members);
        ClientActions clients = new ClientActions(members);
        Map<String, UpdateAction> m = new HashMap<>();
        m.put("add_user", users::addUser);
        m.put("remove_user", users::removeUser);
        m.put("remove_users", users::removeUsers);
        m.put("change_passkey", users::changePasskey);
        m.put("update_user", users::updateUser);
        m.put("trace_user", users::traceUser);
        m.put("add_torrent", torrents::addTorrent);
        m.put("update_torrent", torrents::updateTorrent);
        m.put("update_torrents", torrents::updateTorrents);
        m.put("delete_torrent", torrents::deleteTorrent);
        m.put("add_token", torrents::addToken);
        m.put("remove_token", torrents::removeToken);
        m.put("info_torrent", torrents::infoTorrent);
        m.put("add_whitelist", clients::add);
        m.put("remove_whitelist", clients::remove);
        m.put("edit_whitelist", clients::edit);
        m.put("update_announce_interval", p -> {
            tracker.intervals().setInterval(p.integer("new_announce_interval", 1, MAX_SECONDS));
            return SUCCESS;
        });
        m.put("update_announce_jitter", p -> {
            tracker.intervals().setJitter(p.integer("new_announce_jitter", 0, MAX_SECONDS));
            return SUCCESS;
        });
        this.actions = Map.copyOf(m);
    }

    /**
     * Applies the action {@code query} names; returns the body to answer.
     *
     * @throws TrackerException {@code Invalid action} for an unknown or missing action, or a message
     *                          naming a missing or malformed parameter; nothing has changed then
     */
    String apply(QueryString query) {
        ControlParams params = new ControlParams(query);
        UpdateAction action = params.action() == null ? null : actions.get(params.action());
        if (action == null) {
            throw new TrackerException("Invalid action");
        }
        return action.apply(params);
    }

    /** The names of the actions. */
    Set<String> names() {
        return actions.keySet();
    }
}
