package dev.karuta.admin;

import java.util.List;

/** The JSON bodies the admin API reads and writes (JSON-B maps these records). */
public final class ApiBodies {
    private ApiBodies() {
    }

    /** Every error answer: {@code {"error": "..."}}. */
    public record ApiError(String error) {
    }

    /** {@code {"mode": "off" | "allow" | "deny"}}. */
    public record ModeChange(String mode) {
    }

    /**
     * Entries to add or remove: {@code {"infoHashes": ["40 hex digits", ...]}} for the torrent list,
     * {@code {"prefixes": ["-qB", ...]}} for the client list.
     */
    public record EntryList(List<String> infoHashes, List<String> prefixes, List<String> addresses) {
    }

    /** A list with its mode: {@code entries} are hex info_hashes or client prefixes. */
    public record AccessListView(String mode, int count, List<String> entries) {
    }

    /** The answer to a change of a list. */
    public record ListChange(String mode, int changed, int count) {
    }

    /**
     * The dashboard's totals; the {@code webSocket*} ones count the WebSocket tracker's WebRTC peers, which
     * are in swarms of their own and not in the others.
     */
    public record Stats(long torrents, long peers, long seeders, long leechers, long partialSeeds, long peersIpv4,
                        long peersIpv6, long announces, long scrapes, double announcesPerSecond, long uptimeSeconds,
                        String torrentListMode, int torrentListSize, String clientListMode, int clientListSize,
                        long webSocketConnections, long webSocketTorrents, long webSocketPeers,
                        long webSocketSeeders) {
    }

    /** The last hour of samples. */
    public record History(int periodSeconds, List<ActivityHistory.Sample> samples) {
    }
}
