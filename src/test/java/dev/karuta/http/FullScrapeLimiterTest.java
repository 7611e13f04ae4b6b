package dev.karuta.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.karuta.core.TrackerException;
import dev.karuta.testing.FakeTime;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FullScrapeLimiterTest {
    private final FakeTime time = new FakeTime();
    private final FullScrapeLimiter limiter = new FullScrapeLimiter(Duration.ofSeconds(300), 2, time);

    private static byte[] ip(String literal) {
        return IpLiteral.parse(literal);
    }

    @Test
    void twoAddressesOfOneIpv6Slash64ShareTheInterval() {
        limiter.start(ip("2001:db8:1:2::1")).close();
        TrackerException e = assertThrows(TrackerException.class, () -> limiter.start(ip("2001:db8:1:2:ffff::9")));
        assertEquals("full scrape too frequent", e.getMessage());
        assertEquals(5, e.retryInMinutes());
        limiter.start(ip("2001:db8:1:3::1")).close();
        time.advance(Duration.ofSeconds(301));
        limiter.start(ip("2001:db8:1:2::abcd")).close();
    }

    @Test
    void ipv4IsLimitedPerAddress() {
        limiter.start(ip("203.0.113.10")).close();
        limiter.start(ip("203.0.113.11")).close();
        assertThrows(TrackerException.class, () -> limiter.start(ip("203.0.113.10")));
    }

    @Test
    void aThirdConcurrentFullScrapeIsRefusedAtOnceAndDoesNotSpendItsInterval() {
        FullScrapeLimiter.Slot a = limiter.start(ip("198.51.100.1"));
        FullScrapeLimiter.Slot b = limiter.start(ip("198.51.100.2"));
        TrackerException busy = assertThrows(TrackerException.class, () -> limiter.start(ip("198.51.100.3")));
        assertEquals(TrackerException.Kind.RATE_LIMITED, busy.kind());
        assertEquals(1, busy.retryInMinutes());
        assertEquals(2, limiter.running());
        a.close();
        a.close(); // closing twice frees one slot only
        assertEquals(1, limiter.running());
        limiter.start(ip("198.51.100.3")).close(); // refused for being busy, not for its interval
        b.close();
        assertEquals(0, limiter.running());
    }

    @Test
    void aRefusalForTheIntervalHoldsNoSlot() {
        limiter.start(ip("198.51.100.1")).close();
        assertThrows(TrackerException.class, () -> limiter.start(ip("198.51.100.1")));
        assertEquals(0, limiter.running());
    }

    @Test
    void aZeroIntervalStillBoundsConcurrency() {
        FullScrapeLimiter unlimited = new FullScrapeLimiter(Duration.ZERO, 1, time);
        FullScrapeLimiter.Slot held = unlimited.start(ip("198.51.100.1"));
        assertThrows(TrackerException.class, () -> unlimited.start(ip("198.51.100.2")));
        held.close();
        unlimited.start(ip("198.51.100.1")).close();
        unlimited.start(ip("198.51.100.1")).close();
    }
}
