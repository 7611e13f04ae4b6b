package dev.karuta.cluster;

import java.util.Objects;

/**
 * A change one node made and stored that the others must take up, as it travels between nodes: what
 * kind of thing changed and, where the kind needs it, which item. The database stays the source of
 * truth; a change only tells the other nodes what to read again (or, for a deleted torrent, which
 * torrent is gone and why, which no row holds any more).
 *
 * @param kind   what changed
 * @param detail the item ({@link Kind#TORRENT_DELETED}: the info hash in hex, a space, the reason,
 *               which may be empty); empty for the other kinds
 */
public record Change(Kind kind, String detail) {
    /** What changed. */
    public enum Kind {
        /** The admin's torrent or client list (entries or mode): read both lists again. */
        ACCESS_LISTS,
        /** A private tracker's users, torrents, freeleech, tokens or client whitelist: read the roster again. */
        ROSTER,
        /** A private tracker's torrent was deleted: drop it, telling its peers the reason. */
        TORRENT_DELETED,
        /**
         * Messages may have been missed (a node was cut off from the others): read everything again. A
         * bus hands it to its own handler and publishes it to the others when it reconnects.
         */
        EVERYTHING
    }

    public Change {
        Objects.requireNonNull(kind, "kind");
        detail = detail == null ? "" : detail.replaceAll("[\\r\\n]", " ");
    }

    /** The admin's access lists changed. */
    public static Change accessLists() {
        return new Change(Kind.ACCESS_LISTS, "");
    }

    /** A private tracker's roster changed. */
    public static Change roster() {
        return new Change(Kind.ROSTER, "");
    }

    /** Everything may have changed. */
    public static Change everything() {
        return new Change(Kind.EVERYTHING, "");
    }

    /** The torrent with info hash {@code hex} was deleted for {@code reason} (null: none). */
    public static Change torrentDeleted(String hex, String reason) {
        return new Change(Kind.TORRENT_DELETED, hex + " " + (reason == null ? "" : reason));
    }

    /** The message for the other nodes: {@code node kind detail}. */
    String encode(String node) {
        return node + " " + kind.name() + " " + detail;
    }

    /** The node that sent {@code message}. */
    static String sender(String message) {
        int space = message.indexOf(' ');
        return space < 0 ? message : message.substring(0, space);
    }

    /** The change in {@code message}, or null when it is not one (another version, or garbage). */
    static Change decode(String message) {
        String[] parts = message.split(" ", 3);
        if (parts.length < 2) {
            return null;
        }
        Kind kind;
        try {
            kind = Kind.valueOf(parts[1]);
        } catch (IllegalArgumentException e) {
            return null;
        }
        return new Change(kind, parts.length == 3 ? parts[2] : "");
    }
}
