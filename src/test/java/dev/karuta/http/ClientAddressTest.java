package dev.karuta.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.karuta.core.TrackerException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {
    private static final byte[] CLIENT = {(byte) 203, 0, 113, 7};
    private static final byte[] PROXY = {10, 0, 0, 1};
    private static final TrustedProxies PROXIES = TrustedProxies.parse("10.0.0.0/8, ::1");
    private final ClientAddress behindProxies = new ClientAddress(PROXIES, ProxyHeader.X_FORWARDED_FOR);
    private final ClientAddress forwarded = new ClientAddress(PROXIES, ProxyHeader.FORWARDED);
    private final ClientAddress realIp = new ClientAddress(PROXIES, ProxyHeader.X_REAL_IP);
    private final ClientAddress direct = new ClientAddress(TrustedProxies.none(), ProxyHeader.X_FORWARDED_FOR);

    @Test
    void withoutTrustedProxiesTheConnectionAddressWins() {
        assertArrayEquals(PROXY, direct.resolve("10.0.0.1", List.of("203.0.113.7")));
    }

    @Test
    void untrustedConnectionsCannotForgeForwardingHeaders() {
        byte[] other = {(byte) 198, 51, 100, 1};
        assertArrayEquals(other, behindProxies.resolve("198.51.100.1", List.of("203.0.113.7")));
        assertArrayEquals(other, forwarded.resolve("198.51.100.1", List.of("for=203.0.113.7")));
        assertArrayEquals(other, realIp.resolve("198.51.100.1", List.of("203.0.113.7")));
    }

    @Test
    void eachModeReadsOnlyItsOwnHeader() {
        assertEquals("X-Forwarded-For", behindProxies.header().headerName());
        assertEquals("Forwarded", forwarded.header().headerName());
        assertEquals("X-Real-IP", realIp.header().headerName());
        // A Forwarded value handed to the X-Forwarded-For reader is not an address list: refused, not believed.
        assertThrows(TrackerException.class, () -> behindProxies.resolve("10.0.0.1", List.of("for=203.0.113.7")));
    }

    @Test
    void headerNamesAreReadInAnyCaseAndNothingElse() {
        assertEquals(ProxyHeader.X_REAL_IP, ProxyHeader.named("x-real-ip"));
        assertEquals(ProxyHeader.FORWARDED, ProxyHeader.named("Forwarded"));
        assertEquals(ProxyHeader.X_FORWARDED_FOR, ProxyHeader.named("X-FORWARDED-FOR"));
        assertThrows(IllegalArgumentException.class, () -> ProxyHeader.named("X-Client-IP"));
        assertThrows(IllegalArgumentException.class, () -> ProxyHeader.named(""));
    }

    @Test
    void takesRightMostUntrustedXForwardedFor() {
        // The left-most entry is whatever the client claimed; only hops added by trusted proxies count.
        assertArrayEquals(CLIENT, behindProxies.resolve("10.0.0.1", List.of("1.1.1.1, 203.0.113.7", "10.0.0.2")));
    }

    @Test
    void realIpIsTheAddressTheProxySet() {
        assertArrayEquals(CLIENT, realIp.resolve("10.0.0.1", List.of("203.0.113.7")));
        assertArrayEquals(PROXY, realIp.resolve("10.0.0.1", List.of()), "no header: the proxy's own address");
    }

    @Test
    void forwardedReadsQuotedIpv6WithPort() {
        byte[] v6 = {0x20, 0x01, 0x0d, (byte) 0xb8, (byte) 0xca, (byte) 0xfe, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x17};
        assertArrayEquals(v6, forwarded.resolve("10.0.0.1",
                List.of("for=192.0.2.60;proto=http, for=\"[2001:db8:cafe::17]:4711\"")));
    }

    @Test
    void forwardedIpv4WithPort() {
        assertArrayEquals(CLIENT, forwarded.resolve("[0:0:0:0:0:0:0:1]", List.of("For=203.0.113.7:5000")));
    }

    @Test
    void allHopsTrustedGivesTheLeftMost() {
        assertArrayEquals(new byte[] {10, 9, 9, 9}, behindProxies.resolve("10.0.0.1", List.of("10.9.9.9, 10.0.0.3")));
    }

    @Test
    void ipv4MappedIsIpv4() {
        assertArrayEquals(CLIENT, direct.resolve("::ffff:203.0.113.7", List.of()));
    }

    @Test
    void unreadableForwardedHopIsRefused() {
        assertThrows(TrackerException.class, () -> forwarded.resolve("10.0.0.1", List.of("for=unknown")));
        assertThrows(TrackerException.class, () -> behindProxies.resolve("10.0.0.1", List.of("evil.example")));
    }

    @Test
    void proxyListRejectsHostNamesAndBadPrefixes() {
        assertThrows(IllegalArgumentException.class, () -> TrustedProxies.parse("proxy.example"));
        assertThrows(IllegalArgumentException.class, () -> TrustedProxies.parse("10.0.0.0/33"));
        assertThrows(IllegalArgumentException.class, () -> TrustedProxies.parse("10.0.0.0/x"));
    }
}
