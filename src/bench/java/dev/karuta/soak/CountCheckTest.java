package dev.karuta.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.core.AnnounceRequest;
import dev.karuta.core.Answers;
import dev.karuta.core.Event;
import dev.karuta.core.PeerAddress;
import dev.karuta.core.PeerId;
import dev.karuta.core.Swarms;
import dev.karuta.swarm.CaffeineSwarmRegistry;
import dev.karuta.swarm.RegistrySettings;
import dev.karuta.testing.FakeTime;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The soak's count check passes only when registry and model agree peer by peer. */
class CountCheckTest {
    private final FakeTime ticker = new FakeTime();
    private final CaffeineSwarmRegistry registry = new CaffeineSwarmRegistry(
            new RegistrySettings(Duration.ofSeconds(15), Duration.ofSeconds(15), 1000, 24, 48), ticker);
    private final Torrents torrents = new Torrents(4);
    private final List<SimPeer> slots = List.of(new SimPeer(0), new SimPeer(1), new SimPeer(2), new SimPeer(3));

    private void join(SimPeer p, int torrent, long left, boolean paused) {
        p.reincarnate(torrent, SimPeer.Transport.UDP, left);
        p.paused = paused;
        Answers.join(registry.announce(AnnounceRequest.builder(torrents.infoHash(torrent), PeerId.of(p.peerId), PeerAddress.of(new byte[] {127, 0, 0, 1}, p.port))
                .left(left).event(paused ? Event.PAUSED : Event.STARTED).numWant(0).build(), 0, Swarms.NO_OWNER));
        p.alive = true;
    }

    private void joinAll() {
        join(slots.get(0), 0, 0, false);
        join(slots.get(1), 0, 100, false);
        join(slots.get(2), 1, 100, true);
        join(slots.get(3), 3, 0, false);
    }

    @Test
    void passesWhenRegistryAndModelAgree() {
        joinAll();
        CountCheck.Result r = CountCheck.run(registry, slots, torrents);
        assertEquals(List.of(), r.problems());
        assertEquals(4, r.totalsPeers());
        assertEquals(4, r.scannedPeers());
        assertEquals(3, r.swarms());
    }

    @Test
    void aPeerTheModelLostIsAGonePeerStillHeld() {
        joinAll();
        slots.get(3).alive = false; // as if it vanished, and the registry had never dropped it
        List<String> problems = CountCheck.run(registry, slots, torrents).problems();
        assertTrue(problems.stream().anyMatch(s -> s.contains("1 gone peers still held")), problems::toString);
        assertTrue(problems.stream().anyMatch(s -> s.startsWith("registry totals")), problems::toString);
        assertTrue(problems.stream().anyMatch(s -> s.startsWith("swarms:")), problems::toString);
    }

    @Test
    void aPeerInAnotherStateOrMissingIsFound() {
        joinAll();
        slots.get(1).left = 0; // the model says it completed; the registry never heard
        List<String> problems = CountCheck.run(registry, slots, torrents).problems();
        assertTrue(problems.stream().anyMatch(s -> s.contains("1 in another state")), problems::toString);

        ticker.advance(Duration.ofSeconds(16)); // every peer passes its TTL: none is found any more
        problems = CountCheck.run(registry, slots, torrents).problems();
        assertTrue(problems.stream().anyMatch(s -> s.contains("4 live peers missing")), problems::toString);
    }
}
