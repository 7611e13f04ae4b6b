package dev.karuta.swarm.rtc;

import dev.karuta.core.PeerId;
import dev.karuta.core.SwarmStats;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The WebRTC peers of one torrent: who they are, which connection each announced on, whether each
 * seeds, and the counts, kept exact on every path that removes a peer (stopped, closed connection,
 * expiry). Every method holds the swarm's lock; nothing in it blocks.
 */
final class RtcSwarm {
    /** One peer: the connection it announced on and what it last said. */
    static final class Peer {
        final PeerId id;
        int connection;
        Mailbox mailbox;
        boolean seeder;
        int owner;
        long seenNanos;
        int index;

        Peer(PeerId id) {
            this.id = id;
        }
    }

    private final HashMap<PeerId, Peer> byId = new HashMap<>();
    // The same peers in two array lists, leechers and seeders, for random picks in O(picks) (a seeder's
    // offers go to leechers only, never through the seeders); a removal swaps in the last one.
    private final ArrayList<Peer> leechers = new ArrayList<>();
    private final ArrayList<Peer> seeders = new ArrayList<>();
    private long snatches;
    private long touchedNanos;
    /** Set once the registry dropped this swarm: an announce that still holds it looks it up again. */
    boolean dropped;

    synchronized Peer get(PeerId id) {
        return byId.get(id);
    }

    /** The owner of peer {@code id}, or 0 when it is not there. */
    synchronized int ownerOf(PeerId id) {
        Peer p = byId.get(id);
        return p == null ? 0 : p.owner;
    }

    /** Adds or updates peer {@code id}; a peer that turns seeder on {@code completed} counts a snatch. */
    synchronized void put(PeerId id, int connection, Mailbox mailbox, boolean seeder, boolean completed, int owner,
                          long now) {
        Peer p = byId.get(id);
        boolean wasSeeder = p != null && p.seeder;
        if (seeder && completed && !wasSeeder) {
            snatches++;
        }
        if (p == null) {
            p = new Peer(id);
            byId.put(id, p);
            p.seeder = seeder;
            link(p);
        } else if (wasSeeder != seeder) {
            unlinkFromList(p);
            p.seeder = seeder;
            link(p);
        }
        p.connection = connection;
        p.mailbox = mailbox;
        p.owner = owner;
        p.seenNanos = now;
        touchedNanos = now;
    }

    /** Removes peer {@code id} when it belongs to {@code connection} (any connection when 0). */
    synchronized boolean remove(PeerId id, int connection) {
        Peer p = byId.get(id);
        if (p == null || connection != 0 && p.connection != connection) {
            return false;
        }
        unlink(p);
        return true;
    }

    private void unlink(Peer p) {
        byId.remove(p.id);
        unlinkFromList(p);
    }

    private void link(Peer p) {
        ArrayList<Peer> list = p.seeder ? seeders : leechers;
        p.index = list.size();
        list.add(p);
    }

    private void unlinkFromList(Peer p) {
        ArrayList<Peer> list = p.seeder ? seeders : leechers;
        Peer last = list.remove(list.size() - 1);
        if (last != p) {
            last.index = p.index;
            list.set(p.index, last);
        }
    }

    /** Marks peer {@code id} of {@code connection} as seen now; false when it is not there. */
    synchronized boolean touch(PeerId id, int connection, long now) {
        Peer p = byId.get(id);
        if (p == null || p.connection != connection) {
            return false;
        }
        p.seenNanos = now;
        touchedNanos = now;
        return true;
    }

    /**
     * Up to {@code max} mailboxes of other peers, drawn at random (a random start and a random stride
     * coprime to the size visit every candidate once): never {@code from}'s own, no other peer of
     * {@code from}'s owner (other than nobody's), no seeder for a seeder. A seeder draws from the
     * leechers alone, so the cost follows {@code max} (plus the owner's own peers it skips), not the
     * swarm's seeders.
     */
    synchronized List<Mailbox> pick(PeerId from, boolean seeder, int max, RandomGenerator random) {
        Peer self = byId.get(from);
        int owner = self == null ? 0 : self.owner;
        int l = leechers.size();
        int n = seeder ? l : l + seeders.size();
        if (max <= 0 || n == 0) {
            return List.of();
        }
        List<Mailbox> out = new ArrayList<>(Math.min(max, n));
        int start = random.nextInt(n);
        int stride = n == 1 ? 1 : 1 + random.nextInt(n - 1);
        while (gcd(stride, n) != 1) {
            stride++;
        }
        for (int k = 0, i = start; k < n && out.size() < max; k++, i = (i + stride) % n) {
            Peer p = i < l ? leechers.get(i) : seeders.get(i - l);
            if (p.id.equals(from) || owner != 0 && p.owner == owner) {
                continue;
            }
            out.add(p.mailbox);
        }
        return out;
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    /** Removes the peers not seen since {@code before}; returns how many. */
    synchronized int expire(long before) {
        return expire(leechers, before) + expire(seeders, before);
    }

    private int expire(ArrayList<Peer> list, long before) {
        int removed = 0;
        for (int i = list.size() - 1; i >= 0; i--) {
            Peer p = list.get(i);
            if (p.seenNanos - before < 0) {
                unlink(p);
                removed++;
            }
        }
        return removed;
    }

    synchronized SwarmStats stats() {
        return new SwarmStats(seeders.size(), leechers.size(), 0, snatches);
    }

    synchronized int size() {
        return leechers.size() + seeders.size();
    }

    synchronized long touchedNanos() {
        return touchedNanos;
    }
}
