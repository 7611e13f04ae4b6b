package dev.karuta.swarm.redis;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * Groups announces into script calls on a standalone server. An announce is sent at once when fewer
 * than {@code maxInFlight} calls are in flight; otherwise it waits in the queue, and when a call
 * completes the queue goes out as the next call (at most {@code maxBatch} announces in one). So at low
 * load every announce is its own call, with no added wait, and under load the per-call costs of Redis
 * (command parsing, the script's start, the reply, the socket writes) and of the client are shared
 * by many announces. Each announce is still one round trip: it travels in exactly one call.
 * <p>
 * An announce whose caller stopped waiting (timeout) before it was sent is not sent.
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
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private int inFlight;

    /** {@code send} makes one script call of a batch and answers one reply per announce, in order. */
    AnnounceBatcher(Function<List<Pending>, CompletableFuture<List<Object>>> send, int maxInFlight, int maxBatch) {
        this.send = send;
        this.maxInFlight = maxInFlight;
        this.maxBatch = maxBatch;
    }

    /** Queues one announce; the future holds its answer or the failure of its call. */
    CompletableFuture<byte[]> submit(byte[] key, byte[] packed) {
        Pending p = new Pending(key, packed);
        List<Pending> batch = null;
        synchronized (this) {
            queue.add(p);
            if (inFlight < maxInFlight) {
                batch = drain();
                if (batch != null) {
                    inFlight++;
                }
            }
        }
        if (batch != null) {
            dispatch(batch);
        }
        return p.reply;
    }

    /** Up to maxBatch queued announces whose callers still wait; null when there is none. */
    private List<Pending> drain() {
        List<Pending> batch = null;
        while (!queue.isEmpty() && (batch == null || batch.size() < maxBatch)) {
            Pending p = queue.poll();
            if (!p.reply.isDone()) {
                if (batch == null) {
                    batch = new ArrayList<>(Math.min(maxBatch, queue.size() + 1));
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
                    settle(sent, replies, error);
                    dispatch(next());
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

    /** The next batch for the call slot just freed, or null (and the slot released) when none waits. */
    private List<Pending> next() {
        synchronized (this) {
            List<Pending> batch = drain();
            if (batch == null) {
                inFlight--;
            }
            return batch;
        }
    }
}
