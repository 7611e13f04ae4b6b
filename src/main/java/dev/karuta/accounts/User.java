package dev.karuta.accounts;

import java.util.Objects;

/**
 * A member of a private tracker, as the tracker knows them.
 *
 * @param id       the site's user id (positive)
 * @param passkey  the 32-character key in their announce URL
 * @param canLeech whether they may download (when not, they may still seed, and their transfer is
 *                 still counted)
 * @param visible  whether their IP may be recorded (Gazelle's "protected" users are not visible: their
 *                 rows carry an empty IP)
 */
public record User(int id, String passkey, boolean canLeech, boolean visible) {
    public User {
        if (id <= 0) {
            throw new IllegalArgumentException("a user id must be positive");
        }
        Passkey.check(Objects.requireNonNull(passkey, "passkey"));
    }

    /** This user with another passkey. */
    public User withPasskey(String newPasskey) {
        return new User(id, newPasskey, canLeech, visible);
    }
}
