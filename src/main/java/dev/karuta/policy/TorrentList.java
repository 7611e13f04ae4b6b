package dev.karuta.policy;

import dev.karuta.core.Admission;
import dev.karuta.core.AnnounceRequest;
import dev.karuta.core.Hook;
import dev.karuta.core.InfoHash;
import dev.karuta.core.TrackerException;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Torrent approval: in {@link ListMode#ALLOW} only listed info_hashes are tracked, in
 * {@link ListMode#DENY} listed ones are refused. Changes apply to the next announce; reads take no
 * lock. Scrapes are not refused: an unlisted torrent has no swarm and scrapes as zeros.
 */
public final class TorrentList implements Hook {
    private static final TrackerException NOT_ALLOWED = TrackerException.refused("torrent is not registered with this tracker");
    private static final TrackerException DENIED = TrackerException.refused("torrent is banned from this tracker");

    private final Set<InfoHash> hashes = ConcurrentHashMap.newKeySet();
    private volatile ListMode mode = ListMode.OFF;

    @Override
    public void admit(AnnounceRequest request, Admission admission) {
        ListMode m = mode;
        if (m == ListMode.ALLOW && !hashes.contains(request.infoHash())) {
            throw NOT_ALLOWED;
        }
        if (m == ListMode.DENY && hashes.contains(request.infoHash())) {
            throw DENIED;
        }
    }

    /** Whether an announce for {@code infoHash} would pass. */
    public boolean allows(InfoHash infoHash) {
        ListMode m = mode;
        return m == ListMode.OFF || hashes.contains(infoHash) == (m == ListMode.ALLOW);
    }

    public ListMode mode() {
        return mode;
    }

    public void setMode(ListMode mode) {
        this.mode = mode;
    }

    /** Adds the hashes; returns how many were new. */
    public int add(Collection<InfoHash> add) {
        int n = 0;
        for (InfoHash h : add) {
            n += hashes.add(h) ? 1 : 0;
        }
        return n;
    }

    /** Removes the hashes; returns how many were listed. */
    public int remove(Collection<InfoHash> remove) {
        int n = 0;
        for (InfoHash h : remove) {
            n += hashes.remove(h) ? 1 : 0;
        }
        return n;
    }

    public boolean contains(InfoHash infoHash) {
        return hashes.contains(infoHash);
    }

    /** The listed hashes, sorted. */
    public List<InfoHash> entries() {
        return hashes.stream().sorted().toList();
    }

    public int size() {
        return hashes.size();
    }
}
