package dev.karuta.app.config;

import static dev.karuta.app.config.ValueParser.integer;
import static dev.karuta.app.config.ValueParser.wholeNumber;

import java.util.List;

/** The keys of the swarm registry: how long peers and swarms live, how many swarms, peer order. */
public final class SwarmKeys {
    public static final Key<Integer> PEER_TTL = Key.of("karuta.peer.ttl", "2700", integer(1, 86_400 * 7),
            "seconds after which a silent peer is gone");
    public static final Key<Integer> SWARM_IDLE = Key.of("karuta.swarm.idle", "", integer(1, 86_400 * 365),
            "seconds after which an untouched swarm is dropped")
            .defaultDoc("= `karuta.peer.ttl`")
            .fallback(earlier -> earlier.get(PEER_TTL.name()));
    public static final Key<Long> MAX_TORRENTS = Key.of("karuta.swarm.maxTorrents", "1000000",
            wholeNumber(1, Long.MAX_VALUE),
            "most swarms held; beyond it the least used go first (memory: Caffeine's frequency-based admission; "
                    + "Redis: fewest announces, at the sweep)");
    public static final Key<Integer> SUBNET_V4_PREFIX = Key.of("karuta.subnet.v4Prefix", "24", integer(0, 32),
            "peers in the requester's IPv4 /N are handed out first (0: off)");
    public static final Key<Integer> SUBNET_V6_PREFIX = Key.of("karuta.subnet.v6Prefix", "48", integer(0, 64),
            "the same for IPv6 (0..64)");
    public static final Key<Integer> PEERS_PER_ADDRESS = Key.of("karuta.peers.perAddress", "64",
            integer(0, 1_000_000), "most peers of one address (IPv4 /32, IPv6 /64) in a swarm; beyond it the "
                    + "address's least recently announced peer is replaced (0: no limit)");
    public static final Key<Integer> SWEEP_INTERVAL = Key.of("karuta.sweep.interval", "60", integer(1, 86_400),
            "seconds between sweeps of expired peers");

    static final List<Key<?>> ALL = List.of(PEER_TTL, SWARM_IDLE, MAX_TORRENTS, SUBNET_V4_PREFIX, SUBNET_V6_PREFIX,
            PEERS_PER_ADDRESS, SWEEP_INTERVAL);

    private SwarmKeys() {
    }
}
