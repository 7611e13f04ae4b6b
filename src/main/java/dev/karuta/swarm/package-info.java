/**
 * Where swarms live: the {@link dev.karuta.swarm.SwarmRegistry} contract, the in-memory registry
 * ({@link dev.karuta.swarm.CaffeineSwarmRegistry}) and the Redis one ({@code redis}).
 *
 * <h2>Memory layout of the in-memory registry</h2>
 * The registry holds millions of peers in little memory (about 94 bytes a peer at 1M peers over 100k
 * swarms, {@code bench/heap.sh}), so a peer is no object: it is bytes in a few arrays of its swarm.
 * <ul>
 * <li><b>Swarms</b> are the values of a Caffeine cache keyed by {@code InfoHash} (32 bytes: the 20
 *     bytes in three fields, the hash computed). A {@code Swarm} is one object (88 bytes) with its
 *     counts and its arrays; what all swarms share (totals, snatch ledger, the two {@code Pool}s, which
 *     keep no state of their own) is one {@code SwarmContext}.</li>
 * <li><b>Records</b> ({@code PeerTable}, which {@code Swarm} extends): one byte array, 41 bytes a
 *     peer: peer_id (20), last seen as 32-bit milliseconds (4), key (4), the links of the list ordered
 *     by last seen (2 x 3), the peer's position in each family's pool (2 x 3), flags (state, has key,
 *     snatched: 1). A record keeps its index for the peer's life; freed records are reused. Links and
 *     positions are 3 bytes, so a swarm holds at most 16M peers.</li>
 * <li><b>peer_id lookup</b>: up to 8 peers, a walk of the list; beyond, a {@code PeerIdIndex}: a table of
 *     3-byte cells (record + 1), linear probing with backward-shift deletion, at most 4/5 full.</li>
 * <li><b>Pools</b> ({@code PackedPool} lays them out, {@code Pool} picks from them): per address
 *     family one byte array in the swarm: the pool's size and number of downloaders (3 bytes each),
 *     then entries, each the compact address and port as on the wire (6 or 18 bytes) then the record
 *     (3 bytes), downloaders first, so a compact pick copies bytes from one place and never reads a
 *     record.</li>
 * <li><b>Subnets</b>: a pool of up to 256 entries is scanned for the requester's subnet; a larger one
 *     keeps a {@code SubnetIndex}: buckets of subnets, each a ring of records (two 3-byte links a
 *     record), read in a window of 4 x numwant that moves on each time.</li>
 * <li><b>Owners</b> (private trackers only): an int array beside the records, made when the first peer
 *     with an owner comes.</li>
 * <li>Arrays grow by an eighth (at least one element), so the many small swarms carry little slack;
 *     a swarm's arrays go back to empty when its last peer leaves.</li>
 * </ul>
 *
 * <h2>Costs</h2>
 * An announce is O(numwant): a peer_id lookup, O(1) list and pool updates, and a pick by selection
 * sampling or rejection over the pool. Expired peers leave from the old end of the list, each in O(1),
 * before every announce and scrape of their swarm, so counts are always exact; the periodic sweep
 * removes them in slices of {@code CaffeineSwarmRegistry.SWEEP_SLICE} with the swarm's lock free in
 * between, so a large swarm whose peers all expired at once does not hold announces up.
 */
package dev.karuta.swarm;
