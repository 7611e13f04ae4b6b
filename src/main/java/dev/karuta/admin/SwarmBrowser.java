package dev.karuta.admin;

import dev.karuta.core.InfoHash;
import dev.karuta.core.PeerAddress;
import dev.karuta.core.PeerId;
import dev.karuta.core.SwarmStats;
import dev.karuta.swarm.PeerView;
import dev.karuta.swarm.SwarmRegistry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;

/**
 * The admin swarm browser: the largest swarms a page at a time, optionally only those whose hex
 * info_hash starts with a search prefix, and one swarm's peers. A page costs one pass over the
 * registry keeping only {@code offset + limit} candidates.
 */
public final class SwarmBrowser {
    /** Largest page. */
    public static final int MAX_LIMIT = 500;
    /** Most peers listed for one swarm. */
    public static final int MAX_PEERS = 1000;

    /** One swarm in a list. */
    public record SwarmRow(String infoHash, int peers, int seeders, int leechers, int partialSeeds,
                           long downloaded) {
        static SwarmRow of(InfoHash h, SwarmStats s) {
            return new SwarmRow(h.toHex(), s.peers(), s.seeders(), s.downloaders(), s.partialSeeds(), s.snatches());
        }
    }

    /** A page of swarms, largest first; {@code total} counts every match. */
    public record SwarmPage(long total, int offset, int limit, List<SwarmRow> swarms) {
    }

    /** One peer of a swarm, as shown to the operator. */
    public record PeerRow(String peerId, String client, String ipv4, String ipv6, String state, boolean seeding,
                         long lastSeenSeconds) {
    }

    /**
     * One swarm with its peers (at most {@link #MAX_PEERS}, most recently seen first), and the counts of
     * the torrent's WebRTC swarm (the WebSocket tracker's peers, a pool of their own).
     */
    public record SwarmDetail(SwarmRow swarm, boolean peersTruncated, List<PeerRow> peers, SwarmRow webSocket) {
    }

    private static final Comparator<SwarmRow> LARGEST_FIRST = Comparator.comparingInt(SwarmRow::peers).reversed()
            .thenComparing(SwarmRow::infoHash);

    private final SwarmRegistry registry;
    private final java.util.function.Function<InfoHash, SwarmStats> webSocket;

    public SwarmBrowser(SwarmRegistry registry) {
        this(registry, h -> SwarmStats.EMPTY);
    }

    /** A browser of {@code registry} that also tells the counts {@code webSocket} gives of a torrent's WebRTC swarm. */
    public SwarmBrowser(SwarmRegistry registry, java.util.function.Function<InfoHash, SwarmStats> webSocket) {
        this.registry = registry;
        this.webSocket = webSocket;
    }

    /**
     * Swarms ordered by peers (ties by hash), skipping {@code offset}, at most {@code limit}, only those
     * whose hex info_hash starts with {@code query} (case-insensitive; empty: all).
     */
    public SwarmPage page(int offset, int limit, String query) {
        if (offset < 0 || limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("offset must be >= 0 and limit 1.." + MAX_LIMIT);
        }
        String q = query == null ? "" : query.trim().toLowerCase(Locale.ROOT);
        if (!q.matches("[0-9a-f]{0,40}")) {
            throw new IllegalArgumentException("search by up to 40 hex digits of the info_hash");
        }
        int keep = (int) Math.min((long) offset + limit, Integer.MAX_VALUE - 8);
        // A heap of the best `keep` rows with the worst on top, so each swarm costs O(log keep).
        PriorityQueue<SwarmRow> best = new PriorityQueue<>(LARGEST_FIRST.reversed());
        long[] total = new long[1];
        registry.forEach((hash, stats) -> {
            if (!q.isEmpty() && !hash.toHex().startsWith(q)) {
                return;
            }
            total[0]++;
            SwarmRow row = SwarmRow.of(hash, stats);
            if (best.size() < keep) {
                best.add(row);
            } else if (LARGEST_FIRST.compare(row, best.peek()) < 0) {
                best.poll();
                best.add(row);
            }
        });
        List<SwarmRow> sorted = new ArrayList<>(best);
        sorted.sort(LARGEST_FIRST);
        List<SwarmRow> page = offset >= sorted.size() ? List.of() : sorted.subList(offset, sorted.size());
        return new SwarmPage(total[0], offset, limit, List.copyOf(page));
    }

    /** One swarm and its peers, or null when the registry holds no peer and no count for it. */
    public SwarmDetail detail(InfoHash infoHash) {
        List<PeerView> peers = new ArrayList<>();
        registry.forEachPeer(infoHash, peers::add);
        SwarmStats stats = registry.stats(infoHash);
        SwarmStats rtc = webSocket.apply(infoHash);
        if (peers.isEmpty() && stats.equals(SwarmStats.EMPTY) && rtc.equals(SwarmStats.EMPTY)) {
            return null;
        }
        // forEachPeer goes oldest first; the operator wants the most recent first.
        List<PeerRow> rows = new ArrayList<>();
        for (int i = peers.size() - 1; i >= 0 && rows.size() < MAX_PEERS; i--) {
            rows.add(row(peers.get(i)));
        }
        return new SwarmDetail(SwarmRow.of(infoHash, stats), peers.size() > MAX_PEERS, rows,
                SwarmRow.of(infoHash, rtc));
    }

    private static PeerRow row(PeerView p) {
        return new PeerRow(p.peerId().toHex(), client(p.peerId()), endpoint(p.ipv4()), endpoint(p.ipv6()),
                p.state().name().toLowerCase(Locale.ROOT), p.state() == PeerView.State.SEEDER, p.idle().toSeconds());
    }

    private static String endpoint(PeerAddress a) {
        if (a == null) {
            return null;
        }
        return a.family() == dev.karuta.core.AddressFamily.V4 ? a.host() + ":" + a.port() : "[" + a.host() + "]:" + a.port();
    }

    /**
     * The client part of a peer_id: the Azureus-style {@code -XX1234-} when present, else its leading
     * printable characters (at most 8). Other bytes never reach the page.
     */
    static String client(PeerId id) {
        byte[] b = id.bytes();
        if (b[0] == '-' && b[7] == '-' && printable(b, 1, 7)) {
            return new String(b, 0, 8, java.nio.charset.StandardCharsets.US_ASCII);
        }
        int n = 0;
        while (n < 8 && b[n] >= 0x21 && b[n] <= 0x7e) {
            n++;
        }
        return new String(b, 0, n, java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static boolean printable(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] < 0x21 || b[i] > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
