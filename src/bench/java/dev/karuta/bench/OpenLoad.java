package dev.karuta.bench;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * An open-loop (fixed-rate) load generator for announce latency: request {@code i} of a thread is due
 * at {@code start + i / rate}, whatever became of the earlier ones, and its latency is counted from
 * that intended time, not from when it could be sent, so a server that falls behind is charged for
 * the queue it causes (no coordinated omission). Each thread runs its own schedule at
 * {@code rate / THREADS} with its own connections or sockets and a selector; the histograms are merged.
 * Latencies of requests due in the first {@code WARMUP} seconds are not recorded.
 *
 * <pre>
 * OpenLoad http HOST PORT RATE SECONDS [CONNECTIONS=64] [keep-alive|close] [PREFIX=] [THREADS=1]
 * OpenLoad udp  HOST PORT RATE SECONDS [SOCKETS=4] [THREADS=1]
 * </pre>
 * HTTP sends the announces of {@code bench/announce.lua} ({@link AnnounceQueries}), at most one in
 * flight per connection (a due request waits for a free connection, and its wait counts); with
 * {@code close} every request opens its own connection (at most CONNECTIONS at once), and the connect
 * counts. UDP sends the announces of {@link UdpLoad} round-robin over its sockets, each connected
 * once (runs up to a minute or so, within any tracker's connection-ID lifetime).
 *
 * <p>Prints one line: the intended and answered rates, errors, requests still unanswered at the end,
 * the latency percentiles in microseconds, and how late the requests were sent (for UDP the
 * generator's own delay: large, the generator is the limit; for HTTP also the wait for a free
 * connection). Its resolution is some tens of microseconds (the
 * thread parks between sends), and it runs on the same cores as the server.
 */
abstract class OpenLoad implements Runnable {
    static final long WARMUP_NANOS = 3_000_000_000L;

    final Histogram histogram = new Histogram(60_000_000L, 3);
    /** How late each request was sent (µs): the generator's own delay, or (HTTP) the wait for a free connection. */
    final Histogram lag = new Histogram(60_000_000L, 3);
    final long start;
    final long end;
    private final double period;
    private final long offset;
    final Selector selector;
    long next;
    long answered;
    long errors;

    OpenLoad(long start, long end, double rate, int threads, int thread) throws IOException {
        this.start = start;
        this.end = end;
        this.period = 1e9 * threads / rate;
        this.offset = (long) (1e9 * thread / rate);
        this.selector = Selector.open();
    }

    /** When request {@code i} of this thread is due. */
    final long intended(long i) {
        return start + offset + (long) (i * period);
    }

    /** Counts an answer to the request due at {@code intended}, received now. */
    final void answered(long intended, long now, boolean ok) {
        if (!ok) {
            errors++;
        } else if (intended >= start + WARMUP_NANOS) {
            answered++;
            histogram.recordValue(Math.min(Math.max(0, (now - intended) / 1000), histogram.getHighestTrackableValue()));
        }
    }

    /** Sends request {@code i} (due at {@code intended}) if a connection is free; false otherwise. */
    abstract boolean send(long i, long intended) throws IOException;

    /** Handles a ready key: reads answers, counts them with {@link #answered}. */
    abstract void ready(SelectionKey key) throws IOException;

    /** Requests sent and still unanswered at the end. */
    abstract long unanswered();

    /** Requests due before the end but never sent (no free connection). */
    final long unsent() {
        long due = next;
        while (intended(due) < end) {
            due++;
        }
        return due - next;
    }

    @Override
    public final void run() {
        try {
            while (true) {
                long now = System.nanoTime();
                if (now >= end) {
                    return;
                }
                while (intended(next) <= now && send(next, intended(next))) {
                    if (intended(next) >= start + WARMUP_NANOS) {
                        lag.recordValue(Math.min((System.nanoTime() - intended(next)) / 1000, lag.getHighestTrackableValue()));
                    }
                    next++;
                }
                long wait = intended(next) - System.nanoTime();
                int n = selector.selectNow(this::handle);
                if (n == 0 && wait > 1_000_000) {
                    selector.select(this::handle, Math.max(1, Math.min(wait, end - now) / 1_000_000));
                } else if (n == 0 && wait > 0) {
                    LockSupport.parkNanos(wait);
                } else if (n == 0) {
                    selector.select(this::handle, 1); // behind: waiting for a free connection
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void handle(SelectionKey key) {
        try {
            ready(key);
        } catch (IOException e) {
            errors++;
            key.cancel();
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("usage: OpenLoad http HOST PORT RATE SECONDS [CONNECTIONS=64] [keep-alive|close] [PREFIX=]"
                    + " [THREADS=1]\n       OpenLoad udp HOST PORT RATE SECONDS [SOCKETS=4] [THREADS=1]");
            System.exit(2);
        }
        boolean http = args[0].equals("http");
        String host = args[1];
        int port = Integer.parseInt(args[2]);
        double rate = Double.parseDouble(args[3]);
        int seconds = Integer.parseInt(args[4]);
        int conns = args.length > 5 ? Integer.parseInt(args[5]) : http ? 64 : 4;
        boolean close = http && args.length > 6 && args[6].equals("close");
        String prefix = http && args.length > 7 ? args[7] : "";
        int threads = args.length > (http ? 8 : 6) ? Integer.parseInt(args[http ? 8 : 6]) : 1;
        long start = System.nanoTime() + 200_000_000L;
        long end = start + seconds * 1_000_000_000L;
        List<OpenLoad> loads = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int mine = conns / threads + (t < conns % threads ? 1 : 0);
            loads.add(http ? new OpenLoadHttp(host, port, mine, close, prefix, start, end, rate, threads, t)
                    : new OpenLoadUdp(host, port, mine, start, end, rate, threads, t));
        }
        List<Thread> running = new ArrayList<>();
        for (OpenLoad load : loads) {
            Thread thread = new Thread(load, "open-load");
            thread.start();
            running.add(thread);
        }
        Histogram all = new Histogram(60_000_000L, 3);
        Histogram lag = new Histogram(60_000_000L, 3);
        long answered = 0;
        long errors = 0;
        long unanswered = 0;
        for (int t = 0; t < threads; t++) {
            running.get(t).join();
            all.add(loads.get(t).histogram);
            lag.add(loads.get(t).lag);
            answered += loads.get(t).answered;
            errors += loads.get(t).errors;
            unanswered += loads.get(t).unanswered() + loads.get(t).unsent();
        }
        double measured = (end - start - WARMUP_NANOS) / 1e9;
        System.out.printf("open-loop %s%s rate %.0f/s: answered %.0f/s errors %d unanswered-at-end %d"
                        + " latency-us p50 %d p99 %d p99.9 %d max %d send-lag-us lag-p50 %d lag-p99 %d%n",
                args[0], http ? (close ? " close" : " keep-alive") : "", rate, answered / measured, errors,
                unanswered, all.getValueAtPercentile(50), all.getValueAtPercentile(99),
                all.getValueAtPercentile(99.9), all.getMaxValue(), lag.getValueAtPercentile(50),
                lag.getValueAtPercentile(99));
        System.exit(0);
    }
}
