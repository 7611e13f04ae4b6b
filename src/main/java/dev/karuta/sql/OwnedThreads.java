package dev.karuta.sql;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes daemon threads named {@code prefix-N} and remembers them, so that their owner can wait
 * until every one has ended: an executor's {@code awaitTermination} returns while its last worker
 * is still unwinding, and an undeploy must leave no thread behind.
 */
public final class OwnedThreads implements ThreadFactory {
    private final String prefix;
    private final AtomicInteger count = new AtomicInteger();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    /** Threads named {@code prefix-1}, {@code prefix-2}, ... */
    public OwnedThreads(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public Thread newThread(Runnable task) {
        Thread t = new Thread(task, prefix + "-" + count.incrementAndGet());
        t.setDaemon(true);
        threads.removeIf(old -> !old.isAlive());
        threads.add(t);
        return t;
    }

    /**
     * Stops {@code executor} (whose threads come from here) at once, then waits up to 10 s for it and
     * up to 10 s for every thread made here to end; returns whether all did.
     */
    public boolean stop(ExecutorService executor) {
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return join(Duration.ofSeconds(10));
    }

    /** Waits up to {@code timeout} in all for every thread made here to end; returns whether all did. */
    public boolean join(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread t : threads) {
            long left = deadline - System.nanoTime();
            try {
                if (left > 0) {
                    t.join(Math.max(1, left / 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            if (t.isAlive()) {
                return false;
            }
        }
        threads.clear();
        return true;
    }
}
