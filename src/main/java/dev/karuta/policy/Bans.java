package dev.karuta.policy;

import dev.karuta.core.Admission;
import dev.karuta.core.AnnounceRequest;
import dev.karuta.core.Hook;
import dev.karuta.core.PeerAddress;
import dev.karuta.core.ScrapeRequest;
import dev.karuta.core.TrackerException;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Addresses and CIDR ranges refused before anything else: an announce or scrape whose source (or other
 * family's address) lies in a banned range is refused with "your address is banned from this tracker".
 * Entries are canonical {@link BanRange} texts. A check costs one hash probe per distinct prefix length
 * listed, without locking: readers see an immutable {@link BanTable} swapped whole on change.
 */
public final class Bans implements Hook {
    private static final TrackerException BANNED = TrackerException.refused("your address is banned from this tracker");

    private volatile BanTable table = BanTable.EMPTY;

    @Override
    public void admit(AnnounceRequest request, Admission admission) {
        BanTable t = table;
        if (t.isEmpty()) {
            return;
        }
        if (t.matches(request.source()) || request.other() != null && t.matches(request.other())) {
            throw BANNED;
        }
    }

    @Override
    public void admitScrape(ScrapeRequest request) {
        BanTable t = table;
        if (!t.isEmpty() && request.source() != null && t.matches(request.source())) {
            throw BANNED;
        }
    }

    @Override
    public void admitFullScrape(PeerAddress source) {
        BanTable t = table;
        if (!t.isEmpty() && source != null && t.matches(source)) {
            throw BANNED;
        }
    }

    /** Whether {@code address} lies in a banned range. */
    public boolean banned(PeerAddress address) {
        return table.matches(address);
    }

    /** Whether the raw 4- or 16-byte address lies in a banned range. */
    public boolean banned(byte[] ip) {
        return table.matches(PeerAddress.of(ip, 0));
    }

    /** Whether nothing is banned. */
    public boolean isEmpty() {
        return table.isEmpty();
    }

    /**
     * The canonical text of {@code entry} ({@code 10.1.2.3/8} is {@code 10.0.0.0/8}).
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static String validate(String entry) {
        return BanRange.parse(entry).toString();
    }

    /** Adds entries (any valid form); returns how many were new. */
    public synchronized int add(Collection<String> add) {
        TreeSet<BanRange> set = new TreeSet<>(table.ranges());
        int before = set.size();
        for (String e : add) {
            set.add(BanRange.parse(e));
        }
        table = BanTable.of(set);
        return set.size() - before;
    }

    /** Removes entries (any valid form); returns how many were listed. */
    public synchronized int remove(Collection<String> remove) {
        TreeSet<BanRange> set = new TreeSet<>(table.ranges());
        int before = set.size();
        for (String e : remove) {
            set.remove(BanRange.parse(e));
        }
        table = BanTable.of(set);
        return before - set.size();
    }

    /** The banned ranges as canonical text, IPv4 first, then by address and prefix length. */
    public List<String> entries() {
        return table.ranges().stream().map(BanRange::toString).toList();
    }

    /** How many ranges are banned. */
    public int size() {
        return table.ranges().size();
    }
}
