package dev.karuta.accounts;

import dev.karuta.core.InfoHash;
import dev.karuta.core.PeerId;
import dev.karuta.policy.ClientList;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a private tracker knows about its members and torrents, live: users by passkey and id,
 * torrents by info hash and id with their snatch counts, freeleech tokens, recently deleted torrents
 * with the reason, and the client whitelist. Reads are lock-free (the announce path); changes are
 * serialized on the roster so that the two indexes of users and of torrents always agree.
 */
public final class Roster {
    private final ConcurrentHashMap<String, User> usersByPasskey = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, User> usersById = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<InfoHash, Torrent> torrentsByHash = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, Torrent> torrentsById = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<InfoHash, AtomicLong> snatches = new ConcurrentHashMap<>();
    private final Set<Long> tokens = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<InfoHash, Deletion> deletions = new ConcurrentHashMap<>();
    private final ClientList clients = new ClientList();

    /** Why a torrent was deleted, and when (epoch seconds). */
    private record Deletion(String reason, long at) {
    }

    /**
     * Replaces everything with {@code data} (start, or a reload from the store): users and torrents
     * missing from it are dropped, tokens and the whitelist rebuilt; deletion reasons are kept.
     */
    public synchronized void load(RosterData data) {
        usersByPasskey.clear();
        usersById.clear();
        for (User u : data.users()) {
            putUser(u);
        }
        torrentsByHash.clear();
        torrentsById.clear();
        for (RosterData.Registered r : data.torrents()) {
            putTorrent(r.torrent());
            snatches.computeIfAbsent(r.torrent().infoHash(), h -> new AtomicLong()).set(r.snatched());
        }
        snatches.keySet().retainAll(torrentsByHash.keySet());
        tokens.clear();
        for (RosterData.Token t : data.tokens()) {
            tokens.add(tokenKey(t.userId(), t.torrentId()));
        }
        clients.remove(clients.entries());
        List<String> valid = new ArrayList<>();
        for (String prefix : data.whitelist()) {
            try {
                valid.add(ClientList.validate(prefix));
            } catch (IllegalArgumentException e) {
                // A prefix no peer_id could start with (empty, too long, not printable) is skipped.
            }
        }
        clients.add(valid);
    }

    /**
     * Makes the roster what {@code data} holds while announces go on (another node changed the store):
     * unlike {@link #load}, nothing is cleared first, so a user or torrent in both is never missing.
     * Users, torrents and tokens missing from {@code data} are dropped (a dropped torrent gets no
     * deletion reason: that travels with the deletion itself); a snatch count is never lowered, since
     * this node's snatches may not be written yet.
     */
    public synchronized void reload(RosterData data) {
        java.util.Set<Integer> userIds = new java.util.HashSet<>();
        for (User u : data.users()) {
            userIds.add(u.id());
            if (!u.equals(usersById.get(u.id()))) {
                putUser(u);
            }
        }
        for (User u : List.copyOf(usersById.values())) {
            if (!userIds.contains(u.id())) {
                removeUser(u.passkey());
            }
        }
        java.util.Set<Integer> torrentIds = new java.util.HashSet<>();
        for (RosterData.Registered r : data.torrents()) {
            Torrent t = r.torrent();
            torrentIds.add(t.id());
            if (!t.equals(torrentsById.get(t.id()))) {
                putTorrent(t);
            }
            snatches.computeIfAbsent(t.infoHash(), h -> new AtomicLong()).accumulateAndGet(r.snatched(), Math::max);
        }
        for (Torrent t : List.copyOf(torrentsById.values())) {
            if (!torrentIds.contains(t.id())) {
                torrentsByHash.remove(t.infoHash(), t);
                torrentsById.remove(t.id(), t);
                snatches.remove(t.infoHash());
            }
        }
        java.util.Set<Long> wantedTokens = new java.util.HashSet<>();
        for (RosterData.Token t : data.tokens()) {
            wantedTokens.add(tokenKey(t.userId(), t.torrentId()));
        }
        tokens.addAll(wantedTokens);
        tokens.retainAll(wantedTokens);
        List<String> valid = new ArrayList<>();
        for (String prefix : data.whitelist()) {
            try {
                valid.add(ClientList.validate(prefix));
            } catch (IllegalArgumentException e) {
                // Skipped, as at load.
            }
        }
        List<String> gone = new ArrayList<>(clients.entries());
        gone.removeAll(valid);
        clients.add(valid);
        clients.remove(gone);
    }

    // ---- users -----------------------------------------------------------------------------------

    /** The user with {@code passkey}, or null. */
    public User user(String passkey) {
        return passkey == null ? null : usersByPasskey.get(passkey);
    }

    /** The user with {@code id}, or null. */
    public User userById(int id) {
        return usersById.get(id);
    }

    /**
     * Adds {@code user}, or replaces the user of the same id (their old passkey stops working) or of the
     * same passkey.
     */
    public synchronized void putUser(User user) {
        User sameId = usersById.put(user.id(), user);
        if (sameId != null) {
            usersByPasskey.remove(sameId.passkey(), sameId);
        }
        User samePasskey = usersByPasskey.put(user.passkey(), user);
        if (samePasskey != null && samePasskey.id() != user.id()) {
            usersById.remove(samePasskey.id(), samePasskey);
        }
    }

    /** Removes the user with {@code passkey}; returns them, or null when unknown. */
    public synchronized User removeUser(String passkey) {
        User u = passkey == null ? null : usersByPasskey.remove(passkey);
        if (u != null) {
            usersById.remove(u.id(), u);
        }
        return u;
    }

    /** Gives the user of {@code oldPasskey} the passkey {@code newPasskey}; returns them, or null. */
    public synchronized User changePasskey(String oldPasskey, String newPasskey) {
        User u = user(oldPasskey);
        if (u == null || usersByPasskey.containsKey(newPasskey)) {
            return null;
        }
        User changed = u.withPasskey(newPasskey);
        putUser(changed);
        return changed;
    }

    /** Every user, in no particular order. */
    public Collection<User> users() {
        return List.copyOf(usersById.values());
    }

    /** How many users there are. */
    public int userCount() {
        return usersById.size();
    }

    // ---- torrents --------------------------------------------------------------------------------

    /** The registered torrent of {@code infoHash}, or null. */
    public Torrent torrent(InfoHash infoHash) {
        return torrentsByHash.get(infoHash);
    }

    /** The registered torrent with {@code id}, or null. */
    public Torrent torrentById(int id) {
        return torrentsById.get(id);
    }

    /**
     * Registers {@code torrent}, replacing one of the same id or info hash; its snatch count is kept
     * when it was known, else starts at 0. A deletion reason for its info hash is forgotten.
     */
    public synchronized void putTorrent(Torrent torrent) {
        Torrent sameId = torrentsById.put(torrent.id(), torrent);
        if (sameId != null && !sameId.infoHash().equals(torrent.infoHash())) {
            torrentsByHash.remove(sameId.infoHash(), sameId);
        }
        Torrent sameHash = torrentsByHash.put(torrent.infoHash(), torrent);
        if (sameHash != null && sameHash.id() != torrent.id()) {
            torrentsById.remove(sameHash.id(), sameHash);
        }
        snatches.computeIfAbsent(torrent.infoHash(), h -> new AtomicLong());
        deletions.remove(torrent.infoHash());
    }

    /**
     * Unregisters the torrent of {@code infoHash}, remembering {@code reason} (null: none) from
     * {@code now} (epoch seconds); returns it, or null when it was not registered.
     */
    public synchronized Torrent removeTorrent(InfoHash infoHash, String reason, long now) {
        Torrent t = torrentsByHash.remove(infoHash);
        if (t != null) {
            torrentsById.remove(t.id(), t);
            snatches.remove(infoHash);
            tokens.removeIf(k -> (int) (long) k == t.id());
        }
        if (reason != null && !reason.isEmpty()) {
            deletions.put(infoHash, new Deletion(reason, now));
        }
        return t;
    }

    /**
     * The reason {@code infoHash} was deleted, when it was less than {@code lifetime} seconds before
     * {@code now}; else null.
     */
    public String deletionReason(InfoHash infoHash, long now, long lifetime) {
        Deletion d = deletions.get(infoHash);
        if (d == null) {
            return null;
        }
        if (now - d.at() >= lifetime) {
            deletions.remove(infoHash, d);
            return null;
        }
        return d.reason();
    }

    /** Forgets deletion reasons older than {@code lifetime} seconds before {@code now}. */
    public void forgetDeletions(long now, long lifetime) {
        deletions.values().removeIf(d -> now - d.at() >= lifetime);
    }

    /** Every registered torrent, in no particular order. */
    public Collection<Torrent> torrents() {
        return List.copyOf(torrentsById.values());
    }

    /** How many torrents are registered. */
    public int torrentCount() {
        return torrentsById.size();
    }

    /** The snatches of {@code infoHash} so far (0 when not registered). */
    public long snatches(InfoHash infoHash) {
        AtomicLong n = snatches.get(infoHash);
        return n == null ? 0 : n.get();
    }

    /** Counts one more snatch of {@code infoHash}, when registered. */
    public void snatched(InfoHash infoHash) {
        AtomicLong n = snatches.get(infoHash);
        if (n != null) {
            n.incrementAndGet();
        }
    }

    // ---- tokens ----------------------------------------------------------------------------------

    /** Whether {@code userId} holds a freeleech token for {@code torrentId}. */
    public boolean hasToken(int userId, int torrentId) {
        return !tokens.isEmpty() && tokens.contains(tokenKey(userId, torrentId));
    }

    /** Gives {@code userId} a token for {@code torrentId}; returns whether it is new. */
    public boolean addToken(int userId, int torrentId) {
        return tokens.add(tokenKey(userId, torrentId));
    }

    /** Takes the token of {@code userId} for {@code torrentId} away; returns whether there was one. */
    public boolean removeToken(int userId, int torrentId) {
        return tokens.remove(tokenKey(userId, torrentId));
    }

    /** Every active token. */
    public List<RosterData.Token> tokens() {
        List<RosterData.Token> out = new ArrayList<>();
        for (long k : tokens) {
            out.add(new RosterData.Token((int) (k >>> 32), (int) k));
        }
        return out;
    }

    /** The user ids holding a token for {@code torrentId}. */
    public List<Integer> tokenHolders(int torrentId) {
        List<Integer> out = new ArrayList<>();
        for (long k : tokens) {
            if ((int) k == torrentId) {
                out.add((int) (k >>> 32));
            }
        }
        return out;
    }

    private static long tokenKey(int userId, int torrentId) {
        return ((long) userId << 32) | (torrentId & 0xffffffffL);
    }

    // ---- clients ---------------------------------------------------------------------------------

    /** The client whitelist (its mode is not used: an empty list allows every client). */
    public ClientList clients() {
        return clients;
    }

    /** Whether a client with {@code peerId} may announce: the whitelist is empty or lists its prefix. */
    public boolean clientAllowed(PeerId peerId) {
        return clients.isEmpty() || clients.matches(peerId);
    }
}
