package dev.karuta.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrackerConfigTest {

    @Test
    void defaultsMatchTheProtocolNotes() {
        TrackerConfig c = TrackerConfig.from(k -> null);
        assertEquals(1800, c.announce().intervalSeconds());
        assertEquals(240, c.announce().intervalJitterSeconds());
        assertEquals(900, c.announce().minIntervalSeconds());
        assertEquals(50, c.announce().defaultNumWant());
        assertEquals(200, c.announce().maxNumWant());
        assertEquals(Duration.ofSeconds(2700), c.registry().peerTtl());
        assertEquals(Duration.ofSeconds(2700), c.registry().swarmIdle(), "idle defaults to the TTL");
        assertEquals(24, c.registry().subnetPrefixV4());
        assertEquals(48, c.registry().subnetPrefixV6());
        assertFalse(c.http().fullScrape());
        assertTrue(c.http().trustedProxies().isEmpty());
        assertEquals(6969, c.udp().port());
        assertNull(c.udp().secret(), "a random key per start");
    }

    @Test
    void initParamsWinOverSystemPropertiesWhichWinOverDefaults() {
        System.setProperty("karuta.numwant.default", "7");
        System.setProperty("karuta.numwant.max", "70");
        try {
            TrackerConfig c = TrackerConfig.from(Map.of("karuta.numwant.max", "80", "karuta.scrape.full", " ")::get);
            assertEquals(7, c.announce().defaultNumWant());
            assertEquals(80, c.announce().maxNumWant());
            assertFalse(c.http().fullScrape(), "blank means unset");
        } finally {
            System.clearProperty("karuta.numwant.default");
            System.clearProperty("karuta.numwant.max");
        }
    }

    @Test
    void secretsAreParsedButNeverShown() {
        String secret = "00112233445566778899aabbccddeeff";
        TrackerConfig c = TrackerConfig.from(Map.of("karuta.udp.secret", secret)::get);
        assertEquals(16, c.udp().secret().length);
        assertEquals("***", c.effective().get("karuta.udp.secret"));
        assertFalse(c.effective().toString().contains(secret));
        ConfigException e = assertThrows(ConfigException.class,
                () -> TrackerConfig.from(Map.of("karuta.udp.secret", "secret-value-xyz")::get));
        assertTrue(e.getMessage().contains("karuta.udp.secret"));
        assertFalse(e.getMessage().contains("secret-value-xyz"), "the error does not echo the secret");
    }

    @ParameterizedTest
    @CsvSource({
        "karuta.announce.interval, 0",
        "karuta.announce.interval, soon",
        "karuta.numwant.max, -1",
        "karuta.peer.ttl, 1.5",
        "karuta.subnet.v4Prefix, 33",
        "karuta.subnet.v6Prefix, 65",
        "karuta.swarm.maxTorrents, 0",
        "karuta.scrape.full, yes",
        "karuta.proxy.trusted, proxy.example",
        "karuta.udp.port, 70000",
        "karuta.udp.workers, 0",
        "karuta.http.maxQueryLength, 10",
    })
    void invalidValuesNameTheirKey(String key, String value) {
        ConfigException e = assertThrows(ConfigException.class, () -> TrackerConfig.from(Map.of(key, value)::get));
        assertTrue(e.getMessage().contains(key), e.getMessage());
    }

    @Test
    void inconsistentValuesNameTheKeysInvolved() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> TrackerConfig.from(Map.of("karuta.announce.interval", "60")::get));
        assertTrue(e.getMessage().contains("karuta.announce.minInterval"), e.getMessage());
        ConfigException idle = assertThrows(ConfigException.class,
                () -> TrackerConfig.from(Map.of("karuta.swarm.idle", "60")::get));
        assertTrue(idle.getMessage().contains("karuta.swarm.idle"), idle.getMessage());
    }
}
