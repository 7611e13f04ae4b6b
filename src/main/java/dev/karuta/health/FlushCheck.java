package dev.karuta.health;

import dev.karuta.accounts.AccountsFlusher;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Private mode's part: up while the accounts store is behind by at most {@code maxLag}, that is while
 * some flush within {@code maxLag} left nothing unwritten. Read from what the flusher keeps
 * ({@link AccountsFlusher#behind}, its failures and what waits), never from the database: a
 * database that is down but has nothing to be written keeps the node ready, one that stays down (or
 * hangs) with accounting waiting makes it not ready once the lag passes the bound.
 */
public final class FlushCheck implements Check {
    private final AccountsFlusher flusher;
    private final Duration maxLag;

    /** A check of {@code flusher} against {@code maxLag} ({@code karuta.health.maxFlushLag}). */
    public FlushCheck(AccountsFlusher flusher, Duration maxLag) {
        this.flusher = flusher;
        this.maxLag = maxLag;
    }

    @Override
    public String name() {
        return "accounts";
    }

    @Override
    public Status check() {
        Duration lag = flusher.behind();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("lagSeconds", lag.toSeconds());
        details.put("maxLagSeconds", maxLag.toSeconds());
        details.put("waiting", flusher.waiting());
        details.put("failing", flusher.failing());
        details.put("failures", flusher.failures());
        if (lag.compareTo(maxLag) <= 0) {
            return new Status(true, details);
        }
        details.put("error", "the accounts store is " + lag.toSeconds() + " s behind (more than " + maxLag.toSeconds()
                + " s): " + (flusher.failing() ? "its writes fail" : "a write has not ended"));
        return new Status(false, details);
    }
}
