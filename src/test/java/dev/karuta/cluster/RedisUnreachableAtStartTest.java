package dev.karuta.cluster;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.testing.KarutaServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A node whose Redis cannot be reached at start fails its deployment, naming the key, never the password. */
class RedisUnreachableAtStartTest {
    @Test
    void theDeploymentFailsNamingTheKeyButNotThePassword() {
        Exception e = assertThrows(Exception.class, () -> KarutaServer.start(Map.of("karuta.registry", "redis",
                "karuta.redis.uri", "redis://:hunter2@127.0.0.1:1", "karuta.redis.timeout", "500"), null).close());
        StringBuilder chain = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            chain.append(t).append('\n');
        }
        assertTrue(chain.toString().contains("karuta.redis.uri"), chain.toString());
        assertFalse(chain.toString().contains("hunter2"), chain.toString());
    }
}
