package dev.karuta.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.http.ProxyHeader;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.stream.Stream;

class TrackerConfigTest {

    @Test
    void udpWorkersDefaultToOnePerCpuAtMostEight() {
        int cpus = Runtime.getRuntime().availableProcessors();
        assertEquals(Math.min(8, cpus), TrackerConfig.from(k -> null).udp().workers(), "0: one per CPU");
        assertEquals(3, TrackerConfig.from(Map.of("karuta.udp.workers", "3")::get).udp().workers(), "as given");
        assertEquals(1, TrackerConfig.udpWorkers(0, 1), "pinned to one CPU: one socket");
        assertEquals(2, TrackerConfig.udpWorkers(0, 2));
        assertEquals(8, TrackerConfig.udpWorkers(0, 64));
        assertEquals(16, TrackerConfig.udpWorkers(16, 2), "a configured count wins");
    }

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
        assertEquals(ProxyHeader.X_FORWARDED_FOR, c.http().proxyHeader(), "the header the nginx recipe sets");
        assertEquals(2, c.http().fullScrapeConcurrent());
        assertFalse(c.http().trustClientSupplied());
        assertTrue(c.http().otherFamily(), "BEP 7 dual-stack clients add their other-family address");
        assertFalse(TrackerConfig.from(Map.of("karuta.ip.otherFamily", "false")::get).http().otherFamily());
        assertEquals(6969, c.udp().port());
        assertNull(c.udp().secret(), "a random key per start");
        assertTrue(c.metrics().enabled(), "/metrics is open by default");
        assertTrue(c.metrics().allowFrom().isEmpty(), "to everyone");
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
        "karuta.proxy.header, X-Client-IP",
        "karuta.proxy.header, 'X-Forwarded-For, Forwarded'",
        "karuta.scrape.fullConcurrent, 0",
        "karuta.udp.port, 70000",
        "karuta.udp.workers, -1",
        "karuta.http.maxQueryLength, 10",
        "karuta.metrics.enabled, on",
        "karuta.metrics.allowFrom, 'localhost'",
        "karuta.metrics.allowFrom, '10.0.0.0/33'",
        "karuta.db.flushInterval, 0",
        "karuta.db.flushInterval, 3601",
        "karuta.data.dir, relative/dir",
        "karuta.data.dir, /tmp/a;b",
        "karuta.db.jndi, java:comp/env/jdbc/my db",
        "karuta.db.url, jdbc:sqlite:/tmp/karuta.db",
        "karuta.db.url, postgresql://127.0.0.1/test",
        "karuta.mode, semi-private",
        "karuta.private.store, redis",
        "karuta.ocelot.site.secret, tooshort",
        "karuta.gazelle.schema, luminance",
        "karuta.private.flushInterval, 0",
        "karuta.registry, caffeine",
        "karuta.redis.uri, http://127.0.0.1:6379",
        "karuta.redis.uri, redis://",
        "karuta.redis.timeout, 10",
        "karuta.redis.timeout, 60001",
        "karuta.redis.prefix, 'a b'",
    })
    void invalidValuesNameTheirKey(String key, String value) {
        ConfigException e = assertThrows(ConfigException.class, () -> TrackerConfig.from(Map.of(key, value)::get));
        assertTrue(e.getMessage().contains(key), e.getMessage());
    }

    @Test
    void theRedisRegistryNeedsAUriWhosePasswordIsNeverShown() {
        ConfigException missing = assertThrows(ConfigException.class,
                () -> TrackerConfig.from(Map.of("karuta.registry", "redis")::get));
        assertTrue(missing.getMessage().contains("karuta.redis.uri"), missing.getMessage());
        TrackerConfig c = TrackerConfig.from(Map.of("karuta.registry", "redis", "karuta.redis.uri",
                "redis://karuta:pa55word@10.0.0.5:6380/2", "karuta.redis.timeout", "750")::get);
        assertTrue(c.nodes().redisRegistry());
        assertTrue(c.nodes().shared());
        assertEquals(java.time.Duration.ofMillis(750), c.nodes().timeout());
        assertEquals("karuta:", c.nodes().redis().keyPrefix());
        assertEquals("redis://***@10.0.0.5:6380/2", c.effective().get("karuta.redis.uri"));
        assertFalse(c.effective().toString().contains("pa55word"));
        assertFalse(c.nodes().toString().contains("pa55word"));
        ConfigException bad = assertThrows(ConfigException.class,
                () -> TrackerConfig.from(Map.of("karuta.redis.uri", "redis//:pa55word@")::get));
        assertFalse(bad.getMessage().contains("pa55word"), "the error does not echo the URI");
        TrackerConfig memory = TrackerConfig.from(Map.<String, String>of()::get);
        assertFalse(memory.nodes().redisRegistry());
        assertFalse(memory.nodes().shared());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "redis://127.0.0.1:6379", "rediss://redis.example:6380/0", "redis://:secret@[::1]:6379",
        "redis-sentinel://10.0.0.1:26379,10.0.0.2:26379/0#mymaster",
        "redis-cluster://10.0.0.1:7000,10.0.0.2:7000,10.0.0.3:7000", "redis-cluster://:pw@10.0.0.1:7000,10.0.0.2:7000",
    })
    void theRedisUriFormsAreAccepted(String uri) {
        assertTrue(TrackerConfig.from(Map.of("karuta.redis.uri", uri)::get).nodes().shared());
    }

    @Test
    void privateModeNeedsAGazelleUrlForTheGazelleStoreAndNoFullScrape() {
        ConfigException url = assertThrows(ConfigException.class, () -> TrackerConfig.from(Map.of("karuta.mode", "private",
                "karuta.private.store", "gazelle")::get));
        assertTrue(url.getMessage().contains("karuta.gazelle.url"), url.getMessage());
        ConfigException full = assertThrows(ConfigException.class, () -> TrackerConfig.from(Map.of("karuta.mode", "private",
                "karuta.scrape.full", "true")::get));
        assertTrue(full.getMessage().contains("karuta.scrape.full"), full.getMessage());
        TrackerConfig ok = TrackerConfig.from(Map.of("karuta.mode", "private", "karuta.private.store", "gazelle",
                "karuta.gazelle.url", "jdbc:mariadb://127.0.0.1:3306/gazelle", "karuta.gazelle.schema", "opsnet",
                "karuta.gazelle.user", "gazelle",
                "karuta.ocelot.site.secret", "0123456789abcdef0123456789ABCDEF",
                "karuta.gazelle.password", "hunter2")::get);
        assertTrue(ok.privateMode().enabled());
        assertEquals("opsnet", ok.privateMode().gazelle().schema());
        assertFalse(ok.effective().toString().contains("0123456789abcdef0123456789ABCDEF"), "secrets are never shown");
        assertFalse(ok.effective().toString().contains("hunter2"));
    }

    /** Keys whose value is any text: a database user or password may be anything. */
    private static final java.util.Set<String> FREE_TEXT = java.util.Set.of("karuta.db.user", "karuta.db.password",
            "karuta.gazelle.user", "karuta.gazelle.password");

    /** Every key but the free-text ones, given a value no key accepts, fails the configuration and is named. */
    @ParameterizedTest
    @MethodSource("everyKey")
    void everyKeyRefusesNonsenseAndNamesItself(String key) {
        if (FREE_TEXT.contains(key)) {
            org.junit.jupiter.api.Assertions.assertDoesNotThrow(
                    () -> TrackerConfig.from(Map.of(key, "no such value!")::get));
            return;
        }
        ConfigException e = assertThrows(ConfigException.class,
                () -> TrackerConfig.from(Map.of(key, "no such value!")::get));
        assertTrue(e.getMessage().contains(key), e.getMessage());
    }

    static Stream<String> everyKey() {
        assertTrue(TrackerConfig.DEFAULTS.size() > 20, "the key list is there");
        return TrackerConfig.DEFAULTS.keySet().stream();
    }

    @ParameterizedTest
    @CsvSource({
        "karuta.subnet.v4Prefix, 0", "karuta.subnet.v4Prefix, 32", "karuta.subnet.v6Prefix, 0",
        "karuta.subnet.v6Prefix, 64", "karuta.udp.port, 0", "karuta.udp.port, 65535", "karuta.numwant.max, 10000",
        "karuta.announce.intervalJitter, 0", "karuta.scrape.full, TRUE", "karuta.udp.host, 127.0.0.1",
        "karuta.udp.host, [::1]", "karuta.proxy.trusted, '10.0.0.0/8, ::1'", "karuta.swarm.maxTorrents, 1",
        "karuta.metrics.enabled, false", "karuta.metrics.allowFrom, '127.0.0.1/32,10.0.0.0/8,::1/128'",
        "karuta.proxy.header, X-Real-IP", "karuta.proxy.header, forwarded", "karuta.scrape.fullConcurrent, 1",
    })
    void boundaryValuesAreAccepted(String key, String value) {
        assertEquals(value.trim(), TrackerConfig.from(Map.of(key, value)::get).effective().get(key));
    }

    @Test
    void overridesReachTheSettings() {
        TrackerConfig c = TrackerConfig.from(Map.of("karuta.peer.ttl", "100", "karuta.swarm.idle", "300",
                "karuta.swarm.maxTorrents", "5", "karuta.subnet.v4Prefix", "16", "karuta.announce.interval", "1000",
                "karuta.announce.minInterval", "10", "karuta.sweep.interval", "7", "karuta.udp.port", "7000")::get);
        assertEquals(Duration.ofSeconds(100), c.registry().peerTtl());
        assertEquals(Duration.ofSeconds(300), c.registry().swarmIdle());
        assertEquals(5, c.registry().maxTorrents());
        assertEquals(16, c.registry().subnetPrefixV4());
        assertEquals(1000, c.announce().intervalSeconds());
        assertEquals(10, c.announce().minIntervalSeconds());
        assertEquals(Duration.ofSeconds(7), c.sweepInterval());
        assertEquals(7000, c.udp().port());
        assertEquals(Duration.ofSeconds(100), TrackerConfig.from(Map.of("karuta.peer.ttl", "100")::get).registry().swarmIdle(),
                "idle follows the TTL when unset");
    }

    @Test
    void aBlankInitParamFallsBackToTheSystemProperty() {
        System.setProperty("karuta.peer.ttl", "1234");
        try {
            assertEquals(Duration.ofSeconds(1234),
                    TrackerConfig.from(Map.of("karuta.peer.ttl", "  ")::get).registry().peerTtl());
            assertEquals(Duration.ofSeconds(99),
                    TrackerConfig.from(Map.of("karuta.peer.ttl", " 99 ")::get).registry().peerTtl(), "trimmed");
        } finally {
            System.clearProperty("karuta.peer.ttl");
        }
    }

    @Test
    void anInvalidSystemPropertyIsNamedToo() {
        System.setProperty("karuta.udp.workers", "many");
        try {
            ConfigException e = assertThrows(ConfigException.class, () -> TrackerConfig.from(k -> null));
            assertTrue(e.getMessage().contains("karuta.udp.workers"), e.getMessage());
        } finally {
            System.clearProperty("karuta.udp.workers");
        }
    }

    @Test
    void inconsistentValuesNameTheKeysInvolved() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> TrackerConfig.from(Map.of("karuta.announce.interval", "60")::get));
        assertTrue(e.getMessage().contains("karuta.announce.minInterval"), e.getMessage());
        ConfigException idle = assertThrows(ConfigException.class,
                () -> TrackerConfig.from(Map.of("karuta.swarm.idle", "60")::get));
        assertTrue(idle.getMessage().contains("karuta.swarm.idle"), idle.getMessage());
        ConfigException numWant = assertThrows(ConfigException.class,
                () -> TrackerConfig.from(Map.of("karuta.numwant.default", "300")::get));
        assertTrue(numWant.getMessage().contains("karuta.numwant.default"), numWant.getMessage());
    }

    // ---- store ------------------------------------------------------------------------------------

    @Test
    void theStoreDefaultsToAnEmbeddedDatabaseInTheHomeDirectory() {
        // No environment: a test run under a systemd unit with StateDirectory= would have $STATE_DIRECTORY.
        TrackerConfig c = TrackerConfig.from(new dev.karuta.app.config.ConfigSource(k -> null, System::getProperty,
                k -> null));
        java.nio.file.Path home = java.nio.file.Path.of(System.getProperty("user.home"), ".karuta");
        assertEquals(home, c.store().dataDir());
        assertEquals(home.toString(), c.effective().get("karuta.data.dir"), "the log shows where the data is");
        assertTrue(c.store().embedded());
        assertEquals("jdbc:h2:file:" + home.resolve("karuta") + ";DB_CLOSE_ON_EXIT=FALSE", c.store().jdbcUrl());
        assertEquals("sa", c.store().jdbcUser());
        assertEquals(Duration.ofSeconds(5), c.store().flushInterval());
    }

    @Test
    void aUrlOrAJndiNameReplaceTheEmbeddedDatabase() {
        TrackerConfig url = TrackerConfig.from(Map.of("karuta.db.url", "jdbc:postgresql://127.0.0.1:5432/karuta",
                "karuta.db.user", "tracker", "karuta.db.flushInterval", "30")::get);
        assertFalse(url.store().embedded());
        assertEquals("jdbc:postgresql://127.0.0.1:5432/karuta", url.store().jdbcUrl());
        assertEquals("tracker", url.store().jdbcUser());
        assertEquals(Duration.ofSeconds(30), url.store().flushInterval());
        TrackerConfig jndi = TrackerConfig.from(Map.of("karuta.db.jndi", "java:comp/env/jdbc/karuta")::get);
        assertFalse(jndi.store().embedded());
        assertEquals("java:comp/env/jdbc/karuta", jndi.store().jndi());
        assertEquals("jdbc:h2:file:/srv/h2/db;MODE=PostgreSQL;DB_CLOSE_ON_EXIT=FALSE",
                TrackerConfig.from(Map.of("karuta.db.url", "jdbc:h2:file:/srv/h2/db;MODE=PostgreSQL")::get).store()
                        .jdbcUrl(), "H2's own shutdown hook must not close the database under a graceful stop");
    }

    @Test
    void theDatabasePasswordIsNeverShown() {
        String password = "pw-that-must-not-show";
        TrackerConfig c = TrackerConfig.from(Map.of("karuta.db.password", password)::get);
        assertEquals(password, c.store().password());
        assertEquals("***", c.effective().get("karuta.db.password"));
        assertFalse(c.effective().toString().contains(password));
        assertFalse(c.store().toString().contains(password));
    }

    @Test
    void anInvalidUrlIsNamedButNotEchoed() {
        String url = "jdbc:oracle:thin:scott/tiger-secret@db:1521:orcl";
        ConfigException e = assertThrows(ConfigException.class,
                () -> TrackerConfig.from(Map.of("karuta.db.url", url)::get));
        assertTrue(e.getMessage().contains("karuta.db.url"), e.getMessage());
        assertFalse(e.getMessage().contains("tiger-secret"), "a URL may carry a password");
    }
}
