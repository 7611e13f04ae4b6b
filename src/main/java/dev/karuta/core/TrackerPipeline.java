package dev.karuta.core;

import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

/**
 * The one tracker: an announce passes the admission hooks in order, then the registry, then the
 * after-hooks, and its answer is shaped here once (interval with jitter, min interval, counts, peers,
 * external ip). Public and private mode differ only in their hooks.
 */
public final class TrackerPipeline implements Tracker {
    private final AnnounceSettings settings;
    private final Intervals intervals;
    private final Swarms swarms;
    private final Hook[] hooks;

    /** A tracker over {@code swarms} that runs {@code hooks} in list order, timed by {@code intervals}. */
    public TrackerPipeline(AnnounceSettings settings, Intervals intervals, Swarms swarms, List<? extends Hook> hooks) {
        this.settings = settings;
        this.intervals = intervals;
        this.swarms = swarms;
        this.hooks = hooks.toArray(new Hook[0]);
    }

    /** A tracker over {@code swarms} with {@code settings}' fixed intervals. */
    public TrackerPipeline(AnnounceSettings settings, Swarms swarms, List<? extends Hook> hooks) {
        this(settings, new Intervals(settings), swarms, hooks);
    }

    @Override
    public CompletionStage<AnnounceResponse> announce(AnnounceRequest request) {
        Admission admission = new Admission();
        try {
            for (Hook h : hooks) {
                h.admit(request, admission);
            }
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletionStage<AnnounceResult> result = admission.refusal() != null
                ? CompletableFuture.completedFuture(null)
                : swarms.announce(request, numWant(request), admission.owner());
        return result.thenApply(r -> conclude(request, admission, r));
    }

    private int numWant(AnnounceRequest request) {
        return request.event() == Event.STOPPED ? 0 : settings.clampNumWant(request.numWant());
    }

    /** Runs the after-hooks on the registry's {@code result} (null when kept out) and shapes the answer. */
    private AnnounceResponse conclude(AnnounceRequest request, Admission admission, AnnounceResult result) {
        for (Hook h : hooks) {
            h.after(request, admission, result);
        }
        if (admission.refusal() != null) {
            throw admission.refusal();
        }
        int interval = intervals.next();
        // The min interval never exceeds the interval, even after the control API shortened it.
        int min = Math.min(settings.minIntervalSeconds(), intervals.interval());
        return new AnnounceResponse(interval, min, result.stats(), result.peers(), request.source().ip());
    }

    @Override
    public ScrapeResponse scrape(ScrapeRequest request) {
        for (Hook h : hooks) {
            h.admitScrape(request);
        }
        TreeMap<InfoHash, SwarmStats> files = new TreeMap<>();
        for (InfoHash hash : request.infoHashes()) {
            if (!files.containsKey(hash) && shows(hash)) {
                files.put(hash, swarms.stats(hash));
            }
        }
        return new ScrapeResponse(files, settings.minIntervalSeconds());
    }

    private boolean shows(InfoHash hash) {
        for (Hook h : hooks) {
            if (!h.shows(hash)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void scrapeAll(PeerAddress source, BiConsumer<InfoHash, SwarmStats> sink) {
        for (Hook h : hooks) {
            h.admitFullScrape(source);
        }
        for (Hook h : hooks) {
            if (!h.listsAll()) {
                return;
            }
        }
        swarms.forEach(sink);
    }
}
