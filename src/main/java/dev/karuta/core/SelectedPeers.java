package dev.karuta.core;

import java.util.random.RandomGenerator;

/**
 * Peers picked for one announce response, kept in wire form: compact entries (BEP 23 / BEP 7) and
 * their peer_ids side by side, per address family. Filled by the registry, read by the writers.
 */
public final class SelectedPeers {
    /** No peers. */
    public static final SelectedPeers NONE = new SelectedPeers(0, 0);
    private static final byte[] NO_IDS = new byte[0];

    private final byte[] compact4;
    private final byte[] ids4;
    private final byte[] compact6;
    private final byte[] ids6;
    private int count4;
    private int count6;

    private final boolean withIds;

    /** Room for up to {@code max4} IPv4 and {@code max6} IPv6 peers, with their peer_ids. */
    public SelectedPeers(int max4, int max6) {
        this(max4, max6, true);
    }

    /**
     * Room for up to {@code max4} IPv4 and {@code max6} IPv6 peers; {@code withIds} false keeps no
     * peer_ids (for answers that never send them), and {@link #peerId}/{@link #idBuffer} have none.
     */
    public SelectedPeers(int max4, int max6, boolean withIds) {
        this.withIds = withIds;
        compact4 = new byte[max4 * AddressFamily.V4.compactLength()];
        compact6 = new byte[max6 * AddressFamily.V6.compactLength()];
        ids4 = withIds ? new byte[max4 * Id20.LENGTH] : NO_IDS;
        ids6 = withIds ? new byte[max6 * Id20.LENGTH] : NO_IDS;
    }

    /** Whether the peer_ids of the picked peers are kept. */
    public boolean hasIds() {
        return withIds;
    }

    /** Free room for peers of {@code family}. */
    public int room(AddressFamily family) {
        return family == AddressFamily.V4
                ? compact4.length / AddressFamily.V4.compactLength() - count4
                : compact6.length / AddressFamily.V6.compactLength() - count6;
    }

    /** Appends a peer; the caller checked {@link #room}. */
    public void add(PeerAddress address, PeerId id) {
        if (address.family() == AddressFamily.V4) {
            address.writeCompact(compact4, count4 * 6);
            if (withIds) {
                id.copyTo(ids4, count4 * Id20.LENGTH);
            }
            count4++;
        } else {
            address.writeCompact(compact6, count6 * 18);
            if (withIds) {
                id.copyTo(ids6, count6 * Id20.LENGTH);
            }
            count6++;
        }
    }

    /**
     * Appends entry {@code index} of a pool kept in wire form: its compact address and port at
     * {@code index * family.compactLength()} of {@code compact}, its peer_id at {@code 20 * index} of
     * {@code ids} (read only when this keeps ids); the caller checked {@link #room}.
     */
    public void add(AddressFamily family, byte[] compact, byte[] ids, int index) {
        int len = family.compactLength();
        if (family == AddressFamily.V4) {
            System.arraycopy(compact, index * len, compact4, count4 * len, len);
            if (withIds) {
                System.arraycopy(ids, index * Id20.LENGTH, ids4, count4 * Id20.LENGTH, Id20.LENGTH);
            }
            count4++;
        } else {
            System.arraycopy(compact, index * len, compact6, count6 * len, len);
            if (withIds) {
                System.arraycopy(ids, index * Id20.LENGTH, ids6, count6 * Id20.LENGTH, Id20.LENGTH);
            }
            count6++;
        }
    }

    /**
     * Appends one peer kept in wire form elsewhere: its compact address and port at {@code compactOffset}
     * of {@code compact}, its peer_id at {@code idOffset} of {@code ids} (read only when this keeps
     * ids); the caller checked {@link #room}.
     */
    public void add(AddressFamily family, byte[] compact, int compactOffset, byte[] ids, int idOffset) {
        int len = family.compactLength();
        if (family == AddressFamily.V4) {
            System.arraycopy(compact, compactOffset, compact4, count4 * len, len);
            if (withIds) {
                System.arraycopy(ids, idOffset, ids4, count4 * Id20.LENGTH, Id20.LENGTH);
            }
            count4++;
        } else {
            System.arraycopy(compact, compactOffset, compact6, count6 * len, len);
            if (withIds) {
                System.arraycopy(ids, idOffset, ids6, count6 * Id20.LENGTH, Id20.LENGTH);
            }
            count6++;
        }
    }

    /**
     * Puts the entries of {@code family} from index {@code from} on in random order (a Fisher-Yates
     * shuffle, one draw an entry), each address with its peer_id.
     */
    public void shuffle(AddressFamily family, int from, RandomGenerator random) {
        int n = count(family);
        int len = family.compactLength();
        byte[] compact = compactBuffer(family);
        byte[] ids = idBuffer(family);
        for (int i = n - 1; i > from; i--) {
            int j = from + random.nextInt(i - from + 1);
            if (j != i) {
                swap(compact, i * len, j * len, len);
                if (withIds) {
                    swap(ids, i * Id20.LENGTH, j * Id20.LENGTH, Id20.LENGTH);
                }
            }
        }
    }

    private static void swap(byte[] b, int x, int y, int len) {
        for (int k = 0; k < len; k++) {
            byte t = b[x + k];
            b[x + k] = b[y + k];
            b[y + k] = t;
        }
    }

    /** Number of peers of {@code family}. */
    public int count(AddressFamily family) {
        return family == AddressFamily.V4 ? count4 : count6;
    }

    /** The compact entries of {@code family}: {@link #count} entries from offset 0 of the returned array. */
    public byte[] compactBuffer(AddressFamily family) {
        return family == AddressFamily.V4 ? compact4 : compact6;
    }

    /** The peer_ids of {@code family}: entry {@code i} at {@code 20 * i}. */
    public byte[] idBuffer(AddressFamily family) {
        return family == AddressFamily.V4 ? ids4 : ids6;
    }

    /** Entry {@code i} of {@code family} as a {@link PeerAddress}. */
    public PeerAddress address(AddressFamily family, int i) {
        int len = family.compactLength();
        byte[] buf = compactBuffer(family);
        byte[] ip = java.util.Arrays.copyOfRange(buf, i * len, i * len + family.addressLength());
        int port = ((buf[i * len + len - 2] & 0xff) << 8) | (buf[i * len + len - 1] & 0xff);
        return PeerAddress.of(ip, port);
    }

    /** Peer_id of entry {@code i} of {@code family}; only when {@link #hasIds()}. */
    public PeerId peerId(AddressFamily family, int i) {
        if (!withIds) {
            throw new IllegalStateException("these picks were made without peer_ids");
        }
        return PeerId.of(idBuffer(family), i * Id20.LENGTH);
    }
}
