package dev.karuta.core;

/**
 * The answer to an announce, independent of its wire format.
 *
 * @param interval    seconds the client should wait before the next regular announce
 * @param minInterval seconds the client must wait at least
 * @param stats       the swarm's counts after this announce
 * @param peers       peers for the client (none after {@code stopped})
 * @param externalIp  the requester's address as seen by the tracker (BEP 24), 4 or 16 bytes
 */
public record AnnounceResponse(int interval, int minInterval, SwarmStats stats, SelectedPeers peers,
                               byte[] externalIp) {
}
