package dev.karuta.swarm;

import dev.karuta.core.InfoHash;
import dev.karuta.core.Swarms;
import java.util.function.Consumer;

/**
 * Where the swarms live: the {@link Swarms} port the tracker uses, and what the node needs besides
 * (peers for the admin and the snapshot, restore, sweep, totals). Every implementation passes the contract suite
 * ({@code SwarmRegistryContract} in the tests) and keeps these obligations:
 * <ul>
 * <li>counts are exact: a peer counts once (as seeder, downloader or partial seed) from its first
 *     announce until {@code stopped}, its TTL, or its swarm's eviction, whichever comes first;</li>
 * <li>a peer_id is one peer per swarm; a request from another address may act for it only with the
 *     same {@code key};</li>
 * <li>a snatch counts once per peer ({@code completed} with nothing left);</li>
 * <li>picked peers are random, never the requester nor a peer of the requester's owner, only downloaders for a peer that wants nothing,
 *     peers in the requester's subnet first, and only of the families the requester has addresses in;
 *     the cost of an announce does not grow with the swarm;</li>
 * <li>scrape and {@code stopped} for an unknown torrent create nothing;</li>
 * <li>snatch counts continue from the {@link SnatchLedger} the registry was given: a new swarm starts
 *     at its {@code base}, an unknown torrent scrapes as its {@code base}, each snatch is reported;</li>
 * <li>a restored peer is the peer it was (state, addresses, key, snatch flag), ages from its idle time,
 *     and counts like an announced one, without counting a snatch.</li>
 * </ul>
 */
public interface SwarmRegistry extends Swarms, AutoCloseable {

    /**
     * Hands a copy of every live peer of one torrent to {@code sink} (nothing when the torrent is
     * unknown); each copy is consistent, the sequence weakly consistent under change.
     */
    void forEachPeer(InfoHash infoHash, Consumer<PeerView> sink);

    /**
     * Puts back a peer of {@code infoHash} from a snapshot, as if it last announced {@code peer.idle()}
     * ago; returns whether it was added. Not added: a peer idle for the TTL or longer (and then no
     * swarm is created), one without an address, or a peer_id the swarm already holds (the live peer
     * wins). Meant for startup, before announces are served.
     */
    boolean restore(InfoHash infoHash, PeerView peer);

    /** Removes expired peers and empty swarms everywhere; returns the peers removed. */
    long sweep();

    /** Running totals over all swarms. */
    RegistryTotals totals();

    /** Releases the registry's resources; it is not used afterwards. */
    @Override
    void close();
}
