package dev.karuta.policy;

import dev.karuta.core.Admission;
import dev.karuta.core.AnnounceRequest;
import dev.karuta.core.Hook;
import dev.karuta.core.PeerId;
import dev.karuta.core.TrackerException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Client approval by peer_id prefix ({@code -qB}, {@code -TR2}, {@code M7-} ...): in
 * {@link ListMode#ALLOW} only peer_ids starting with a listed prefix may announce, in
 * {@link ListMode#DENY} those are refused. The list is short, so a check tries each prefix; readers
 * see an immutable array swapped on change.
 */
public final class ClientList implements Hook {
    /** Longest prefix accepted; a peer_id is 20 bytes. */
    public static final int MAX_PREFIX = 20;
    private static final TrackerException NOT_ALLOWED = TrackerException.refused("client is not approved by this tracker");
    private static final TrackerException DENIED = TrackerException.refused("client is banned from this tracker");

    private volatile byte[][] prefixes = new byte[0][];
    private volatile ListMode mode = ListMode.OFF;

    /**
     * Checks that {@code prefix} is 1 to 20 printable ASCII characters, as client prefixes are.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static String validate(String prefix) {
        if (prefix == null || prefix.isEmpty() || prefix.length() > MAX_PREFIX) {
            throw new IllegalArgumentException("a client prefix must be 1 to 20 characters");
        }
        for (int i = 0; i < prefix.length(); i++) {
            char c = prefix.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new IllegalArgumentException("a client prefix must be printable ASCII without spaces");
            }
        }
        return prefix;
    }

    @Override
    public void admit(AnnounceRequest request, Admission admission) {
        ListMode m = mode;
        if (m == ListMode.OFF) {
            return;
        }
        boolean listed = matches(request.peerId());
        if (m == ListMode.ALLOW && !listed) {
            throw NOT_ALLOWED;
        }
        if (m == ListMode.DENY && listed) {
            throw DENIED;
        }
    }

    /** Whether {@code peerId} starts with a listed prefix. */
    public boolean matches(PeerId peerId) {
        outer:
        for (byte[] p : prefixes) {
            for (int i = 0; i < p.length; i++) {
                if (peerId.byteAt(i) != p[i]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** Whether no prefix is listed. */
    public boolean isEmpty() {
        return prefixes.length == 0;
    }

    public ListMode mode() {
        return mode;
    }

    public void setMode(ListMode mode) {
        this.mode = mode;
    }

    /** Adds valid prefixes; returns how many were new. */
    public synchronized int add(Collection<String> add) {
        TreeSet<String> set = new TreeSet<>(entries());
        int before = set.size();
        for (String p : add) {
            set.add(validate(p));
        }
        publish(set);
        return set.size() - before;
    }

    /** Removes prefixes; returns how many were listed. */
    public synchronized int remove(Collection<String> remove) {
        TreeSet<String> set = new TreeSet<>(entries());
        int before = set.size();
        set.removeAll(remove);
        publish(set);
        return before - set.size();
    }

    /** The listed prefixes, sorted. */
    public List<String> entries() {
        byte[][] current = prefixes;
        TreeSet<String> out = new TreeSet<>();
        for (byte[] p : current) {
            out.add(new String(p, StandardCharsets.US_ASCII));
        }
        return List.copyOf(out);
    }

    private void publish(TreeSet<String> set) {
        byte[][] next = new byte[set.size()][];
        int i = 0;
        for (String p : set) {
            next[i++] = p.getBytes(StandardCharsets.US_ASCII);
        }
        prefixes = next;
    }
}
