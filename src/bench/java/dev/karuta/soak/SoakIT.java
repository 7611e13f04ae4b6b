package dev.karuta.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The soak in CI: {@code karuta.soak.seconds} (default 120) of HTTP and UDP announces with churn
 * against the real webapp, then counts exact, heap back to the baseline plus the live peers, no
 * thread growth, no errors ({@link Soak}). Needs nothing outside this JVM.
 */
class SoakIT {
    @Test
    void churnLeavesExactCountsNoLeakNoThreadsNoErrors() throws Exception {
        SoakReport report = Soak.run(SoakSettings.fromSystemProperties(), false);
        System.out.print(report.format());
        assertEquals(0, report.errors(), () -> "errors: " + report.firstErrors());
        assertTrue(report.vanished() > 0 && report.stopped() > 0 && report.completed() > 0, "churn happened");
        assertTrue(report.udp() > 0 && report.httpKeepAlive() > 0 && report.httpClose() > 0, "every transport used");
        assertEquals(List.of(), report.problems());
    }
}
