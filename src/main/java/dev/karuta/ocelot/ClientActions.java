package dev.karuta.ocelot;

import dev.karuta.accounts.Membership;
import java.util.List;

/**
 * The update actions on the client whitelist (peer_id prefixes): {@code add_whitelist},
 * {@code remove_whitelist} and {@code edit_whitelist}. Removing a prefix that is not listed succeeds
 * and changes nothing, as in Ocelot; a prefix that is empty, longer than 20 characters or not printable
 * ASCII is refused.
 */
final class ClientActions {
    private final Membership members;

    ClientActions(Membership members) {
        this.members = members;
    }

    /** {@code add_whitelist}: {@code peer_id}. */
    String add(ControlParams p) {
        members.addClients(List.of(p.clientPrefix("peer_id")));
        return UpdateActions.SUCCESS;
    }

    /** {@code remove_whitelist}: {@code peer_id}. */
    String remove(ControlParams p) {
        members.removeClients(List.of(p.clientPrefix("peer_id")));
        return UpdateActions.SUCCESS;
    }

    /**
     * {@code edit_whitelist}: {@code old_peer_id}, {@code new_peer_id}: the old prefix goes (when listed)
     * and the new one is listed, as in Ocelot.
     */
    String edit(ControlParams p) {
        String old = p.clientPrefix("old_peer_id");
        String next = p.clientPrefix("new_peer_id");
        members.removeClients(List.of(old));
        members.addClients(List.of(next));
        return UpdateActions.SUCCESS;
    }
}
