package dev.karuta.swarm.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Groups announces into script calls on a standalone server. An announce is sent at once when fewer
 * than {@code maxInFlight} calls are in flight; otherwise it waits in the queue, and when a call
 * completes the queue goes out as the next call (at most {@code maxBatch} announces in one). So at low
 * load every announce is its own call, with no added wait, and under load the per-call costs of Redis
 * (command parsing, the script's start, the reply, the socket writes) and of the client are shared
 * by many announces. Each announce is still one round trip: it travels in exactly one call.
 * <p>
 * An announce whose caller stopped waiting (timeout) before it was sent is not sent. At most
 * {@code maxQueued} announces wait; one more fails at once ({@link Full}) rather than waiting behind
 * calls that could not answer it in time.
 */
final class AnnounceBatcher {
    /** One queued announce: its swarm's base key, its packed arguments, and its answer to come. */
    static final class Pending {
        final byte[] key;
        final byte[] packed;
        final CompletableFuture<byte[]> reply = new CompletableFuture<>();

        Pending(byte[] key, byte[] packed) {
            this.key = key;
            this.packed = packed;
        }
    }

    private final Function<List<Pending>, CompletableFuture<List<Object>>> send;
    private final int maxInFlight;
    private final int maxBatch;
    private final int maxQueued;
    /** Lock-free: the request threads and the I/O thread meet here under load, and must not block each other. */
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    /** Announces in the queue (those whose callers gave up included, until drained). */
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();

    /** {@code send} makes one script call of a batch and answers one reply per announce, in order. */
    AnnounceBatcher(Function<List<Pending>, CompletableFuture<List<Object>>> send, int maxInFlight, int maxBatch,
                    int maxQueued) {
        this.send = send;
        this.maxInFlight = maxInFlight;
        this.maxBatch = maxBatch;
        this.maxQueued = maxQueued;
    }

    /** The failure of an announce that found the queue full. */
    static final class Full extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Full(int queued) {
            super(queued + " announces already wait for Redis", null, false, false);
        }
    }

    /** Queues one announce; the future holds its answer or the failure of its call. */
    CompletableFuture<byte[]> submit(byte[] key, byte[] packed) {
        Pending p = new Pending(key, packed);
        if (queued.incrementAndGet() > maxQueued) {
            queued.decrementAndGet();
            p.reply.completeExceptionally(new Full(maxQueued));
            return p.reply;
        }
        queue.offer(p);
        dispatch(claim());
        return p.reply;
    }

    /**
     * A free call slot, taken, and the batch for it; null when every slot is taken or nothing waits.
     * A submitter offers then looks at the slots, a finished call frees its slot then looks at the
     * queue: one of the two sees the other, so no announce is left waiting with a slot free.
     */
    private List<Pending> claim() {
        while (!queue.isEmpty()) {
            int n = inFlight.get();
            if (n >= maxInFlight) {
                return null;
            }
            if (inFlight.compareAndSet(n, n + 1)) {
                List<Pending> batch = drain();
                if (batch != null) {
                    return batch;
                }
                inFlight.decrementAndGet();
            }
        }
        return null;
    }

    /** Up to maxBatch queued announces whose callers still wait; null when there is none. */
    private List<Pending> drain() {
        List<Pending> batch = null;
        Pending p;
        while ((batch == null || batch.size() < maxBatch) && (p = queue.poll()) != null) {
            queued.decrementAndGet();
            if (!p.reply.isDone()) {
                if (batch == null) {
                    batch = new ArrayList<>(Math.min(maxBatch, queued.get() + 1));
                }
                batch.add(p);
            }
        }
        return batch;
    }

    private void dispatch(List<Pending> batch) {
        // A call that fails at once (disconnected) completes here, on this thread: loop instead of recursing.
        while (batch != null) {
            CompletableFuture<List<Object>> call;
            try {
                call = send.apply(batch);
            } catch (RuntimeException e) {
                call = CompletableFuture.failedFuture(e);
            }
            List<Pending> sent = batch;
            if (!call.isDone()) {
                call.whenComplete((replies, error) -> {
                    // The next call goes out before this one's answers are handed on, so Redis works
                    // on it meanwhile.
                    List<Pending> following = next();
                    dispatch(following);
                    settle(sent, replies, error);
                });
                return;
            }
            List<Object> replies = null;
            Throwable error = null;
            try {
                replies = call.join();
            } catch (CompletionException | CancellationException e) {
                error = e.getCause() != null ? e.getCause() : e;
            }
            settle(sent, replies, error);
            batch = next();
        }
    }

    private static void settle(List<Pending> batch, List<Object> replies, Throwable error) {
        for (int i = 0; i < batch.size(); i++) {
            Pending p = batch.get(i);
            if (error != null) {
                p.reply.completeExceptionally(error);
            } else if (replies == null || i >= replies.size()) {
                p.reply.completeExceptionally(new IllegalStateException("no answer for announce " + i + " of the call"));
            } else {
                p.reply.complete((byte[]) replies.get(i));
            }
        }
    }

    /** The next batch for the call slot just freed (kept for it), or null with the slot released. */
    private List<Pending> next() {
        List<Pending> batch = drain();
        if (batch != null) {
            return batch;
        }
        inFlight.decrementAndGet();
        return claim();
    }
}
