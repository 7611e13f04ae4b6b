package dev.karuta.soak;

import dev.karuta.core.Event;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One client thread: owns a share of the slots and one announcer per transport, and runs each slot's
 * next step when it is due, earliest first. The rate is what the peers' intervals make it (peers /
 * interval over all workers), so the load stays bounded however fast the tracker answers.
 */
final class LoadWorker implements Runnable {
    private final List<SimPeer> slots;
    private final PriorityQueue<SimPeer> queue = new PriorityQueue<>(Comparator.comparingLong((SimPeer p) -> p.due));
    private final ChurnModel churn;
    private final Torrents torrents;
    private final Announcer httpKeepAlive;
    private final Announcer httpClose;
    private final Announcer udp;
    private final SoakCounters counters;
    private final long ttlNanos;
    private final long intervalNanos;
    private volatile boolean churning = true;
    private volatile boolean running = true;

    LoadWorker(List<SimPeer> slots, ChurnModel churn, Torrents torrents, Announcer httpKeepAlive,
               Announcer httpClose, Announcer udp, SoakCounters counters, SoakSettings settings) {
        this.slots = slots;
        this.churn = churn;
        this.torrents = torrents;
        this.httpKeepAlive = httpKeepAlive;
        this.httpClose = httpClose;
        this.udp = udp;
        this.counters = counters;
        this.ttlNanos = TimeUnit.SECONDS.toNanos(settings.ttl());
        this.intervalNanos = TimeUnit.SECONDS.toNanos(settings.interval());
    }

    /** From now on live peers only re-announce: nobody joins, stops or vanishes. */
    void endChurn() {
        churning = false;
    }

    /** Ends the run after the step in progress. */
    void stop() {
        running = false;
    }

    @Override
    public void run() {
        long start = System.nanoTime();
        for (SimPeer p : slots) {
            // Joins spread over the first interval, so the population does not arrive in one burst.
            p.due = start + churn.spread(intervalNanos);
            queue.add(p);
        }
        while (running) {
            SimPeer p = queue.peek();
            long now = System.nanoTime();
            if (p == null || p.due > now) {
                LockSupport.parkNanos(p == null ? 50_000_000L : Math.min(p.due - now, 50_000_000L));
                continue;
            }
            queue.poll();
            counters.lag(TimeUnit.NANOSECONDS.toMillis(now - p.due));
            if (step(p, now)) {
                queue.add(p);
            }
        }
    }

    /** Runs the peer's next step; returns whether the slot has another one. */
    private boolean step(SimPeer p, long now) {
        ChurnModel.Step step = churn.next(p, churning);
        if (step == null) {
            return false;
        }
        if (step == ChurnModel.Step.VANISH) {
            p.alive = false;
            counters.vanished.increment();
            p.due = now + churn.spread(intervalNanos);
            return true;
        }
        if (step == ChurnModel.Step.JOIN) {
            churn.join(p);
        } else if (now - p.lastAnswered >= ttlNanos) {
            counters.error("peer " + p.slot + " re-announces " + TimeUnit.NANOSECONDS.toMillis(now - p.lastAnswered)
                    + " ms after its last answer, past its TTL: the client threads fell behind");
        }
        Event event = ChurnModel.apply(p, step);
        int interval;
        try {
            interval = announcer(p).announce(p, torrents.bytes(p.torrent), event);
        } catch (Exception | AssertionError e) {
            counters.error(p.transport + " " + event + ": " + e);
            // The tracker's view of this peer is unknown now; it is left out of the model and its slot
            // re-used, which keeps the run going so that every error is counted.
            p.alive = false;
            p.due = System.nanoTime() + intervalNanos;
            return true;
        }
        long answered = System.nanoTime();
        count(p, step);
        if (step == ChurnModel.Step.STOP) {
            p.alive = false;
            p.due = answered + churn.spread(intervalNanos);
        } else {
            p.alive = true;
            p.lastAnswered = answered;
            p.due = answered + TimeUnit.SECONDS.toNanos(interval);
        }
        return true;
    }

    private Announcer announcer(SimPeer p) {
        return switch (p.transport) {
            case HTTP_KEEP_ALIVE -> httpKeepAlive;
            case HTTP_CLOSE -> httpClose;
            case UDP -> udp;
        };
    }

    private void count(SimPeer p, ChurnModel.Step step) {
        (switch (p.transport) {
            case HTTP_KEEP_ALIVE -> counters.httpKeepAlive;
            case HTTP_CLOSE -> counters.httpClose;
            case UDP -> counters.udp;
        }).increment();
        switch (step) {
            case JOIN -> counters.joined.increment();
            case STOP -> counters.stopped.increment();
            case COMPLETE -> counters.completed.increment();
            case PAUSE -> counters.paused.increment();
            default -> { }
        }
    }
}
