package dev.karuta.swarm.redis;

import static dev.karuta.core.Answers.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.core.AnnounceRequest;
import dev.karuta.core.AnnounceResult;
import dev.karuta.core.Event;
import dev.karuta.core.SwarmStats;
import dev.karuta.core.Swarms;
import dev.karuta.core.TimeSource;
import dev.karuta.redis.RedisSettings;
import dev.karuta.swarm.RegistrySettings;
import dev.karuta.swarm.SnatchLedger;
import dev.karuta.swarm.SwarmRegistry;
import dev.karuta.swarm.SwarmRegistryContract;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contract against the standalone Redis of {@link TestRedis}. Each registry this test makes gets
 * a key prefix of its own, so a registry made anew within a test (the contract's "after a restart")
 * starts from nothing as the in-memory one does; every key is deleted afterwards.
 */
class RedisSwarmRegistryTest extends SwarmRegistryContract {
    private final List<String> prefixes = new ArrayList<>();

    @Override
    protected SwarmRegistry create(RegistrySettings settings, TimeSource ticker, SnatchLedger ledger) {
        TestRedis.requireReachable();
        String prefix = TestRedis.uniquePrefix();
        prefixes.add(prefix);
        return new RedisSwarmRegistry(new RedisSettings(TestRedis.URI, Duration.ofSeconds(2), prefix), settings, ticker,
                ledger);
    }

    @AfterEach
    void deleteKeys() {
        if (!prefixes.isEmpty()) {
            TestRedis.deleteKeys(TestRedis.URI, prefixes);
        }
    }

    private String currentPrefix() {
        return prefixes.get(prefixes.size() - 1);
    }

    /** Keys of the current registry, sorted. */
    private List<String> keysNow() {
        RedisClient client = RedisClient.create(TestRedis.URI);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            List<String> keys = new ArrayList<>(c.sync().keys(currentPrefix() + "*"));
            keys.replaceAll(k -> k.substring(currentPrefix().length()));
            keys.sort(null);
            return keys;
        } finally {
            client.shutdown();
        }
    }

    private String redisCommand(java.util.function.Function<io.lettuce.core.api.sync.RedisCommands<String, String>, String> f) {
        RedisClient client = RedisClient.create(TestRedis.URI);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            return f.apply(c.sync());
        } finally {
            client.shutdown();
        }
    }

    @Test
    void aSwarmLeavesNoKeyBehindWhenItsLastPeerStops() {
        join(registry.announce(AnnounceRequest.builder(HASH, peer(1), v4(10, 0, 0, 1, 1)).other(v6(1, 1)).left(5)
                .event(Event.STARTED).numWant(50).key(1).build(), 50, Swarms.NO_OWNER));
        announce(2, v4(10, 0, 0, 2, 1), 0, Event.STARTED, 50);
        assertTrue(keysNow().stream().filter(k -> !k.startsWith("{global}")).allMatch(k -> k.startsWith("{" + HASH.toHex() + "}")),
                "every key of a swarm carries its hash tag: " + keysNow());
        announce(1, v4(10, 0, 0, 1, 1), 5, Event.STOPPED, 50);
        announce(2, v4(10, 0, 0, 2, 1), 0, Event.STOPPED, 50);
        assertEquals(List.of("{global}:layout", "{global}:totals"), keysNow(), "only the layout and the totals remain");
        assertEquals(0, registry.totals().torrents());
    }

    @Test
    void aPoolsArrayIsCutWhenItsSwarmShrinks() {
        for (int i = 1; i <= 1000; i++) {
            announce(i, v4(10, i / 250, i % 250, 1, 1), 10, Event.STARTED, 0);
        }
        String array = currentPrefix() + "{" + HASH.toHex() + "}:r4d";
        assertEquals(String.valueOf(1000 * 27), redisCommand(c -> String.valueOf(c.strlen(array))),
                "1000 downloaders of 27 bytes back to back");
        for (int i = 11; i <= 1000; i++) {
            announce(i, v4(10, i / 250, i % 250, 1, 1), 10, Event.STOPPED, 0);
        }
        long left = Long.parseLong(redisCommand(c -> String.valueOf(c.strlen(array))));
        assertTrue(left <= 128 * 27, "cut at a power of two once four times too long: " + left);
        assertEquals(10, addresses(announce(2000, v4(11, 0, 0, 1, 1), 10, Event.STARTED, 50).peers(),
                dev.karuta.core.AddressFamily.V4).size(), "what is left is the ten live peers");
    }

    @Test
    void aPrefixWrittenInAnotherLayoutIsRefusedAndAFreshOneIsMarked() {
        assertEquals(KeyLayout.VERSION, redisCommand(c -> c.get(currentPrefix() + "{global}:layout")),
                "a fresh prefix is marked with this layout");
        String other = TestRedis.uniquePrefix();
        prefixes.add(other);
        redisCommand(c -> c.set(other + "{global}:layout", "1"));
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> new RedisSwarmRegistry(new RedisSettings(TestRedis.URI, Duration.ofSeconds(2), other),
                        RegistrySettings.defaults(), ticker, SnatchLedger.NONE));
        assertTrue(e.getMessage().contains("layout 1") && e.getMessage().contains(other), e.getMessage());
        String earlier = TestRedis.uniquePrefix();
        prefixes.add(earlier);
        // Layouts before the layout key wrote the swarms index all the same.
        redisCommand(c -> String.valueOf(c.zadd(earlier + "{global}:swarms", 1, "00")));
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> new RedisSwarmRegistry(new RedisSettings(TestRedis.URI, Duration.ofSeconds(2), earlier),
                        RegistrySettings.defaults(), ticker, SnatchLedger.NONE));
        assertTrue(e.getMessage().contains("an earlier layout"), e.getMessage());
        assertEquals(null, redisCommand(c -> c.get(earlier + "{global}:layout")), "not marked");
    }

    @Test
    void scriptsForgottenByTheServerAreSentAgain() {
        announce(1, v4(10, 0, 0, 1, 1), 0, Event.STARTED, 50);
        assertEquals("OK", redisCommand(c -> c.scriptFlush()));
        assertEquals(new SwarmStats(1, 1, 0, 0), announce(2, v4(10, 0, 0, 2, 1), 9, Event.STARTED, 50).stats());
        assertEquals(new SwarmStats(1, 1, 0, 0), registry.stats(HASH));
    }

    @Test
    void idleSwarmsAreDroppedBySweepAndCountAsEvicted() {
        announce(1, v4(10, 0, 0, 1, 1), 0, Event.COMPLETED, 0);
        ticker.advance(TTL);
        registry.sweep();
        assertEquals(new SwarmStats(0, 0, 0, 1), registry.stats(HASH), "the snatch outlives the peer");
        assertEquals(1, registry.totals().torrents());
        ticker.advance(IDLE);
        registry.sweep();
        assertEquals(0, registry.totals().torrents());
        assertEquals(1, registry.totals().swarmsEvictedIdle());
        assertEquals(SwarmStats.EMPTY, registry.stats(HASH));
        assertEquals(List.of("{global}:layout", "{global}:totals"), keysNow());
    }

    @Test
    void swarmsDroppedForRoomCountAsEvictedBySize() {
        registry.close();
        registry = create(new RegistrySettings(TTL, IDLE, 1, 24, 48), ticker);
        announce(1, v4(10, 0, 0, 1, 1), 10, Event.STARTED, 0);
        ticker.advance(Duration.ofSeconds(1));
        join(registry.announce(AnnounceRequest.builder(hash(2), peer(1), v4(10, 0, 0, 1, 1)).left(10).event(Event.STARTED)
                .numWant(50).key(1).build(), 0, Swarms.NO_OWNER));
        registry.sweep();
        assertEquals(1, registry.totals().torrents());
        assertEquals(1, registry.totals().swarmsEvictedBySize());
        assertEquals(SwarmStats.EMPTY, registry.stats(HASH), "the least recently announced went");
        assertEquals(1, registry.totals().peers());
        assertEquals(0, registry.totals().peersExpired());
    }

    @Test
    void twoRegistriesOnOneRedisShareTheSwarm() {
        SwarmRegistry other = new RedisSwarmRegistry(new RedisSettings(TestRedis.URI, Duration.ofSeconds(2),
                currentPrefix()), settings(), ticker, SnatchLedger.NONE);
        try {
            announce(1, v4(10, 0, 0, 1, 1), 0, Event.STARTED, 0);
            AnnounceResult fromOther = join(other.announce(req(2, v4(10, 0, 0, 2, 1), 10, Event.STARTED), 50,
                    Swarms.NO_OWNER));
            assertEquals(new SwarmStats(1, 1, 0, 0), fromOther.stats());
            assertEquals(1, fromOther.peers().count(dev.karuta.core.AddressFamily.V4), "node B hands out node A's peer");
            assertEquals(registry.stats(HASH), other.stats(HASH));
            assertEquals(2, other.totals().peers());
        } finally {
            other.close();
        }
    }

    @Test
    void anAnnounceWhoseScriptFailsFailsAloneAndTheOthersOfItsCallGoOn() throws Exception {
        // A peers key of the wrong type makes the announce script fail on that swarm only.
        redisCommand(c -> c.set(currentPrefix() + "{" + hash(2).toHex() + "}:p", "not a hash"));
        int threads = 8;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t * 50;
                done.add(pool.submit(() -> {
                    for (int i = first; i < first + 50; i++) {
                        AnnounceRequest bad = AnnounceRequest.builder(hash(2), peer(i), v4(10, 0, 1, i % 250, 1))
                                .left(10).event(Event.STARTED).numWant(50).key(i).build();
                        dev.karuta.core.TrackerException e = org.junit.jupiter.api.Assertions.assertThrows(
                                dev.karuta.core.TrackerException.class, () -> join(registry.announce(bad, 50, Swarms.NO_OWNER)));
                        assertEquals(dev.karuta.core.TrackerException.Kind.INTERNAL, e.kind());
                        join(registry.announce(AnnounceRequest.builder(HASH, peer(i), v4(10, 0, 2, i % 250, 1 + i))
                                .left(i % 2).event(Event.STARTED).numWant(50).key(i).build(), 50, Swarms.NO_OWNER));
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(new SwarmStats(200, 200, 0, 0), registry.stats(HASH));
        assertEquals(400, registry.totals().peers());
        assertTotalsMatchAScan();
    }
}
