package dev.karuta.swarm.rtc;

import dev.karuta.core.InfoHash;
import dev.karuta.core.PeerId;
import dev.karuta.core.SwarmStats;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The WebRTC swarm membership that several nodes share ({@code karuta.registry=redis}): which peers each
 * torrent has, which node holds each peer's connection, whether it seeds, and the counts, so that a node
 * picks offer targets among every node's peers. The sockets stay with their node ({@link RtcSwarms});
 * what goes to a peer on another node travels through a {@link Relay}. Calls answer asynchronously
 * (stats excepted) and fail their stage, never throw, when the shared store fails.
 */
public interface SharedSwarms {
    /** A peer of the shared membership and the node that holds its connection. */
    record Member(PeerId peer, String node) {
    }

    /** This node's id, as the membership records it for the peers it holds. */
    String node();

    /**
     * Records peer {@code peer} of {@code hash} as held by this node (or removes it on {@code stopped},
     * when this node holds it), counting a snatch when a leecher turns seeder on {@code completed};
     * answers the swarm's counts over every node.
     */
    CompletionStage<SwarmStats> announce(InfoHash hash, PeerId peer, boolean seeder, boolean completed,
                                         boolean stopped, int owner);

    /**
     * Up to {@code max} other live peers of {@code hash}, at random: never {@code from}, no seeder for a
     * seeder, no other peer of {@code owner} (unless it is 0). Bounded work: O(max), whatever the swarm's size.
     */
    CompletionStage<List<Member>> pick(InfoHash hash, PeerId from, boolean seeder, int owner, int max);

    /** The node that holds peer {@code peer} of {@code hash}, or null when no live peer has that id. */
    CompletionStage<String> holder(InfoHash hash, PeerId peer);

    /** Removes peer {@code peer} of {@code hash} if this node still holds it; fire and forget. */
    void leave(InfoHash hash, PeerId peer);

    /**
     * The counts of {@code hash} over every node, waiting at most the store's timeout.
     *
     * @throws dev.karuta.core.TrackerException (retry later) when the store does not answer
     */
    SwarmStats stats(InfoHash hash);
}
