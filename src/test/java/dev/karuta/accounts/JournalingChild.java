package dev.karuta.accounts;

import dev.karuta.core.SwarmStats;
import dev.karuta.core.TimeSource;
import dev.karuta.testing.MemoryAccountsStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * A private tracker's accounting with its database down, in a JVM of its own for {@link JournalKillTest}
 * to SIGKILL: a real {@link AccountsFlusher} flushing every 20 ms on its own thread (each flush fails
 * and appends to the journal in {@code DIR}), fed round after round: in round r, user u uploads
 * {@code r * u} bytes and downloads {@code r}. After each round it waits until a flush that began after
 * it has ended, so the round is journaled, and prints {@code journaled r}.
 *
 * <pre>
 * JournalingChild DIR USERS
 * </pre>
 */
public final class JournalingChild {
    private JournalingChild() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        int users = Integer.parseInt(args[1]);
        MemoryAccountsStore down = new MemoryAccountsStore(RosterData.EMPTY);
        down.setDown(true);
        Pending pending = new Pending();
        AccountsFlusher flusher = new AccountsFlusher(pending, down, h -> SwarmStats.EMPTY, id -> null, dir,
                Duration.ZERO, TimeSource.SYSTEM);
        flusher.start(LeftOver.NONE, Duration.ofMillis(20));
        for (int r = 1; ; r++) {
            for (int u = 1; u <= users; u++) {
                pending.credit(u, (long) r * u, r);
            }
            // The flush under way may have drained before this round; the one after it began after
            // it ended, and has ended (journal appended) once a third failure is counted.
            long before = flusher.failures();
            while (flusher.failures() < before + 3) {
                LockSupport.parkNanos(1_000_000);
            }
            System.out.println("journaled " + r);
            System.out.flush();
        }
    }
}
