package dev.karuta.swarm.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.core.InfoHash;
import dev.karuta.core.PeerId;
import dev.karuta.core.SwarmStats;
import dev.karuta.redis.LettuceClient;
import dev.karuta.redis.RedisConnection;
import dev.karuta.redis.RedisSettings;
import dev.karuta.swarm.rtc.SharedSwarms.Member;
import dev.karuta.testing.FakeTime;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shared WebRTC membership's script on a real Redis of the test's own (its command statistics are
 * read): a pick costs O(offers) commands whatever the swarm's size, draws every peer about as often,
 * skips the sender, the same owner's peers and (for a seeder) the seeders; counts follow expiry on the
 * node's clock; a leave or stop by a node that no longer holds the peer changes nothing.
 */
class RtcMembershipTest {
    private static final Duration TTL = Duration.ofSeconds(360);
    private static Path dir;
    private static RedisServerProcess server;
    private static LettuceClient client;
    private static RedisConnection<byte[], byte[]> connection;
    private static final FakeTime TIME = new FakeTime();
    private static RtcMembership nodeA;
    private static RtcMembership nodeB;

    @BeforeAll
    static void start() throws Exception {
        RedisServerProcess.requireBinary();
        dir = Files.createTempDirectory("karuta-rtc-membership");
        server = new RedisServerProcess(dir, List.of());
        RedisSettings settings = new RedisSettings(server.uri(), Duration.ofSeconds(5), "rtc:");
        client = LettuceClient.create(settings, null, LettuceClient.WhileDisconnected.FAIL);
        connection = client.connect(ByteArrayCodec.INSTANCE);
        nodeA = new RtcMembership(connection, settings.commandTimeout(), client.timer(), "rtc:", "aaaa", TIME, TTL);
        nodeB = new RtcMembership(connection, settings.commandTimeout(), client.timer(), "rtc:", "bbbb", TIME, TTL);
    }

    @AfterAll
    static void stop() throws Exception {
        if (connection != null) {
            connection.close();
            client.close();
        }
        if (server != null) {
            server.stop();
        }
        RedisServerProcess.deleteTree(dir);
    }

    private static InfoHash hash(int n) {
        byte[] b = new byte[20];
        b[0] = (byte) n;
        return InfoHash.of(b);
    }

    private static PeerId peer(int n) {
        byte[] b = new byte[20];
        b[16] = (byte) (n >>> 24);
        b[17] = (byte) (n >>> 16);
        b[18] = (byte) (n >>> 8);
        b[19] = (byte) n;
        return PeerId.of(b);
    }

    private static SwarmStats announce(RtcMembership node, InfoHash h, int p, boolean seeder, int owner) {
        return node.announce(h, peer(p), seeder, false, false, owner).toCompletableFuture().join();
    }

    private static List<Member> pick(RtcMembership node, InfoHash h, int from, boolean seeder, int owner, int max) {
        return node.pick(h, peer(from), seeder, owner, max).toCompletableFuture().join();
    }

    private static Map<String, Long> calls() throws Exception {
        Map<String, Long> out = new HashMap<>();
        Matcher m = Pattern.compile("cmdstat_(\\w+):calls=(\\d+)")
                .matcher(RedisServerProcess.cli("-p", Integer.toString(server.port), "info", "commandstats"));
        while (m.find()) {
            out.put(m.group(1), Long.parseLong(m.group(2)));
        }
        return out;
    }

    @Test
    void aPickCostsCommandsInProportionToTheOffersNotTheSwarm() throws Exception {
        InfoHash h = hash(1);
        List<CompletableFuture<SwarmStats>> all = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            all.add(nodeA.announce(h, peer(i), i % 2 == 0, false, false, 0).toCompletableFuture());
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        assertEquals(new SwarmStats(10_000, 10_000, 0, 0), nodeB.stats(h));
        RedisServerProcess.cli("-p", Integer.toString(server.port), "config", "resetstat");
        List<Member> picked = pick(nodeB, h, 1, true, 0, 5);
        Map<String, Long> calls = calls();
        assertEquals(5, picked.size());
        assertEquals(5, new HashSet<>(picked).size(), "distinct");
        for (Member m : picked) {
            assertEquals("aaaa", m.node());
            int n = m.peer().bytes()[19] & 0xff;
            assertTrue(n % 2 == 1, "a seeder's offers go to leechers only: " + m);
        }
        long ranged = calls.getOrDefault("zrange", 0L);
        assertTrue(ranged >= 5 && ranged <= 4 * 5 + 8, "ZRANGE i i by rank, a bounded number: " + calls);
        assertFalse(calls.containsKey("zrangebyscore") || calls.containsKey("hgetall") || calls.containsKey("smembers"),
                "nothing reads the whole swarm: " + calls);
    }

    @Test
    void everyPeerIsPickedAboutAsOftenAndNeverTheSenderNorItsOwnersPeers() {
        InfoHash h = hash(2);
        for (int i = 0; i < 10; i++) {
            announce(nodeA, h, i, i >= 8, i == 9 ? 0 : 7); // 0..7 leechers of owner 7, 8 a seeder of 7, 9 a seeder
        }
        announce(nodeB, h, 100, false, 3);
        int[] seen = new int[10];
        int other = 0;
        for (int round = 0; round < 3000; round++) {
            for (Member m : pick(nodeB, h, 100, false, 3, 1)) {
                int n = m.peer().bytes()[19] & 0xff;
                if (n == 100) {
                    throw new AssertionError("the sender picked itself");
                }
                seen[n]++;
                other += n == 9 ? 1 : 0;
            }
        }
        for (int i = 0; i < 10; i++) {
            assertTrue(seen[i] > 150 && seen[i] < 480, "peer " + i + " picked " + seen[i] + " times of 3000");
        }
        assertTrue(other > 0);
        // The same beyond the size that is shuffled whole (by random rank): 40 leechers, 4000 picks.
        InfoHash big = hash(5);
        for (int i = 0; i < 40; i++) {
            announce(nodeA, big, i, false, 0);
        }
        int[] drawn = new int[40];
        for (int round = 0; round < 4000; round++) {
            for (Member m : pick(nodeB, big, 100, false, 0, 1)) {
                drawn[m.peer().bytes()[19] & 0xff]++;
            }
        }
        for (int i = 0; i < 40; i++) {
            assertTrue(drawn[i] > 50 && drawn[i] < 170, "peer " + i + " picked " + drawn[i] + " times of 4000");
        }
        // Owner 7's peer 0 is offered only to the peer of nobody in particular.
        for (int round = 0; round < 50; round++) {
            List<Member> picked = pick(nodeA, h, 0, false, 7, 3);
            assertTrue(picked.stream().map(Member::peer).allMatch(p -> p.equals(peer(9)) || p.equals(peer(100))),
                    picked.toString());
            assertEquals(2, picked.size());
        }
    }

    @Test
    void countsAndPicksFollowExpiryOnTheNodesClockAndSnatchesOncePerPeer() {
        InfoHash h = hash(3);
        announce(nodeA, h, 1, false, 0);
        TIME.advance(Duration.ofSeconds(200));
        announce(nodeB, h, 2, false, 0);
        assertEquals(1, nodeB.announce(h, peer(2), true, true, false, 0).toCompletableFuture().join().snatches());
        assertEquals(1, nodeB.announce(h, peer(2), true, true, false, 0).toCompletableFuture().join().snatches(),
                "a seeder announcing completed again is no second snatch");
        assertEquals(new SwarmStats(1, 1, 0, 1), nodeA.stats(h));
        TIME.advance(Duration.ofSeconds(161)); // peer 1's announce is 361 s old
        assertEquals(new SwarmStats(1, 0, 0, 1), nodeA.stats(h));
        assertEquals(List.of(), pick(nodeB, h, 2, false, 0, 5), "an expired peer is not picked");
        assertNull(nodeB.holder(h, peer(1)).toCompletableFuture().join());
        assertEquals("bbbb", nodeA.holder(h, peer(2)).toCompletableFuture().join());
    }

    @Test
    void onlyTheNodeHoldingAPeerTakesItOut() {
        InfoHash h = hash(4);
        announce(nodeA, h, 1, false, 0);
        announce(nodeB, h, 1, false, 0); // the browser reconnected to node B
        assertEquals(new SwarmStats(0, 1, 0, 0),
                nodeA.announce(h, peer(1), false, false, true, 0).toCompletableFuture().join(), "A's stop changes nothing");
        nodeA.leave(h, peer(1));
        nodeA.awaitLeaves(Duration.ofSeconds(5));
        assertEquals("bbbb", nodeA.holder(h, peer(1)).toCompletableFuture().join());
        nodeB.leave(h, peer(1));
        nodeB.awaitLeaves(Duration.ofSeconds(5));
        assertEquals(SwarmStats.EMPTY, nodeA.stats(h));
    }

    @Test
    void oneAnnounceAndOnePickRoundTrip() {
        InfoHash h = hash(6);
        for (int i = 0; i < 1000; i++) {
            announce(nodeA, h, i, i % 2 == 0, 0);
        }
        int n = 2000;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            announce(nodeB, h, 5000 + i % 50, false, 0);
        }
        long t1 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            assertEquals(5, pick(nodeB, h, 5000 + i % 50, false, 0, 5).size());
        }
        long t2 = System.nanoTime();
        System.out.println("RtcMembershipTest: one WebRTC announce " + (t1 - t0) / n / 1000 + " us, one pick of 5 "
                + (t2 - t1) / n / 1000 + " us (1050 peers, loopback, one at a time, " + n + " each)");
        assertTrue(t2 - t0 < 60_000_000_000L);
    }
}
