package dev.karuta.accounts;

import dev.karuta.core.TrackerException;

/**
 * The failure reasons a private tracker answers, word for word Ocelot's, so that a Gazelle site's
 * users see the messages its forums and FAQs already explain.
 */
public final class Refusals {
    /** No user has the passkey of the URL (or the URL has none). */
    public static final TrackerException PASSKEY_NOT_FOUND = TrackerException.refused("Passkey not found");
    /** The client's peer_id starts with no whitelisted prefix. */
    public static final TrackerException CLIENT_NOT_WHITELISTED =
            TrackerException.refused("Your client is not on the whitelist");
    /** A user who may not download announced with something left. */
    public static final TrackerException LEECHING_FORBIDDEN =
            TrackerException.refused("Access denied, leeching forbidden");

    private Refusals() {
    }

    /** The torrent is not registered: with the reason it was deleted for, when one is remembered. */
    public static TrackerException unregistered(String reason) {
        return TrackerException.refused(reason == null ? "Unregistered torrent" : "Unregistered torrent: " + reason);
    }
}
