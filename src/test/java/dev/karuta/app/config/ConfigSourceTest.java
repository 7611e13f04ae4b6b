package dev.karuta.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.app.ConfigException;
import dev.karuta.app.TrackerConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigSourceTest {
    private static final Map<String, String> NONE = Map.of();

    @ParameterizedTest
    @CsvSource({
        "karuta.announce.interval, KARUTA_ANNOUNCE_INTERVAL",
        "karuta.ip.trustClientSupplied, KARUTA_IP_TRUSTCLIENTSUPPLIED",
        "karuta.subnet.v4Prefix, KARUTA_SUBNET_V4PREFIX",
        "karuta.ocelot.site.secret, KARUTA_OCELOT_SITE_SECRET",
    })
    void theEnvironmentNameIsTheKeyInUpperCaseWithUnderscores(String key, String variable) {
        assertEquals(variable, ConfigKeys.named(key).orElseThrow().environmentName());
    }

    @Test
    void initParamsWinOverSystemPropertiesWhichWinOverTheEnvironment() {
        Key<Integer> key = AnnounceKeys.INTERVAL;
        Map<String, String> env = Map.of("KARUTA_ANNOUNCE_INTERVAL", "300");
        assertEquals("300", new ConfigSource(NONE::get, NONE::get, env::get).lookup(key));
        assertEquals("200", new ConfigSource(NONE::get, Map.of(key.name(), "200")::get, env::get).lookup(key));
        assertEquals("100", new ConfigSource(Map.of(key.name(), "100")::get, Map.of(key.name(), "200")::get,
                env::get).lookup(key));
        assertNull(new ConfigSource(NONE::get, NONE::get, NONE::get).lookup(key), "unset everywhere");
    }

    @Test
    void aBlankValueFallsThroughToTheNextSourceAndIsTrimmed() {
        Key<Integer> key = AnnounceKeys.INTERVAL;
        ConfigSource source = new ConfigSource(Map.of(key.name(), " ")::get, Map.of(key.name(), "")::get,
                Map.of("KARUTA_ANNOUNCE_INTERVAL", " 600 ")::get);
        assertEquals("600", source.lookup(key));
        assertNull(new ConfigSource(NONE::get, NONE::get, Map.of("KARUTA_ANNOUNCE_INTERVAL", "  ")::get).lookup(key));
    }

    @Test
    void onlyTheUpperCaseVariableIsRead() {
        ConfigSource source = new ConfigSource(NONE::get, NONE::get,
                Map.of("karuta.announce.interval", "300", "karuta_announce_interval", "300")::get);
        assertNull(source.lookup(AnnounceKeys.INTERVAL));
    }

    @Test
    void theEnvironmentReachesTheSettingsAndItsErrorsNameTheKey() {
        TrackerConfig c = TrackerConfig.from(new ConfigSource(NONE::get, NONE::get, Map.of(
                "KARUTA_ANNOUNCE_INTERVAL", "1200", "KARUTA_IP_TRUSTCLIENTSUPPLIED", "true",
                "KARUTA_UDP_SECRET", "00112233445566778899aabbccddeeff")::get));
        assertEquals(1200, c.announce().intervalSeconds());
        assertTrue(c.http().trustClientSupplied());
        assertEquals(16, c.udp().secret().length);
        assertEquals("***", c.effective().get("karuta.udp.secret"));
        ConfigException e = assertThrows(ConfigException.class, () -> TrackerConfig.from(
                new ConfigSource(NONE::get, NONE::get, Map.of("KARUTA_UDP_WORKERS", "many")::get)));
        assertTrue(e.getMessage().contains("karuta.udp.workers"), e.getMessage());
    }
}
