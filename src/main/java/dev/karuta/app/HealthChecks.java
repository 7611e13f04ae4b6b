package dev.karuta.app;

import dev.karuta.health.Check;
import dev.karuta.health.FlushCheck;
import dev.karuta.health.Readiness;
import dev.karuta.health.RedisCheck;
import dev.karuta.health.Status;
import dev.karuta.health.UdpCheck;
import dev.karuta.swarm.redis.RedisSwarmRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts {@code /health/ready} looks at, from what the {@link Node} built: the swarm registry
 * (in memory always up; in Redis, one shared PING within {@code karuta.redis.timeout}), the UDP
 * sockets when UDP is on, and in private mode how far behind the accounts store is
 * ({@code karuta.health.maxFlushLag}).
 */
final class HealthChecks {
    private HealthChecks() {
    }

    /** Readiness over the parts of {@code c}. */
    static Readiness of(Components c) {
        List<Check> checks = new ArrayList<>();
        if (c.registry() instanceof RedisSwarmRegistry redis) {
            checks.add(new RedisCheck(redis::ping, c.config().nodes().redis().commandTimeout(), c.time()));
        } else {
            Status memory = Status.up("kind", "memory");
            checks.add(Check.of("registry", () -> memory));
        }
        if (c.udp() != null) {
            checks.add(new UdpCheck(c.udp()));
        }
        if (c.accounts() != null) {
            checks.add(new FlushCheck(c.accounts().flusher(), c.config().maxFlushLag()));
        }
        return new Readiness(checks);
    }
}
