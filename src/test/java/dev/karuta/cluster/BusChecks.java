package dev.karuta.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import java.util.function.ToIntFunction;

/** What the change-bus tests check of two nodes on one Redis, standalone or Cluster. */
final class BusChecks {
    private BusChecks() {
    }

    /**
     * Nodes {@code a} and {@code b} (one prefix) each hear the other's changes and never their own;
     * {@code elsewhere} (another prefix) hears nothing.
     */
    static void theyHearEachOther(RedisChangeBus a, RedisChangeBus b, RedisChangeBus elsewhere) throws InterruptedException {
        BlockingQueue<Change> atA = new LinkedBlockingQueue<>();
        BlockingQueue<Change> atB = new LinkedBlockingQueue<>();
        BlockingQueue<Change> atOther = new LinkedBlockingQueue<>();
        a.listen(atA::add);
        b.listen(atB::add);
        elsewhere.listen(atOther::add);
        a.publish(Change.accessLists());
        a.publish(Change.torrentDeleted("0123456789abcdef0123456789abcdef01234567", "dupe of 12"));
        assertEquals(Change.accessLists(), atB.poll(5, TimeUnit.SECONDS));
        assertEquals(new Change(Change.Kind.TORRENT_DELETED, "0123456789abcdef0123456789abcdef01234567 dupe of 12"),
                atB.poll(5, TimeUnit.SECONDS));
        b.publish(Change.roster());
        assertEquals(Change.roster(), atA.poll(5, TimeUnit.SECONDS));
        assertNull(atA.poll(300, TimeUnit.MILLISECONDS), "a node never hears its own changes");
        assertTrue(atOther.isEmpty(), "another tracker's prefix hears nothing: " + atOther);
    }

    /**
     * Node {@code a}'s connections killed ({@code kill} kills those of a client name and returns how
     * many, which {@code expected} must accept): {@code a} reads everything again, asks {@code b} to,
     * and is heard again.
     */
    static void aCutOffNodeReadsEverythingAgain(RedisChangeBus a, RedisChangeBus b, ToIntFunction<String> kill,
                                                IntPredicate expected) throws InterruptedException {
        BlockingQueue<Change> atA = new LinkedBlockingQueue<>();
        BlockingQueue<Change> atB = new LinkedBlockingQueue<>();
        a.listen(atA::add);
        b.listen(atB::add);
        // A publish first, so that node A holds every connection it publishes on.
        a.publish(Change.accessLists());
        assertEquals(Change.accessLists(), atB.poll(5, TimeUnit.SECONDS));
        int killed = kill.applyAsInt(RedisChangeBus.CLIENT_NAME_PREFIX + a.node());
        assertTrue(expected.test(killed), "node A's subscriber and publisher: " + killed + " killed");
        assertEquals(Change.everything(), atA.poll(10, TimeUnit.SECONDS), "node A reads everything again");
        assertEquals(Change.everything(), atB.poll(10, TimeUnit.SECONDS), "and node B is asked to");
        a.publish(Change.roster());
        assertEquals(Change.roster(), atB.poll(5, TimeUnit.SECONDS), "node A is heard again");
    }

    /** Kills the connections whose client name is {@code name} on the Redis at {@code uri}; returns how many. */
    static int killConnections(String uri, String name) {
        RedisClient client = RedisClient.create(uri);
        try (var c = client.connect()) {
            int killed = 0;
            for (String line : c.sync().clientList().split("\n")) {
                if (line.contains(" name=" + name + " ")) {
                    String id = line.replaceAll("^id=(\\d+) .*$", "$1").trim();
                    killed += (int) (long) c.sync().clientKill(KillArgs.Builder.id(Long.parseLong(id)));
                }
            }
            return killed;
        } finally {
            client.shutdown();
        }
    }
}
