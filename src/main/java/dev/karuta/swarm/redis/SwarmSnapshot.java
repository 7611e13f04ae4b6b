package dev.karuta.swarm.redis;

import static dev.karuta.swarm.redis.AddressCodec.compact;
import static dev.karuta.swarm.redis.AddressCodec.fromCompact;
import static dev.karuta.swarm.redis.ScriptArgs.num;

import dev.karuta.core.InfoHash;
import dev.karuta.core.PeerId;
import dev.karuta.swarm.PeerView;
import dev.karuta.swarm.RegistrySettings;
import dev.karuta.swarm.SnatchLedger;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Both ends of a swarm snapshot: a swarm's peers read back from their records (for the snapshot writer
 * and the admin browser), and a peer put back into Redis from a snapshot, with its age kept.
 */
final class SwarmSnapshot {
    private final SwarmCalls swarms;
    private final AddressCodec addresses;
    private final SnatchLedger ledger;
    private final long ttlMillis;

    SwarmSnapshot(SwarmCalls swarms, RegistrySettings settings, SnatchLedger ledger) {
        this.swarms = swarms;
        this.addresses = new AddressCodec(settings);
        this.ledger = ledger;
        this.ttlMillis = settings.peerTtl().toMillis();
    }

    /** Hands every live peer of {@code infoHash} to {@code sink}, its idle time counted to {@code now}. */
    void forEachPeer(InfoHash infoHash, long now, Consumer<PeerView> sink) {
        List<Object> r = swarms.run(LuaScript.PEERS, infoHash, now);
        if ((Long) r.get(0) != 1L) {
            return;
        }
        @SuppressWarnings("unchecked")
        List<Object> flat = (List<Object>) r.get(1);
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            PeerId id = PeerId.of((byte[]) flat.get(i));
            PeerRecord p = PeerRecord.unpack((byte[]) flat.get(i + 1));
            sink.accept(new PeerView(id, fromCompact(p.v4()), fromCompact(p.v6()), p.state(),
                    Duration.ofMillis(Math.max(0, now - p.lastSeen())), p.key(), p.hasKey(), p.snatched()));
        }
    }

    /**
     * Puts {@code peer} back into {@code infoHash}'s swarm at {@code now}; false when it has expired or has
     * no address.
     */
    boolean restore(InfoHash infoHash, PeerView peer, long now) {
        long idle = Math.max(0, peer.idle().toMillis());
        if (idle >= ttlMillis || peer.ipv4() == null && peer.ipv6() == null) {
            return false;
        }
        List<Object> r = swarms.run(LuaScript.RESTORE, infoHash, now,
                peer.peerId().bytes(),
                num(now - idle),
                num(switch (peer.state()) {
                    case DOWNLOADER -> 0;
                    case PARTIAL_SEED -> 1;
                    case SEEDER -> 2;
                }),
                num(peer.key()),
                num(peer.hasKey() ? 1 : 0),
                num(peer.snatched() ? 1 : 0),
                compact(peer.ipv4()), compact(peer.ipv6()),
                addresses.subnet(peer.ipv4()), addresses.subnet(peer.ipv6()),
                num(ledger.base(infoHash)));
        return (Long) r.get(0) == 1L;
    }
}
