package dev.karuta.core;

import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

/**
 * The registry port: what the {@link TrackerPipeline} needs of the place where swarms live. The
 * registries ({@code dev.karuta.swarm}) implement it with the obligations their contract suite checks.
 */
public interface Swarms {
    /** The owner of peers that belong to nobody in particular (every peer of a public tracker). */
    int NO_OWNER = 0;

    /**
     * Applies the announce and picks up to {@code numWant} peers per address family of the requester,
     * for a peer that belongs to {@code owner} (a private tracker's user id, or {@link #NO_OWNER}): no
     * peer of the same owner is picked for it. Answered when the registry has it: at once in the
     * caller's thread for the in-memory registry, later in an I/O thread for one whose state lives
     * elsewhere, so what is chained to it must not block. It never throws: a refusal (a peer_id that
     * belongs to another peer) or failure completes the stage exceptionally, with the
     * {@link TrackerException} itself or wrapped in a {@link java.util.concurrent.CompletionException}.
     */
    CompletionStage<AnnounceResult> announce(AnnounceRequest request, int numWant, int owner);

    /** Exact counts of one torrent, {@link SwarmStats#EMPTY} when unknown. */
    SwarmStats stats(InfoHash infoHash);

    /** Hands every held swarm with its counts to {@code sink}; weakly consistent under change. */
    void forEach(BiConsumer<InfoHash, SwarmStats> sink);
}
