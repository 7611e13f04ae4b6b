package dev.karuta.admin;

import dev.karuta.accounts.Membership;
import dev.karuta.accounts.Passkey;
import dev.karuta.accounts.Roster;
import dev.karuta.accounts.User;
import dev.karuta.admin.PrivateBodies.UserPage;
import dev.karuta.admin.PrivateBodies.UserView;
import java.util.Comparator;
import java.util.Set;

/**
 * A private tracker's members as the admin API lists and changes them. Every change goes through
 * {@link Membership} (the store first); the caller serializes changes, so that a check (the id is free,
 * the passkey unused) still holds when the change is made. Refusals are {@link ApiException}s thrown
 * before anything changed.
 */
final class PrivateUsers {
    /** The fields of {@code POST users}. */
    static final Set<String> NEW_USER = Set.of("id", "passkey", "canLeech", "visible");
    /** The fields of {@code PUT users/{id}}. */
    static final Set<String> CHANGE = Set.of("canLeech", "visible");
    /** The fields of {@code POST users/{id}/passkey}. */
    static final Set<String> NEW_PASSKEY = Set.of("passkey");

    private final Membership members;
    private final Roster roster;

    PrivateUsers(Membership members) {
        this.members = members;
        this.roster = members.roster();
    }

    /** Users by id; {@code q} (letters and digits) matches an id exactly or the beginning of a passkey. */
    UserPage page(int offset, int limit, String q) {
        String query = q == null ? "" : q.trim();
        if (!query.matches("[0-9A-Za-z]{0," + Passkey.LENGTH + "}")) {
            throw ApiException.badRequest("search by a user id or the beginning of a passkey (letters and digits)");
        }
        Slice<User> slice = Slice.of(roster.users(),
                u -> query.isEmpty() || u.passkey().startsWith(query) || Integer.toString(u.id()).equals(query),
                Comparator.comparingInt(User::id), offset, limit);
        return new UserPage(slice.total(), offset, limit, slice.rows().stream().map(UserView::of).toList());
    }

    /**
     * Adds a user: the id given or the next after the highest, the passkey given or a new random one;
     * both must be free. May download and is visible unless told otherwise.
     */
    UserView add(JsonRequest body) {
        Integer id = body.id("id");
        String passkey = body.string("passkey");
        boolean canLeech = !Boolean.FALSE.equals(body.bool("canLeech"));
        boolean visible = !Boolean.FALSE.equals(body.bool("visible"));
        if (id == null) {
            id = nextId();
        } else if (roster.userById(id) != null) {
            throw new ApiException(409, "user " + id + " exists");
        }
        passkey = passkey == null ? unusedPasskey() : unused(checked(passkey));
        return UserView.of(members.addUser(id, passkey, canLeech, visible));
    }

    /** Changes whether user {@code id} may download and is visible (a field left out stays). */
    UserView update(int id, JsonRequest body) {
        User u = existing(id);
        Boolean canLeech = body.bool("canLeech");
        Boolean visible = body.bool("visible");
        if (canLeech == null && visible == null) {
            throw ApiException.badRequest("send canLeech and/or visible");
        }
        boolean leech = canLeech == null ? u.canLeech() : canLeech;
        boolean vis = visible == null ? u.visible() : visible;
        members.updateUser(u.passkey(), leech, vis);
        return UserView.of(roster.userById(id));
    }

    /** Gives user {@code id} the passkey of the body or a new random one; the old one stops working. */
    UserView newPasskey(int id, JsonRequest body) {
        User u = existing(id);
        String given = body.string("passkey");
        String passkey = given == null ? unusedPasskey() : unused(checked(given));
        if (!members.changePasskey(u.passkey(), passkey)) {
            throw new ApiException(409, "the passkey did not change");
        }
        return UserView.of(roster.userById(id));
    }

    /** Removes user {@code id}; their passkey is refused from the next announce. */
    UserView remove(int id) {
        User u = existing(id);
        members.removeUser(u.passkey());
        return UserView.of(u);
    }

    /** The user with {@code id}, else a 404. */
    User existing(int id) {
        User u = roster.userById(id);
        if (u == null) {
            throw ApiException.notFound("no user " + id);
        }
        return u;
    }

    /** A user id in a path. */
    static int id(String segment) {
        if (segment.matches("[1-9][0-9]{0,9}")) {
            long id = Long.parseLong(segment);
            if (id <= Integer.MAX_VALUE) {
                return (int) id;
            }
        }
        throw ApiException.badRequest("not a user id: a whole number from 1 to " + Integer.MAX_VALUE);
    }

    private int nextId() {
        int max = roster.users().stream().mapToInt(User::id).max().orElse(0);
        if (max == Integer.MAX_VALUE) {
            throw new ApiException(409, "no user id left after the highest; give one");
        }
        return max + 1;
    }

    private static String checked(String passkey) {
        if (!Passkey.valid(passkey)) {
            throw ApiException.badRequest("a passkey is " + Passkey.LENGTH + " letters and digits");
        }
        return passkey;
    }

    private String unused(String passkey) {
        User owner = roster.user(passkey);
        if (owner != null) {
            throw new ApiException(409, "that passkey is user " + owner.id() + "'s");
        }
        return passkey;
    }

    private String unusedPasskey() {
        String passkey = Passkey.generate();
        while (roster.user(passkey) != null) {
            passkey = Passkey.generate();
        }
        return passkey;
    }
}
