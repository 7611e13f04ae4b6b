package dev.karuta.accounts;

import java.util.List;

/**
 * Keeps the operator's changes of a private tracker's roster (users, torrents, tokens, whitelist) in
 * a store that is their source of truth: Karuta's own tables, not a Gazelle site's (see
 * {@link AccountsStore#editor()}). Each change is written whole or not at all; every method may throw
 * {@link dev.karuta.sql.StoreException} when the database fails.
 */
public interface RosterEditor {

    /** Keeps {@code user} (added or changed). */
    void saveUser(User user);

    /** Forgets the user with {@code userId}; their accounting rows stay. */
    void deleteUser(int userId);

    /** Keeps {@code torrent} (added or changed). */
    void saveTorrent(Torrent torrent);

    /** Forgets the torrent with {@code torrentId}. */
    void deleteTorrent(int torrentId);

    /** Keeps ({@code active}) or expires the token of {@code userId} for {@code torrentId}. */
    void saveToken(int userId, int torrentId, boolean active);

    /** Replaces the client whitelist. */
    void saveWhitelist(List<String> prefixes);
}
