package dev.karuta.swarm;

import dev.karuta.core.AddressFamily;
import dev.karuta.core.PeerAddress;
import dev.karuta.core.SelectedPeers;
import java.util.Arrays;
import java.util.HashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The slots of one address family in one swarm, kept so that picking peers costs O(numwant):
 * a dense array with downloaders in {@code [0, wanting)} and seeders and partial seeds in
 * {@code [wanting, size)}, plus a list per subnet for local-first selection. Not thread-safe:
 * the owning {@link Swarm} serializes access.
 */
final class Pool {
    private final AddressFamily family;
    private final int subnetBits;
    private final HashMap<Long, Slot> subnetHeads = new HashMap<>();
    private Slot[] slots = new Slot[4];
    private int size;
    private int wanting;

    Pool(AddressFamily family, int subnetBits) {
        this.family = family;
        this.subnetBits = subnetBits;
    }

    int size() {
        return size;
    }

    /** Adds {@code slot}; {@code done} places it among the peers that want nothing. */
    void add(Slot slot, boolean done) {
        if (size == slots.length) {
            slots = Arrays.copyOf(slots, size * 2);
        }
        if (done) {
            place(slot, size);
        } else {
            if (wanting < size) {
                place(slots[wanting], size);
            }
            place(slot, wanting);
            wanting++;
        }
        size++;
        linkSubnet(slot);
    }

    /** Removes {@code slot}, keeping the array dense. */
    void remove(Slot slot) {
        int i = slot.index;
        int last = size - 1;
        if (i < wanting) {
            // Fill the hole with the last downloader, then the last downloader's place with the last slot.
            int lastWanting = wanting - 1;
            if (i != lastWanting) {
                place(slots[lastWanting], i);
            }
            i = lastWanting;
            wanting--;
        }
        if (i != last) {
            place(slots[last], i);
        }
        slots[last] = null;
        size--;
        slot.index = -1;
        unlinkSubnet(slot);
    }

    /** Moves {@code slot} between the downloaders and the done peers. */
    void setDone(Slot slot, boolean done) {
        boolean isDone = slot.index >= wanting;
        if (isDone == done) {
            return;
        }
        int target = done ? wanting - 1 : wanting;
        Slot other = slots[target];
        place(other, slot.index);
        place(slot, target);
        wanting += done ? -1 : 1;
    }

    /** Gives {@code slot} a new address (same peer, moved or re-ported). */
    void readdress(Slot slot, PeerAddress address) {
        unlinkSubnet(slot);
        slot.address = address;
        linkSubnet(slot);
    }

    /**
     * Appends up to {@code max} slots to {@code out}: first ones in the requester's subnet, then random
     * ones. A done requester gets only downloaders; {@code self} and slots already picked in
     * {@code round} are skipped.
     */
    void pick(Slot self, PeerAddress requester, boolean requesterDone, int max, int round, SelectedPeers out) {
        int range = requesterDone ? wanting : size;
        int selfInRange = self != null && self.index < range ? 1 : 0;
        int want = Math.min(max, range - selfInRange);
        if (want <= 0) {
            return;
        }
        int added = pickSubnet(self, requester, range, want, round, out);
        int eligible = range - selfInRange - added;
        int remaining = Math.min(want - added, eligible);
        if (remaining <= 0) {
            return;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (remaining * 2 >= eligible) {
            // Dense case: selection sampling over the whole range, O(range) = O(numwant).
            int start = random.nextInt(range);
            for (int n = 0; n < range && remaining > 0; n++) {
                Slot s = slots[(start + n) % range];
                if (s == self || s.pickedIn == round) {
                    continue;
                }
                if (random.nextInt(eligible) < remaining) {
                    take(s, round, out);
                    remaining--;
                }
                eligible--;
            }
        } else {
            // Sparse case: at least half the candidates are free, so rejection needs < 2 tries each.
            while (remaining > 0) {
                Slot s = slots[random.nextInt(range)];
                if (s != self && s.pickedIn != round) {
                    take(s, round, out);
                    remaining--;
                }
            }
        }
    }

    private int pickSubnet(Slot self, PeerAddress requester, int range, int want, int round, SelectedPeers out) {
        if (subnetBits == 0 || requester == null) {
            return 0;
        }
        int added = 0;
        // The walk is bounded so that a crowded subnet of done peers cannot make one announce O(swarm).
        int budget = 4 * want;
        for (Slot s = subnetHeads.get(subnetKey(requester)); s != null && added < want && budget-- > 0;
                s = s.subnetNext) {
            if (s != self && s.index < range && s.pickedIn != round) {
                take(s, round, out);
                added++;
            }
        }
        return added;
    }

    private static void take(Slot s, int round, SelectedPeers out) {
        s.pickedIn = round;
        out.add(s.address, s.owner.id);
    }

    private void place(Slot slot, int index) {
        slots[index] = slot;
        slot.index = index;
    }

    private void linkSubnet(Slot slot) {
        if (subnetBits == 0) {
            return;
        }
        slot.subnetKey = subnetKey(slot.address);
        Slot head = subnetHeads.put(slot.subnetKey, slot);
        slot.subnetPrev = null;
        slot.subnetNext = head;
        if (head != null) {
            head.subnetPrev = slot;
        }
    }

    private void unlinkSubnet(Slot slot) {
        if (subnetBits == 0) {
            return;
        }
        if (slot.subnetPrev != null) {
            slot.subnetPrev.subnetNext = slot.subnetNext;
        } else if (slot.subnetNext != null) {
            subnetHeads.put(slot.subnetKey, slot.subnetNext);
        } else {
            subnetHeads.remove(slot.subnetKey);
        }
        if (slot.subnetNext != null) {
            slot.subnetNext.subnetPrev = slot.subnetPrev;
        }
        slot.subnetPrev = null;
        slot.subnetNext = null;
    }

    /** The first {@code subnetBits} bits of the address (at most 64), as a map key. */
    long subnetKey(PeerAddress address) {
        byte[] ip = address.ip();
        long bits = 0;
        int n = Math.min(ip.length, 8);
        for (int i = 0; i < n; i++) {
            bits = (bits << 8) | (ip[i] & 0xff);
        }
        int width = n * 8;
        return bits >>> (width - Math.min(subnetBits, width));
    }

    AddressFamily family() {
        return family;
    }
}
