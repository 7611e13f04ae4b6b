package dev.karuta.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a {@link LettuceClient} reads the URI of its settings. */
class LettuceClientTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    @Test
    void aClusterUriBecomesOneUriPerHostWithItsPassword() {
        var uris = LettuceClient.uris(
                new RedisSettings("redis-cluster://:pw@10.0.0.1:7000,10.0.0.2:7001", TIMEOUT, "k:"));
        assertEquals(List.of("10.0.0.1", "10.0.0.2"), uris.stream().map(u -> u.getHost()).toList());
        assertEquals(7001, uris.get(1).getPort());
        assertEquals("pw", new String(uris.get(1).getCredentialsProvider().resolveCredentials().block().getPassword()));
        assertEquals(1, LettuceClient.uris(
                new RedisSettings("redis-sentinel://10.0.0.1:26379,10.0.0.2:26379/0#mymaster", TIMEOUT, "k:")).size());
    }
}
