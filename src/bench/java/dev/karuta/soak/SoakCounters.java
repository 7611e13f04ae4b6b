package dev.karuta.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/** What the client threads did, and every error they met (the first few kept with their message). */
final class SoakCounters {
    private static final int KEPT_ERRORS = 20;

    final LongAdder httpKeepAlive = new LongAdder();
    final LongAdder httpClose = new LongAdder();
    final LongAdder udp = new LongAdder();
    /** UDP requests sent again after 2 s without an answer (loss is allowed by BEP 15; a lost exchange is not). */
    final LongAdder udpRetries = new LongAdder();
    final LongAdder udpConnects = new LongAdder();
    final LongAdder joined = new LongAdder();
    final LongAdder stopped = new LongAdder();
    final LongAdder vanished = new LongAdder();
    final LongAdder completed = new LongAdder();
    final LongAdder paused = new LongAdder();
    final LongAdder errors = new LongAdder();
    /** The most a step started after it was due, in ms: how far the client threads fell behind. */
    private long maxLagMillis;
    private final List<String> firstErrors = new ArrayList<>();

    /** Counts an error; keeps its message if it is among the first few. */
    void error(String what) {
        errors.increment();
        synchronized (firstErrors) {
            if (firstErrors.size() < KEPT_ERRORS) {
                firstErrors.add(what);
            }
        }
    }

    synchronized void lag(long millis) {
        maxLagMillis = Math.max(maxLagMillis, millis);
    }

    synchronized long maxLagMillis() {
        return maxLagMillis;
    }

    List<String> firstErrors() {
        synchronized (firstErrors) {
            return List.copyOf(firstErrors);
        }
    }

    long announces() {
        return httpKeepAlive.sum() + httpClose.sum() + udp.sum();
    }
}
