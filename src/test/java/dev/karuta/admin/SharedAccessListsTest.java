package dev.karuta.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.cluster.ChangeApplier;
import dev.karuta.cluster.RedisChangeBus;
import dev.karuta.core.InfoHash;
import dev.karuta.policy.ClientList;
import dev.karuta.policy.ListMode;
import dev.karuta.policy.TorrentList;
import dev.karuta.redis.RedisSettings;
import dev.karuta.testing.TestRedis;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Two nodes' access lists on one store and one Redis: a change on one reaches the other's live lists. */
class SharedAccessListsTest {
    private static final String A = "0123456789abcdef0123456789abcdef01234567";
    private static final String B = "89abcdef0123456789abcdef0123456789abcdef";

    @Test
    void aChangeOnOneNodeReachesTheOtherWithinSeconds() throws Exception {
        String uri = TestRedis.uri();
        String prefix = TestRedis.uniquePrefix();
        AccessListsTest.MemoryStore store = new AccessListsTest.MemoryStore();
        try (RedisChangeBus busA = RedisChangeBus.connect(new RedisSettings(uri, Duration.ofSeconds(2), prefix), uri);
             RedisChangeBus busB = RedisChangeBus.connect(new RedisSettings(uri, Duration.ofSeconds(2), prefix), uri)) {
            AccessLists nodeA = new AccessLists(new TorrentList(), new ClientList(), store, busA);
            AccessLists nodeB = new AccessLists(new TorrentList(), new ClientList(), store, busB);
            nodeA.load();
            nodeB.load();
            try (ChangeApplier applyA = new ChangeApplier(nodeA::reload, () -> { }, (h, r) -> { });
                 ChangeApplier applyB = new ChangeApplier(nodeB::reload, () -> { }, (h, r) -> { })) {
                busA.listen(applyA);
                busB.listen(applyB);
                nodeA.addTorrents(List.of(A, B));
                nodeA.setTorrentMode(ListMode.ALLOW);
                awaitTrue(() -> nodeB.torrents().mode() == ListMode.ALLOW && nodeB.torrents().size() == 2);
                nodeB.removeTorrents(List.of(B));
                nodeB.addClients(List.of("-qB"));
                nodeB.setClientMode(ListMode.DENY);
                awaitTrue(() -> !nodeA.torrents().contains(InfoHash.fromHex(B))
                        && nodeA.clients().mode() == ListMode.DENY);
                assertTrue(nodeA.torrents().allows(InfoHash.fromHex(A)));
                assertFalse(nodeA.torrents().allows(InfoHash.fromHex(B)));
                assertEquals(List.of("-qB"), nodeA.clients().entries());
                nodeA.addBans(List.of("203.0.113.7/24", "2001:db8::/32"));
                awaitTrue(() -> nodeB.bans().size() == 2);
                assertEquals(List.of("203.0.113.0/24", "2001:db8::/32"), nodeB.bans().entries());
                nodeB.removeBans(List.of("2001:db8::/32"));
                awaitTrue(() -> nodeA.bans().size() == 1);
                assertEquals(List.of("203.0.113.0/24"), nodeA.bans().entries());
            }
        }
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "the other node took the change up within 10 s");
            Thread.sleep(20);
        }
    }
}
