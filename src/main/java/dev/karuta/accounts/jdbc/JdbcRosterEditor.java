package dev.karuta.accounts.jdbc;

import dev.karuta.accounts.RosterEditor;
import dev.karuta.accounts.Torrent;
import dev.karuta.accounts.User;
import dev.karuta.policy.ClientList;
import dev.karuta.store.Database;
import java.time.LocalDateTime;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Writes an operator's changes of members, torrents, tokens and whitelist through to Karuta's own
 * accounts tables, each in one transaction ({@link RosterWriter}); their accounting columns stay.
 */
final class JdbcRosterEditor implements RosterEditor {
    private final Database db;
    private final Supplier<LocalDateTime> now;

    /** Changes in {@code db}; {@code now} (UTC, to the second) dates granted tokens. */
    JdbcRosterEditor(Database db, Supplier<LocalDateTime> now) {
        this.db = db;
        this.now = now;
    }

    /**
     * Keeps {@code user}, reviving them with their totals when they were deleted. A deleted member who
     * held the passkey gives it up.
     *
     * @throws IllegalArgumentException when another member (not deleted) has the passkey
     */
    @Override
    public void saveUser(User user) {
        db.transaction("save user " + user.id(), c -> {
            new RosterWriter(c, db.dialect()).saveUser(user);
            return null;
        });
    }

    /** Marks the member deleted: not loaded any more; their row, totals and passkey stay. */
    @Override
    public void deleteUser(int userId) {
        db.transaction("delete user " + userId, c -> {
            new RosterWriter(c, db.dialect()).deleteUser(userId);
            return null;
        });
    }

    /**
     * Keeps {@code torrent}'s info hash and freeleech state; its counts and totals stay.
     *
     * @throws IllegalArgumentException when another torrent has the info hash
     */
    @Override
    public void saveTorrent(Torrent torrent) {
        db.transaction("save torrent " + torrent.id(), c -> {
            new RosterWriter(c, db.dialect()).saveTorrent(torrent);
            return null;
        });
    }

    /** Deletes the torrent's row and expires its tokens; its snatch and peer rows stay, as history. */
    @Override
    public void deleteTorrent(int torrentId) {
        db.transaction("delete torrent " + torrentId, c -> {
            new RosterWriter(c, db.dialect()).deleteTorrent(torrentId);
            return null;
        });
    }

    /**
     * Grants the token ({@code active}: created, or made active again and dated now, its download
     * kept) or expires it.
     */
    @Override
    public void saveToken(int userId, int torrentId, boolean active) {
        db.transaction("save the token of user " + userId + " for torrent " + torrentId, c -> {
            RosterWriter writer = new RosterWriter(c, db.dialect());
            if (active) {
                writer.grantToken(userId, torrentId, now.get());
            } else {
                writer.expireToken(userId, torrentId);
            }
            return null;
        });
    }

    /**
     * Replaces the whitelist with {@code prefixes}, repeats dropped.
     *
     * @throws IllegalArgumentException before anything is written, when a prefix is not 1 to 20
     *                                  printable ASCII characters
     */
    @Override
    public void saveWhitelist(List<String> prefixes) {
        TreeSet<String> distinct = new TreeSet<>();
        for (String p : prefixes) {
            distinct.add(ClientList.validate(p));
        }
        db.transaction("save the client whitelist", c -> {
            new RosterWriter(c, db.dialect()).saveWhitelist(distinct);
            return null;
        });
    }
}
