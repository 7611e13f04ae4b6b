package dev.karuta.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The dashboard's ring of samples, driven by the test's own clock. */
class ActivityHistoryTest {
    private final AtomicLong announces = new AtomicLong();
    private final AtomicLong peers = new AtomicLong();

    @Test
    void ratesAreAnnouncesPerSecondBetweenSamples() {
        ActivityHistory history = new ActivityHistory(10, announces::get, peers::get);
        history.sample(1_000);
        assertTrue(history.samples().isEmpty(), "the first call only sets the start");
        announces.set(500);
        peers.set(42);
        history.sample(11_000);
        announces.set(800);
        history.sample(16_000);
        assertEquals(List.of(new ActivityHistory.Sample(11_000, 50.0, 42), new ActivityHistory.Sample(16_000, 60.0, 42)),
                history.samples());
    }

    @Test
    void theRingKeepsTheNewestOldestFirst() {
        ActivityHistory history = new ActivityHistory(3, announces::get, peers::get);
        for (int i = 0; i <= 5; i++) {
            peers.set(i);
            history.sample(i * 10_000L);
        }
        assertEquals(List.of(3L, 4L, 5L), history.samples().stream().map(ActivityHistory.Sample::peers).toList());
    }

    @Test
    void aClockThatDoesNotMoveAddsNoSample() {
        ActivityHistory history = new ActivityHistory(3, announces::get, peers::get);
        history.sample(5_000);
        history.sample(5_000);
        history.sample(4_000);
        assertTrue(history.samples().isEmpty());
    }
}
