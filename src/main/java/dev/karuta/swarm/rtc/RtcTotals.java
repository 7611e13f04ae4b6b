package dev.karuta.swarm.rtc;

/**
 * Counts over a node's WebRTC swarms at one moment.
 *
 * @param torrents    swarms with at least one peer
 * @param seeders     peers with nothing left
 * @param leechers    peers downloading
 * @param connections open WebSocket connections
 */
public record RtcTotals(long torrents, long seeders, long leechers, long connections) {
    /** No swarm, no connection: a node without a WebSocket tracker. */
    public static final RtcTotals NONE = new RtcTotals(0, 0, 0, 0);

    /** All peers. */
    public long peers() {
        return seeders + leechers;
    }
}
