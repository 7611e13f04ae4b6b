package dev.karuta.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.karuta.core.TrackerException.Kind;
import org.junit.jupiter.api.Test;

class TrackerExceptionTest {

    @Test
    void plainConstructorsMakeBadRequests() {
        assertEquals(Kind.BAD_REQUEST, new TrackerException("missing port").kind());
        TrackerException later = new TrackerException("busy", 5);
        assertEquals(Kind.BAD_REQUEST, later.kind());
        assertEquals(5, later.retryInMinutes());
    }

    @Test
    void refusedIsAPolicyRefusalWithoutRetry() {
        TrackerException e = TrackerException.refused("torrent is not registered with this tracker");
        assertEquals(Kind.REFUSED, e.kind());
        assertEquals("torrent is not registered with this tracker", e.getMessage());
        assertEquals(TrackerException.NO_RETRY, e.retryInMinutes());
    }

    @Test
    void kindAndRetryAreKept() {
        TrackerException e = new TrackerException(Kind.RATE_LIMITED, "full scrape too frequent", 5);
        assertEquals(Kind.RATE_LIMITED, e.kind());
        assertEquals(5, e.retryInMinutes());
        assertEquals(Kind.CONFLICT, new TrackerException(Kind.CONFLICT, "peer_id is in use").kind());
    }
}
