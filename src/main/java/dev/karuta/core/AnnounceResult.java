package dev.karuta.core;

/**
 * What the registry answers to one announce.
 *
 * @param stats the swarm's counts after the announce
 * @param peers the peers picked for the announcer
 */
public record AnnounceResult(SwarmStats stats, SelectedPeers peers) {
}
