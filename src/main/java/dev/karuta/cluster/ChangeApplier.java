package dev.karuta.cluster;

import java.lang.System.Logger.Level;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/**
 * Takes up the changes other nodes made, on a thread of its own (never on the bus's I/O thread, since a
 * reload reads the database): a burst of changes of one kind costs one reload, because a reload asked
 * for while one is waiting to run is the same reload. A failed reload is logged; the next change or
 * reconnection reloads again.
 */
public final class ChangeApplier implements java.util.function.Consumer<Change>, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ChangeApplier.class.getName());

    private final Runnable reloadLists;
    private final Runnable reloadRoster;
    private final BiConsumer<String, String> torrentDeleted;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "karuta-node-changes");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean listsWaiting = new AtomicBoolean();
    private final AtomicBoolean rosterWaiting = new AtomicBoolean();

    /**
     * Applies changes with {@code reloadLists} (read the access lists again), {@code reloadRoster}
     * (read a private tracker's roster again; a no-op on a public tracker) and {@code torrentDeleted}
     * (info hash in hex, reason).
     */
    public ChangeApplier(Runnable reloadLists, Runnable reloadRoster, BiConsumer<String, String> torrentDeleted) {
        this.reloadLists = reloadLists;
        this.reloadRoster = reloadRoster;
        this.torrentDeleted = torrentDeleted;
    }

    @Override
    public void accept(Change change) {
        switch (change.kind()) {
            case ACCESS_LISTS -> once(listsWaiting, reloadLists, "access lists");
            case ROSTER -> once(rosterWaiting, reloadRoster, "roster");
            case TORRENT_DELETED -> {
                String[] parts = change.detail().split(" ", 2);
                run(() -> torrentDeleted.accept(parts[0], parts.length > 1 && !parts[1].isEmpty() ? parts[1] : null),
                        "torrent deletion");
            }
            case EVERYTHING -> {
                once(listsWaiting, reloadLists, "access lists");
                once(rosterWaiting, reloadRoster, "roster");
            }
        }
    }

    private void once(AtomicBoolean waiting, Runnable reload, String what) {
        if (waiting.compareAndSet(false, true)) {
            run(() -> {
                // Cleared before reading: a change stored while this reload reads asks for another one.
                waiting.set(false);
                reload.run();
            }, what);
        }
    }

    private void run(Runnable task, String what) {
        try {
            thread.execute(() -> {
                try {
                    task.run();
                    LOG.log(Level.DEBUG, "took up a change of another node: {0}", what);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "could not take up a change of another node (" + what + ")", e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // Closed: the node is stopping.
        }
    }

    /** Stops taking up changes; waits briefly for a reload under way. */
    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
