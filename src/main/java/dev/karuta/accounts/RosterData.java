package dev.karuta.accounts;

import java.util.List;

/**
 * Everything a private tracker loads from its store at start (and on a reload): who may announce,
 * which torrents exist, who holds freeleech tokens, which clients are allowed.
 *
 * @param users     the enabled users
 * @param torrents  the registered torrents with their snatch counts so far
 * @param tokens    the active freeleech tokens
 * @param whitelist the allowed peer_id prefixes; empty: every client is allowed
 */
public record RosterData(List<User> users, List<Registered> torrents, List<Token> tokens, List<String> whitelist) {
    public RosterData {
        users = List.copyOf(users);
        torrents = List.copyOf(torrents);
        tokens = List.copyOf(tokens);
        whitelist = List.copyOf(whitelist);
    }

    /** Nothing: no users, no torrents (a fresh embedded store). */
    public static final RosterData EMPTY = new RosterData(List.of(), List.of(), List.of(), List.of());

    /** A registered torrent with the number of times it was snatched so far. */
    public record Registered(Torrent torrent, long snatched) {
    }

    /** A freeleech token: {@code userId} downloads {@code torrentId} without it counting. */
    public record Token(int userId, int torrentId) {
    }
}
