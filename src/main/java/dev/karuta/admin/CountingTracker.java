package dev.karuta.admin;

import dev.karuta.core.AnnounceRequest;
import dev.karuta.core.AnnounceResponse;
import dev.karuta.core.InfoHash;
import dev.karuta.core.PeerAddress;
import dev.karuta.core.ScrapeRequest;
import dev.karuta.core.ScrapeResponse;
import dev.karuta.core.SwarmStats;
import dev.karuta.core.Tracker;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

/**
 * A {@link Tracker} that counts the announces and scrapes it passes on (answered or refused, and the
 * refused announces apart), for the dashboard's totals, its announces-per-second chart and Ocelot's
 * stats report. One striped add per request (two for a refused announce).
 */
public final class CountingTracker implements Tracker {
    private final Tracker delegate;
    private final LongAdder announces;
    private final LongAdder announcesRefused;
    private final LongAdder scrapes;

    public CountingTracker(Tracker delegate) {
        this(delegate, new LongAdder(), new LongAdder(), new LongAdder());
    }

    private CountingTracker(Tracker delegate, LongAdder announces, LongAdder announcesRefused, LongAdder scrapes) {
        this.delegate = delegate;
        this.announces = announces;
        this.announcesRefused = announcesRefused;
        this.scrapes = scrapes;
    }

    /**
     * {@code other} (another frontend's pipeline, such as the WebSocket tracker's), counted into this
     * tracker's totals.
     */
    public CountingTracker counting(Tracker other) {
        return new CountingTracker(other, announces, announcesRefused, scrapes);
    }

    @Override
    public CompletionStage<AnnounceResponse> announce(AnnounceRequest request) {
        announces.increment();
        return delegate.announce(request).whenComplete((response, error) -> {
            if (error != null) {
                announcesRefused.increment();
            }
        });
    }

    @Override
    public ScrapeResponse scrape(ScrapeRequest request) {
        scrapes.increment();
        return delegate.scrape(request);
    }

    @Override
    public void scrapeAll(PeerAddress source, BiConsumer<InfoHash, SwarmStats> sink) {
        scrapes.increment();
        delegate.scrapeAll(source, sink);
    }

    /** Announces since start. */
    public long announces() {
        return announces.sum();
    }

    /** Announces since start that were refused or failed (Ocelot's "failed announcements"). */
    public long announcesRefused() {
        return announcesRefused.sum();
    }

    /** Scrapes (single, multi or full) since start. */
    public long scrapes() {
        return scrapes.sum();
    }
}
