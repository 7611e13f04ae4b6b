package dev.karuta.http;

import static dev.karuta.bencode.BencodeWriter.ascii;

import dev.karuta.bencode.BencodeWriter;
import dev.karuta.core.AddressFamily;
import dev.karuta.core.AnnounceResponse;
import dev.karuta.core.Id20;
import dev.karuta.core.SelectedPeers;

/**
 * Writes an announce response as bencode, keys in raw-byte order: {@code complete},
 * {@code downloaded}, {@code external ip} (BEP 24), {@code incomplete}, {@code interval},
 * {@code min interval}, {@code peers} (BEP 23 compact string, or a list of dictionaries), and
 * {@code peers6} (BEP 7, compact) for a requester with an IPv6 address.
 */
public final class AnnounceWriter {
    private static final byte[] COMPLETE = ascii("complete");
    private static final byte[] DOWNLOADED = ascii("downloaded");
    private static final byte[] EXTERNAL_IP = ascii("external ip");
    private static final byte[] INCOMPLETE = ascii("incomplete");
    private static final byte[] INTERVAL = ascii("interval");
    private static final byte[] MIN_INTERVAL = ascii("min interval");
    private static final byte[] PEERS = ascii("peers");
    private static final byte[] PEERS6 = ascii("peers6");
    private static final byte[] IP = ascii("ip");
    private static final byte[] PEER_ID = ascii("peer id");
    private static final byte[] PORT = ascii("port");

    private AnnounceWriter() {
    }

    /**
     * The response body.
     *
     * @param wantsV6  whether the requester has an IPv6 address (then {@code peers6} is present)
     * @param compact  compact peer strings, else a list of peer dictionaries
     * @param noPeerId leave {@code peer id} out of peer dictionaries
     */
    public static byte[] write(AnnounceResponse r, boolean wantsV6, boolean compact, boolean noPeerId) {
        SelectedPeers peers = r.peers();
        int n4 = peers.count(AddressFamily.V4);
        int n6 = peers.count(AddressFamily.V6);
        // Keys and numbers take under 160 bytes; peers take their compact size (or ~90 bytes as dicts).
        BencodeWriter w = new BencodeWriter(160 + (compact ? n4 * 6 + n6 * 18 : (n4 + n6) * 90));
        w.beginDict()
                .key(COMPLETE).value(r.stats().complete())
                .key(DOWNLOADED).value(r.stats().snatches())
                .key(EXTERNAL_IP).value(r.externalIp())
                .key(INCOMPLETE).value(r.stats().incomplete())
                .key(INTERVAL).value(r.interval())
                .key(MIN_INTERVAL).value(r.minInterval());
        w.key(PEERS);
        if (compact) {
            w.value(peers.compactBuffer(AddressFamily.V4), 0, n4 * AddressFamily.V4.compactLength());
            if (wantsV6) {
                w.key(PEERS6).value(peers.compactBuffer(AddressFamily.V6), 0, n6 * AddressFamily.V6.compactLength());
            }
        } else {
            w.beginList();
            writeDicts(w, peers, AddressFamily.V4, noPeerId);
            writeDicts(w, peers, AddressFamily.V6, noPeerId);
            w.end();
        }
        return w.end().toByteArray();
    }

    private static void writeDicts(BencodeWriter w, SelectedPeers peers, AddressFamily family, boolean noPeerId) {
        byte[] ids = peers.idBuffer(family);
        for (int i = 0; i < peers.count(family); i++) {
            var address = peers.address(family, i);
            w.beginDict().key(IP).value(address.host());
            if (!noPeerId) {
                w.key(PEER_ID).value(ids, i * Id20.LENGTH, Id20.LENGTH);
            }
            w.key(PORT).value(address.port()).end();
        }
    }
}
