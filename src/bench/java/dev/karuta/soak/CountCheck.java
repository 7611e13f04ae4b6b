package dev.karuta.soak;

import dev.karuta.core.InfoHash;
import dev.karuta.core.PeerId;
import dev.karuta.swarm.PeerView;
import dev.karuta.swarm.RegistryTotals;
import dev.karuta.swarm.SwarmRegistry;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether the registry's counts are exact once the load has stopped: its running totals, the sum of
 * its per-swarm counts, a full scan of its live peers, and the driver's model of who should be there
 * (every peer that kept announcing, in the state it last announced; none that stopped or vanished)
 * must all agree, peer by peer. Returns what disagrees; an empty list is a pass.
 */
final class CountCheck {
    private record Key(InfoHash infoHash, PeerId peerId) {
    }

    /** What was found, for the report. */
    record Result(long totalsPeers, long scannedPeers, long modelPeers, long swarms, List<String> problems) {
    }

    private CountCheck() {
    }

    static Result run(SwarmRegistry registry, List<SimPeer> slots, Torrents torrents) {
        List<String> problems = new ArrayList<>();
        Map<Key, PeerView.State> model = new HashMap<>();
        Set<InfoHash> modelSwarms = new HashSet<>();
        EnumMap<PeerView.State, Long> modelStates = states();
        for (SimPeer p : slots) {
            if (p.alive) {
                InfoHash h = torrents.infoHash(p.torrent);
                model.put(new Key(h, PeerId.of(p.peerId)), p.state());
                modelSwarms.add(h);
                modelStates.merge(p.state(), 1L, Long::sum);
            }
        }
        // Totals first: the scan below prunes expired peers itself, the totals only by the registry's
        // own paths (lazy pruning on announce, the sweep), which are what is checked.
        RegistryTotals totals = registry.totals();
        long totalsPeers = totals.peers();
        EnumMap<PeerView.State, Long> totalStates = states();
        totalStates.put(PeerView.State.SEEDER, totals.seeders());
        totalStates.put(PeerView.State.DOWNLOADER, totals.downloaders());
        totalStates.put(PeerView.State.PARTIAL_SEED, totals.partialSeeds());
        long totalSwarms = totals.torrents();

        List<InfoHash> swarms = new ArrayList<>();
        EnumMap<PeerView.State, Long> statsStates = states();
        registry.forEach((hash, stats) -> {
            swarms.add(hash);
            statsStates.merge(PeerView.State.SEEDER, (long) stats.seeders(), Long::sum);
            statsStates.merge(PeerView.State.DOWNLOADER, (long) stats.downloaders(), Long::sum);
            statsStates.merge(PeerView.State.PARTIAL_SEED, (long) stats.partialSeeds(), Long::sum);
        });
        Map<Key, PeerView.State> scanned = new HashMap<>();
        EnumMap<PeerView.State, Long> scanStates = states();
        for (InfoHash h : swarms) {
            registry.forEachPeer(h, peer -> {
                if (scanned.put(new Key(h, peer.peerId()), peer.state()) != null) {
                    problems.add("peer " + peer.peerId() + " listed twice in " + h);
                }
                scanStates.merge(peer.state(), 1L, Long::sum);
            });
        }

        compare(problems, "registry totals", totalStates, "the model", modelStates);
        compare(problems, "sum of swarm counts", statsStates, "the model", modelStates);
        compare(problems, "full scan", scanStates, "the model", modelStates);
        if (totalSwarms != modelSwarms.size() || swarms.size() != modelSwarms.size()) {
            problems.add("swarms: totals " + totalSwarms + ", scan " + swarms.size() + ", with live peers in the model "
                    + modelSwarms.size());
        }
        int missing = 0;
        int wrongState = 0;
        for (Map.Entry<Key, PeerView.State> e : model.entrySet()) {
            PeerView.State found = scanned.get(e.getKey());
            if (found == null) {
                missing++;
            } else if (found != e.getValue()) {
                wrongState++;
            }
        }
        long extra = scanned.keySet().stream().filter(k -> !model.containsKey(k)).count();
        if (missing + wrongState + extra > 0) {
            problems.add("peer by peer: " + missing + " live peers missing, " + extra + " gone peers still held, "
                    + wrongState + " in another state");
        }
        return new Result(totalsPeers, scanned.size(), model.size(), totalSwarms, problems);
    }

    private static EnumMap<PeerView.State, Long> states() {
        EnumMap<PeerView.State, Long> m = new EnumMap<>(PeerView.State.class);
        for (PeerView.State s : PeerView.State.values()) {
            m.put(s, 0L);
        }
        return m;
    }

    private static void compare(List<String> problems, String what, Map<PeerView.State, Long> found, String against,
                                Map<PeerView.State, Long> expected) {
        if (!found.equals(expected)) {
            problems.add(what + " " + found + " != " + against + " " + expected);
        }
    }
}
