package dev.karuta.core;

import dev.karuta.policy.Policy;
import dev.karuta.swarm.AnnounceResult;
import dev.karuta.swarm.SwarmRegistry;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;

/** The tracker: policies first, then the swarm registry, then timing from the settings. */
public final class StandardTracker implements Tracker {
    private final AnnounceSettings settings;
    private final Policy policy;
    private final SwarmRegistry registry;

    /** A tracker over {@code registry} that runs {@code policy} on every request. */
    public StandardTracker(AnnounceSettings settings, Policy policy, SwarmRegistry registry) {
        this.settings = settings;
        this.policy = policy;
        this.registry = registry;
    }

    @Override
    public AnnounceResponse announce(AnnounceRequest request) {
        policy.checkAnnounce(request);
        return answer(request, registry.announce(request, numWant(request)));
    }

    @Override
    public CompletionStage<AnnounceResponse> announceAsync(AnnounceRequest request) {
        try {
            policy.checkAnnounce(request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return registry.announceAsync(request, numWant(request), SwarmRegistry.NO_OWNER)
                .thenApply(result -> answer(request, result));
    }

    private int numWant(AnnounceRequest request) {
        return request.event() == Event.STOPPED ? 0 : settings.clampNumWant(request.numWant());
    }

    private AnnounceResponse answer(AnnounceRequest request, AnnounceResult result) {
        int jitter = settings.intervalJitterSeconds();
        int interval = settings.intervalSeconds() + (jitter == 0 ? 0 : ThreadLocalRandom.current().nextInt(jitter + 1));
        return new AnnounceResponse(interval, settings.minIntervalSeconds(), result.stats(), result.peers(),
                request.source().ip());
    }

    @Override
    public ScrapeResponse scrape(ScrapeRequest request) {
        policy.checkScrape(request);
        TreeMap<InfoHash, SwarmStats> files = new TreeMap<>();
        for (InfoHash h : request.infoHashes()) {
            files.computeIfAbsent(h, registry::stats);
        }
        return new ScrapeResponse(files, settings.minIntervalSeconds());
    }

    @Override
    public void scrapeAll(BiConsumer<InfoHash, SwarmStats> sink) {
        registry.forEach(sink);
    }
}
