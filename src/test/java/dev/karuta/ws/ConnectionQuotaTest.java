package dev.karuta.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.core.PeerAddress;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** The WebSocket connection quota: in all, per IPv4 address and per IPv6 /64, and nothing left once released. */
class ConnectionQuotaTest {
    private static PeerAddress at(String ip) throws Exception {
        return PeerAddress.of(InetAddress.getByName(ip).getAddress(), 0);
    }

    @Test
    void oneAddressGetsItsShareAndNoMore() throws Exception {
        ConnectionQuota quota = new ConnectionQuota(100, 2);
        assertNull(quota.acquire(at("192.0.2.1")));
        assertNull(quota.acquire(at("192.0.2.1")));
        assertTrue(quota.acquire(at("192.0.2.1")).startsWith("too many connections from this address"));
        assertNull(quota.acquire(at("192.0.2.2")), "another address has its own share");
        assertEquals(3, quota.total(), "a refusal is not counted");
        quota.release(at("192.0.2.1"));
        assertNull(quota.acquire(at("192.0.2.1")), "a closed connection frees its place");
    }

    @Test
    void anIpv6Slash64CountsAsOneAddress() throws Exception {
        ConnectionQuota quota = new ConnectionQuota(100, 2);
        assertNull(quota.acquire(at("2001:db8:1:2::1")));
        assertNull(quota.acquire(at("2001:db8:1:2:ffff::9")));
        assertTrue(quota.acquire(at("2001:db8:1:2::3")) != null, "the same /64");
        assertNull(quota.acquire(at("2001:db8:1:3::1")), "the next /64");
        assertNull(quota.acquire(at("0.0.0.1")), "an IPv4 address never shares an IPv6 /64's count");
    }

    @Test
    void theTotalBoundsEveryAddressTogether() throws Exception {
        ConnectionQuota quota = new ConnectionQuota(3, 10);
        for (int i = 1; i <= 3; i++) {
            assertNull(quota.acquire(at("198.51.100." + i)));
        }
        assertEquals("too many connections to this tracker", quota.acquire(at("198.51.100.9")));
        assertEquals(3, quota.total());
        assertEquals(3, quota.addresses(), "the refused address left no entry");
        for (int i = 1; i <= 3; i++) {
            quota.release(at("198.51.100." + i));
        }
        assertEquals(0, quota.total());
        assertEquals(0, quota.addresses(), "nothing kept for addresses gone");
    }
}
