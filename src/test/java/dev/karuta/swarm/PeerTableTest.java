package dev.karuta.swarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.core.PeerId;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The record table alone: records keep their index while others come and go, and a peer_id is found
 * through the list (small tables) and through the open-addressing index (larger ones) across many
 * removals, which shift the index's runs back.
 */
class PeerTableTest {
    @Test
    void everyLivePeerIdIsFoundAcrossInsertsAndRemovals() {
        Random random = new Random(7);
        PeerTable table = new PeerTable();
        Map<PeerId, Integer> live = new HashMap<>();
        for (int step = 0; step < 200_000; step++) {
            // Sizes swing between a handful (list lookups) and a few thousand (index lookups).
            int target = (step / 20_000) % 2 == 0 ? 3000 : 6;
            boolean add = live.size() < target ? random.nextInt(10) < 7 : random.nextInt(10) < 3;
            if (add) {
                PeerId id = id(random.nextInt(1 << 20));
                if (live.containsKey(id)) {
                    continue;
                }
                int r = table.allocate(id);
                table.linkNewest(r);
                live.put(id, r);
            } else if (!live.isEmpty()) {
                PeerId id = live.keySet().iterator().next();
                int r = live.remove(id);
                table.unlinkAge(r);
                table.release(r);
            }
            if (step % 997 == 0) {
                for (Map.Entry<PeerId, Integer> e : live.entrySet()) {
                    assertEquals(e.getValue(), table.find(e.getKey()), "record of " + e.getKey());
                    assertEquals(e.getKey(), table.id(e.getValue()));
                }
                assertEquals(live.size(), table.count());
            }
            if (step % 101 == 0) {
                assertEquals(PeerTable.NONE, table.find(id((1 << 20) + step)), "an absent peer_id is not found");
            }
        }
        assertTrue(live.size() > 0);
    }

    private static PeerId id(int n) {
        byte[] b = new byte[20];
        // Ids that differ only in their low bytes: their hashes crowd runs in the index.
        b[17] = (byte) (n >> 16);
        b[18] = (byte) (n >> 8);
        b[19] = (byte) n;
        return PeerId.of(b);
    }
}
