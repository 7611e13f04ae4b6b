package dev.karuta.udp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConnectionIdsTest {
    private static final byte[] IP = {(byte) 198, 51, 100, 7};
    private static final byte[] OTHER_IP = {(byte) 198, 51, 100, 8};
    private static final byte[] IP6 = {0x20, 1, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7};
    private static final byte[] KEY = new byte[16];

    private final AtomicLong now = new AtomicLong(1_800_000_000L);
    private final ConnectionIds ids = new ConnectionIds(KEY, Duration.ofSeconds(300), now::get);

    @Test
    void validForItsAddressDuringItsLifetime() {
        long id = ids.issue(IP);
        assertTrue(ids.isValid(id, IP));
        now.addAndGet(300);
        assertTrue(ids.isValid(id, IP), "still valid at the end of the lifetime");
        now.addAndGet(1);
        assertFalse(ids.isValid(id, IP), "expired one second later");
    }

    @Test
    void boundToTheSourceAddress() {
        assertFalse(ids.isValid(ids.issue(IP), OTHER_IP));
        assertFalse(ids.isValid(ids.issue(IP6), IP));
        assertTrue(ids.isValid(ids.issue(IP6), IP6));
    }

    @Test
    void forgedIdsFail() {
        long id = ids.issue(IP);
        assertFalse(ids.isValid(id ^ 1, IP), "flipped MAC bit");
        assertFalse(ids.isValid(id + (1L << 32), IP), "moved issue time with the old MAC");
        assertFalse(ids.isValid(UdpHandler.PROTOCOL_ID, IP), "the connect magic is no ID");
        assertFalse(ids.isValid(0, IP));
        ConnectionIds otherKey = new ConnectionIds(null, Duration.ofSeconds(300), now::get);
        assertFalse(otherKey.isValid(id, IP), "another node's random key");
    }

    @Test
    void sharedKeyWorksAcrossNodesWithSmallClockSkew() {
        AtomicLong otherClock = new AtomicLong(now.get() - 10);
        ConnectionIds node2 = new ConnectionIds(KEY, Duration.ofSeconds(300), otherClock::get);
        assertTrue(node2.isValid(ids.issue(IP), IP), "issued 10 s in node 2's future");
        otherClock.set(now.get() - 120);
        assertFalse(node2.isValid(ids.issue(IP), IP), "two minutes of skew is too much");
    }

    @Test
    void idsDifferPerAddressAndTime() {
        long a = ids.issue(IP);
        assertNotEquals(a, ids.issue(OTHER_IP));
        now.incrementAndGet();
        assertNotEquals(a, ids.issue(IP));
    }
}
