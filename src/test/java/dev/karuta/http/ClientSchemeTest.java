package dev.karuta.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The scheme behind a TLS-terminating proxy: believed from trusted proxies only, in the configured header's way. */
class ClientSchemeTest {
    private static final TrustedProxies PROXIES = TrustedProxies.parse("10.0.0.0/8, ::1");
    private final ClientScheme xForwardedFor = new ClientScheme(PROXIES, ProxyHeader.X_FORWARDED_FOR);
    private final ClientScheme realIp = new ClientScheme(PROXIES, ProxyHeader.X_REAL_IP);
    private final ClientScheme forwarded = new ClientScheme(PROXIES, ProxyHeader.FORWARDED);
    private final ClientScheme direct = new ClientScheme(TrustedProxies.none(), ProxyHeader.X_FORWARDED_FOR);

    @Test
    void eachModeReadsTheSchemeHeaderThatGoesWithIt() {
        assertEquals("X-Forwarded-Proto", xForwardedFor.headerName());
        assertEquals("X-Forwarded-Proto", realIp.headerName(), "nginx sets X-Forwarded-Proto beside X-Real-IP");
        assertEquals("Forwarded", forwarded.headerName());
    }

    @Test
    void aTrustedProxyNamesTheScheme() {
        assertEquals("https", xForwardedFor.resolve("10.0.0.1", "http", List.of("https")));
        assertEquals("https", realIp.resolve("10.0.0.1", "http", List.of("HTTPS")));
        assertEquals("https", xForwardedFor.resolve("::1", "http", List.of("https")));
        assertEquals("http", xForwardedFor.resolve("10.0.0.1", "https", List.of("http")), "TLS up to the proxy only");
        assertEquals("http", xForwardedFor.resolve("10.0.0.1", "http", List.of()), "no header: the connection's");
    }

    @Test
    void fromAnyOtherSourceTheHeaderIsIgnored() {
        assertEquals("http", xForwardedFor.resolve("198.51.100.1", "http", List.of("https")));
        assertEquals("http", forwarded.resolve("198.51.100.1", "http", List.of("for=203.0.113.7;proto=https")));
        assertEquals("http", direct.resolve("10.0.0.1", "http", List.of("https")), "no proxy configured");
        assertEquals("https", direct.resolve("10.0.0.1", "https", List.of("http")));
    }

    @Test
    void theRightMostValueIsTheOneTheTrustedProxyWrote() {
        // A proxy that appends leaves the client's own claim on the left.
        assertEquals("http", xForwardedFor.resolve("10.0.0.1", "http", List.of("https, http")));
        assertEquals("https", xForwardedFor.resolve("10.0.0.1", "http", List.of("http", "https")));
    }

    @Test
    void onlyHttpOrHttpsIsBelieved() {
        for (String bad : new String[] {"javascript", "ftp", "", "https://x", "wss"}) {
            assertEquals("http", xForwardedFor.resolve("10.0.0.1", "http", List.of(bad)), bad);
            assertEquals("http", forwarded.resolve("10.0.0.1", "http", List.of("for=203.0.113.7;proto=" + bad)), bad);
        }
    }

    @Test
    void forwardedTakesTheProtoOfTheElementThatNamesTheClient() {
        assertEquals("https", forwarded.resolve("10.0.0.1", "http", List.of("for=203.0.113.7;proto=https")));
        assertEquals("https", forwarded.resolve("10.0.0.1", "http",
                List.of("for=\"[2001:db8::7]:4711\";proto=\"https\"")));
        // The TLS proxy 10.0.0.2 saw the client over https and forwarded to an inner proxy over http.
        assertEquals("https", forwarded.resolve("10.0.0.1", "http",
                List.of("for=203.0.113.7;proto=https", "for=10.0.0.2;proto=http")));
        // Left of the client's element is the client's own claim: never read.
        assertEquals("http", forwarded.resolve("10.0.0.1", "https",
                List.of("for=192.0.2.1;proto=https, for=203.0.113.7;proto=http")));
        assertEquals("https", forwarded.resolve("10.0.0.1", "http", List.of("proto=https;by=10.0.0.1")),
                "an element without for= names the client's hop");
        assertEquals("http", forwarded.resolve("10.0.0.1", "http", List.of("for=203.0.113.7")), "no proto=");
    }

    @Test
    void eachModeReadsOnlyItsOwnFormat() {
        // A Forwarded value handed to the X-Forwarded-Proto reader is no scheme; the reverse has no proto=.
        assertEquals("http", xForwardedFor.resolve("10.0.0.1", "http", List.of("for=203.0.113.7;proto=https")));
        assertEquals("http", forwarded.resolve("10.0.0.1", "http", List.of("https")));
    }
}
