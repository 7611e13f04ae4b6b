package dev.karuta.ocelot;

import dev.karuta.accounts.Membership;
import dev.karuta.accounts.Roster;
import dev.karuta.accounts.User;
import dev.karuta.core.TrackerException;
import java.util.List;

/**
 * The update actions on users: {@code add_user}, {@code remove_user}, {@code remove_users},
 * {@code change_passkey}, {@code update_user} and {@code trace_user}. As in Ocelot, a well-formed
 * request for a user the tracker does not know changes nothing and still succeeds (the site may retry
 * a request that was already applied); unlike Ocelot, a missing or malformed parameter is refused.
 */
final class UserActions {
    private final Membership members;
    private final Roster roster;
    private final Traces traces;

    UserActions(Membership members, Traces traces) {
        this.members = members;
        this.roster = members.roster();
        this.traces = traces;
    }

    /**
     * {@code add_user}: {@code passkey}, {@code id}, optional {@code visible} ({@code 0}: protected, no IP
     * recorded). A passkey already known is left as it is, as Ocelot leaves it; a user id known under
     * another passkey takes the new one (Ocelot would keep both).
     */
    String addUser(ControlParams p) {
        String passkey = p.passkey("passkey");
        int id = p.integer("id", 1, Integer.MAX_VALUE);
        boolean visible = p.flag("visible", true);
        if (roster.user(passkey) == null) {
            members.addUser(id, passkey, visible);
        }
        return UpdateActions.SUCCESS;
    }

    /** {@code remove_user}: {@code passkey}. */
    String removeUser(ControlParams p) {
        members.removeUser(p.passkey("passkey"));
        return UpdateActions.SUCCESS;
    }

    /** {@code remove_users}: {@code passkeys}, 32-character passkeys put together (all checked first). */
    String removeUsers(ControlParams p) {
        List<String> passkeys = p.passkeys("passkeys");
        for (String passkey : passkeys) {
            members.removeUser(passkey);
        }
        return UpdateActions.SUCCESS;
    }

    /**
     * {@code change_passkey}: {@code oldpasskey}, {@code newpasskey}. A new passkey that belongs to
     * another user is refused (Ocelot would hand that user's entry over); a change already made (the old
     * key gone, the new one known) succeeds again.
     */
    String changePasskey(ControlParams p) {
        String old = p.passkey("oldpasskey");
        String next = p.passkey("newpasskey");
        if (old.equals(next)) {
            return UpdateActions.SUCCESS;
        }
        if (roster.user(next) != null && roster.user(old) != null) {
            throw new TrackerException("change_passkey: newpasskey belongs to another user");
        }
        members.changePasskey(old, next);
        return UpdateActions.SUCCESS;
    }

    /**
     * {@code update_user}: {@code passkey}, optional {@code can_leech} and {@code visible} ({@code 0}:
     * no); as in Ocelot, a missing one means yes, so a site must send both.
     */
    String updateUser(ControlParams p) {
        String passkey = p.passkey("passkey");
        boolean canLeech = p.flag("can_leech", true);
        boolean visible = p.flag("visible", true);
        members.updateUser(passkey, canLeech, visible);
        return UpdateActions.SUCCESS;
    }

    /** {@code trace_user}: {@code passkey}, {@code trace} ({@code 0} or {@code 1}); remembered by user id. */
    String traceUser(ControlParams p) {
        String passkey = p.passkey("passkey");
        boolean on = p.bit("trace");
        User u = roster.user(passkey);
        if (u != null) {
            traces.set(u.id(), on);
        }
        return UpdateActions.SUCCESS;
    }
}
