package dev.karuta.ocelot;

import java.util.List;

/**
 * The texts of Ocelot's deletion reason codes ({@code delete_torrent}'s {@code reason}), which peers of
 * a deleted torrent are told as {@code Unregistered torrent: <text>}: the codes Gazelle's report types
 * send, 0 ({@code Dupe}) to 22 ({@code Audience Recording}).
 */
final class DeletionReasons {
    private static final List<String> TEXTS = List.of("Dupe", "Trump", "Bad File Names", "Bad Folder Names",
            "Bad Tags", "Disallowed Format", "Discs Missing", "Discography", "Edited Log", "Inaccurate Bitrate",
            "Low Bitrate", "Mutt Rip", "Disallowed Source", "Encode Errors", "Specifically Banned",
            "Tracks Missing", "Transcode", "Unapproved Cassette", "Unsplit Album", "User Compilation",
            "Wrong Format", "Wrong Media", "Audience Recording");

    private DeletionReasons() {
    }

    /** The text of {@code code}, or null for -1 (no reason) and every code Ocelot does not know. */
    static String text(int code) {
        return code >= 0 && code < TEXTS.size() ? TEXTS.get(code) : null;
    }
}
