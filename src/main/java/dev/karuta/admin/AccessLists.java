package dev.karuta.admin;

import dev.karuta.cluster.Change;
import dev.karuta.cluster.ChangeBus;
import dev.karuta.core.InfoHash;
import dev.karuta.policy.Bans;
import dev.karuta.policy.ClientList;
import dev.karuta.policy.ListMode;
import dev.karuta.policy.TorrentList;
import dev.karuta.store.AccessListStore;
import dev.karuta.store.AccessListStore.Kind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Function;

/**
 * The torrent and client lists and the banned addresses as the operator changes them: each change is
 * validated whole, saved to the {@link AccessListStore}, and only then applied to the live policies, so a refused or failed
 * change alters nothing; then the other nodes are told through the {@link ChangeBus}, and take the
 * change up by {@link #reload() reading the store again}. Changes are serialized; announces read the
 * policies without locking.
 */
public final class AccessLists {
    /** Most entries one request may add or remove. */
    public static final int MAX_BATCH = 100_000;

    private final TorrentList torrents;
    private final ClientList clients;
    private final Bans bans;
    private final AccessListStore store;
    private final ChangeBus bus;

    /** Lists of a node alone. */
    public AccessLists(TorrentList torrents, ClientList clients, AccessListStore store) {
        this(torrents, clients, store, ChangeBus.NONE);
    }

    /** Lists whose changes are told to the other nodes on {@code bus}. */
    public AccessLists(TorrentList torrents, ClientList clients, AccessListStore store, ChangeBus bus) {
        this(torrents, clients, new Bans(), store, bus);
    }

    /** Lists and bans whose changes are told to the other nodes on {@code bus}. */
    public AccessLists(TorrentList torrents, ClientList clients, Bans bans, AccessListStore store, ChangeBus bus) {
        this.torrents = torrents;
        this.clients = clients;
        this.bans = bans;
        this.store = store;
        this.bus = bus;
    }

    /**
     * Makes the live policies what the store holds (another node changed it): entries the store no
     * longer has are removed, new ones added, the modes set; an announce meanwhile sees the old or the
     * new entry, never an empty list.
     */
    public synchronized void reload() {
        AccessListStore.Saved t = store.load(Kind.TORRENTS);
        LinkedHashSet<InfoHash> wanted = new LinkedHashSet<>();
        for (String hex : t.entries()) {
            wanted.add(InfoHash.fromHex(hex));
        }
        List<InfoHash> gone = new ArrayList<>(torrents.entries());
        gone.removeAll(wanted);
        // New entries added first, old ones removed last: an entry of both the old and the new list is never missing.
        torrents.add(wanted);
        torrents.setMode(t.mode());
        torrents.remove(gone);
        AccessListStore.Saved c = store.load(Kind.CLIENTS);
        List<String> goneClients = new ArrayList<>(clients.entries());
        goneClients.removeAll(c.entries());
        clients.add(c.entries());
        clients.setMode(c.mode());
        clients.remove(goneClients);
        List<String> saved = canonical(store.load(Kind.BANS).entries());
        List<String> goneBans = new ArrayList<>(bans.entries());
        goneBans.removeAll(saved);
        bans.add(saved);
        bans.remove(goneBans);
    }

    /** Fills the live policies from the store; called once at start. */
    public synchronized void load() {
        AccessListStore.Saved t = store.load(Kind.TORRENTS);
        List<InfoHash> hashes = new ArrayList<>();
        for (String hex : t.entries()) {
            hashes.add(InfoHash.fromHex(hex));
        }
        torrents.add(hashes);
        torrents.setMode(t.mode());
        AccessListStore.Saved c = store.load(Kind.CLIENTS);
        clients.add(c.entries());
        clients.setMode(c.mode());
        bans.add(canonical(store.load(Kind.BANS).entries()));
    }

    /** One list as the admin API edits it: entries are hex info_hashes or client prefixes. */
    public interface Editable {
        /** The JSON field that carries this list's entries. */
        String field();

        ListMode mode();

        List<String> entries();

        void setMode(ListMode mode);

        /** Adds entries; returns how many were new. */
        int add(Collection<String> entries);

        /** Removes entries; returns how many were listed. */
        int remove(Collection<String> entries);
    }

    /** The list of {@code kind} as the admin API edits it. */
    public Editable editable(Kind kind) {
        if (kind == Kind.BANS) {
            return new BanList(this);
        }
        return kind == Kind.TORRENTS ? new Editable() {
            @Override
            public String field() {
                return "infoHashes";
            }

            @Override
            public ListMode mode() {
                return torrents.mode();
            }

            @Override
            public List<String> entries() {
                return torrents.entries().stream().map(InfoHash::toHex).toList();
            }

            @Override
            public void setMode(ListMode mode) {
                setTorrentMode(mode);
            }

            @Override
            public int add(Collection<String> entries) {
                return addTorrents(entries);
            }

            @Override
            public int remove(Collection<String> entries) {
                return removeTorrents(entries);
            }
        } : new Editable() {
            @Override
            public String field() {
                return "prefixes";
            }

            @Override
            public ListMode mode() {
                return clients.mode();
            }

            @Override
            public List<String> entries() {
                return clients.entries();
            }

            @Override
            public void setMode(ListMode mode) {
                setClientMode(mode);
            }

            @Override
            public int add(Collection<String> entries) {
                return addClients(entries);
            }

            @Override
            public int remove(Collection<String> entries) {
                return removeClients(entries);
            }
        };
    }

    public TorrentList torrents() {
        return torrents;
    }

    public ClientList clients() {
        return clients;
    }

    public Bans bans() {
        return bans;
    }

    public synchronized void setTorrentMode(ListMode mode) {
        store.saveMode(Kind.TORRENTS, mode);
        torrents.setMode(mode);
        bus.publish(Change.accessLists());
    }

    public synchronized void setClientMode(ListMode mode) {
        store.saveMode(Kind.CLIENTS, mode);
        clients.setMode(mode);
        bus.publish(Change.accessLists());
    }

    /** Adds info_hashes given as hex; returns how many were new. */
    public synchronized int addTorrents(Collection<String> hex) {
        List<InfoHash> hashes = parseHashes(hex);
        store.add(Kind.TORRENTS, hexOf(hashes));
        int changed = torrents.add(hashes);
        bus.publish(Change.accessLists());
        return changed;
    }

    /** Removes info_hashes given as hex; returns how many were listed. */
    public synchronized int removeTorrents(Collection<String> hex) {
        List<InfoHash> hashes = parseHashes(hex);
        store.remove(Kind.TORRENTS, hexOf(hashes));
        int changed = torrents.remove(hashes);
        bus.publish(Change.accessLists());
        return changed;
    }

    /** Adds client prefixes; returns how many were new. */
    public synchronized int addClients(Collection<String> prefixes) {
        List<String> valid = parsePrefixes(prefixes);
        store.add(Kind.CLIENTS, valid);
        int changed = clients.add(valid);
        bus.publish(Change.accessLists());
        return changed;
    }

    /** Removes client prefixes; returns how many were listed. */
    public synchronized int removeClients(Collection<String> prefixes) {
        List<String> valid = parsePrefixes(prefixes);
        store.remove(Kind.CLIENTS, valid);
        int changed = clients.remove(valid);
        bus.publish(Change.accessLists());
        return changed;
    }

    private static List<InfoHash> parseHashes(Collection<String> hex) {
        return parseAll(hex, s -> {
            try {
                return InfoHash.fromHex(s);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("not an info_hash (40 hex digits)");
            }
        });
    }

    private static List<String> parsePrefixes(Collection<String> prefixes) {
        return parseAll(prefixes, ClientList::validate);
    }

    /**
     * Every entry of a batch read by {@code parser} (trimmed; duplicates once, in order); the first
     * invalid one refuses the whole batch with its reason and the entry, so nothing changes.
     */
    private static <T> List<T> parseAll(Collection<String> entries, Function<String, T> parser) {
        checkBatch(entries);
        LinkedHashSet<T> out = new LinkedHashSet<>();
        for (String e : entries) {
            String s = e == null ? "" : e.trim();
            try {
                out.add(parser.apply(s));
            } catch (IllegalArgumentException x) {
                throw new IllegalArgumentException(x.getMessage() + ": " + shorten(s));
            }
        }
        return List.copyOf(out);
    }

    /** Bans addresses or CIDR ranges (any valid form, stored canonical); returns how many were new. */
    public synchronized int addBans(Collection<String> entries) {
        List<String> valid = parseBans(entries);
        store.add(Kind.BANS, valid);
        int changed = bans.add(valid);
        bus.publish(Change.accessLists());
        return changed;
    }

    /** Lifts bans of addresses or CIDR ranges (any valid form); returns how many were listed. */
    public synchronized int removeBans(Collection<String> entries) {
        List<String> valid = parseBans(entries);
        store.remove(Kind.BANS, valid);
        int changed = bans.remove(valid);
        bus.publish(Change.accessLists());
        return changed;
    }

    private static List<String> parseBans(Collection<String> entries) {
        return parseAll(entries, Bans::validate);
    }

    /** The saved ban entries that are valid, canonical; a row no longer valid is skipped, not fatal. */
    private static List<String> canonical(Collection<String> saved) {
        List<String> out = new ArrayList<>();
        for (String e : saved) {
            try {
                out.add(Bans.validate(e));
            } catch (IllegalArgumentException x) {
                System.getLogger(AccessLists.class.getName()).log(System.Logger.Level.WARNING,
                        "skipping a saved ban that is not an address or CIDR range: {0}", shorten(e));
            }
        }
        return out;
    }

    private static void checkBatch(Collection<String> entries) {
        if (entries == null || entries.isEmpty()) {
            throw new IllegalArgumentException("no entries given");
        }
        if (entries.size() > MAX_BATCH) {
            throw new IllegalArgumentException("at most " + MAX_BATCH + " entries per request");
        }
    }

    private static List<String> hexOf(List<InfoHash> hashes) {
        return hashes.stream().map(InfoHash::toHex).toList();
    }

    private static String shorten(String s) {
        String t = s.length() > 60 ? s.substring(0, 60) + "..." : s;
        return '"' + t.replaceAll("[^\\x20-\\x7e]", "?") + '"';
    }
}
