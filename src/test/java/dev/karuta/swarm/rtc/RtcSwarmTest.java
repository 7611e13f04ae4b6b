package dev.karuta.swarm.rtc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.core.PeerId;
import dev.karuta.core.SwarmStats;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** One torrent's WebRTC peers: whom an offer may go to, and counts kept exact as peers change and leave. */
class RtcSwarmTest {
    private static PeerId peer(int n) {
        byte[] b = new byte[20];
        b[0] = (byte) (n >> 24);
        b[1] = (byte) (n >> 16);
        b[2] = (byte) (n >> 8);
        b[3] = (byte) n;
        return PeerId.of(b);
    }

    /** A mailbox that knows whose it is. */
    private record Box(int peer) implements Mailbox {
        @Override
        public boolean post(String text) {
            return true;
        }
    }

    private static void put(RtcSwarm swarm, int n, boolean seeder, boolean completed, long now) {
        swarm.put(peer(n), n, new Box(n), seeder, completed, 0, now);
    }

    @Test
    void aSeederAmongThousandsOfSeedersReachesEveryLeecherAndNoSeeder() {
        RtcSwarm swarm = new RtcSwarm();
        for (int n = 1; n <= 5000; n++) {
            put(swarm, n, true, false, 0);
        }
        for (int n = 10_001; n <= 10_003; n++) {
            put(swarm, n, false, false, 0);
        }
        RandomGenerator random = new SplittableRandom(7);
        for (int round = 0; round < 50; round++) {
            List<Mailbox> to = swarm.pick(peer(1 + round), true, 10, random);
            assertEquals(Set.of(new Box(10_001), new Box(10_002), new Box(10_003)), new HashSet<>(to),
                    "the three leechers, no seeder");
        }
    }

    @Test
    void aLeecherDrawsDistinctOthersFromSeedersAndLeechersAlike() {
        RtcSwarm swarm = new RtcSwarm();
        for (int n = 1; n <= 4; n++) {
            put(swarm, n, n % 2 == 0, false, 0);
        }
        Set<Mailbox> seen = new HashSet<>();
        RandomGenerator random = new SplittableRandom(3);
        for (int round = 0; round < 200; round++) {
            List<Mailbox> to = swarm.pick(peer(1), false, 2, random);
            assertEquals(2, to.size());
            assertEquals(2, new HashSet<>(to).size(), "distinct");
            assertFalse(to.contains(new Box(1)), "never its own");
            seen.addAll(to);
        }
        assertEquals(Set.of(new Box(2), new Box(3), new Box(4)), seen, "every other peer, seeder or not, drawn");
    }

    @Test
    void countsStayExactThroughCompletionsLeavesAndExpiry() {
        RtcSwarm swarm = new RtcSwarm();
        put(swarm, 1, true, true, 0); // a first announce that is already complete counts a snatch
        put(swarm, 2, false, false, 0);
        put(swarm, 3, false, false, 0);
        assertEquals(new SwarmStats(1, 2, 0, 1), swarm.stats());
        put(swarm, 2, true, true, 10); // leecher turns seeder
        put(swarm, 2, true, true, 10); // said again: no second snatch
        assertEquals(new SwarmStats(2, 1, 0, 2), swarm.stats());
        assertEquals(List.of(new Box(3)), swarm.pick(peer(2), true, 5, new SplittableRandom(1)));
        assertTrue(swarm.remove(peer(3), 3));
        assertEquals(List.of(), swarm.pick(peer(2), true, 5, new SplittableRandom(1)), "no leecher left");
        assertEquals(1, swarm.expire(5), "peer 1, silent since 0");
        assertEquals(new SwarmStats(1, 0, 0, 2), swarm.stats());
        assertEquals(1, swarm.size());
    }
}
