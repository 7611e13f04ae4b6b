package dev.karuta.ws;

/**
 * A message that cannot be read: answered with a {@code failure reason} (safe to send), with the
 * action and info_hash the message named when they could be read, so that a bittorrent-tracker client,
 * which ignores answers for other torrents, shows it.
 */
final class WsRefusal extends Exception {
    private static final long serialVersionUID = 1L;

    private final String action;
    private final String infoHash;

    WsRefusal(String reason, String action, String infoHash) {
        super(reason, null, false, false);
        this.action = action;
        this.infoHash = infoHash;
    }

    /** {@code announce} or {@code scrape}, or null when the message named neither. */
    String action() {
        return action;
    }

    /** The info_hash as the client sent it (20 one-byte characters), or null. */
    String infoHash() {
        return infoHash;
    }
}
