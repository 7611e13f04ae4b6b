package dev.karuta.udp;

import static dev.karuta.udp.UdpHandler.ANNOUNCE;
import static dev.karuta.udp.UdpHandler.CONNECT;
import static dev.karuta.udp.UdpHandler.ERROR;
import static dev.karuta.udp.UdpHandler.SCRAPE;

import dev.karuta.core.AddressFamily;
import dev.karuta.core.AnnounceResponse;
import dev.karuta.core.InfoHash;
import dev.karuta.core.ScrapeResponse;
import dev.karuta.core.SelectedPeers;
import dev.karuta.core.SwarmStats;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Writes BEP 15 answer packets (connect, announce, scrape, error) into a buffer, which each method
 * clears first and flips after, so the buffer is ready to send. Every answer stays under one Ethernet
 * MTU: an announce answer carries at most {@link #maxPeers} peers.
 */
final class UdpWriter {
    /** Peers per answer: 20 + 6n and 20 + 18n bytes stay under 1500 - 48 bytes of IP/UDP headers. */
    static final int MAX_PEERS_V4 = 200;
    static final int MAX_PEERS_V6 = 70;
    /** Room for any answer: 20 + 6 * 200 or 20 + 18 * 70 bytes, 16 + 12 * 74 for a scrape. */
    static final int MAX_LENGTH = 1500;

    private UdpWriter() {
    }

    /** Most peers of {@code family} an announce answer carries. */
    static int maxPeers(AddressFamily family) {
        return family == AddressFamily.V4 ? MAX_PEERS_V4 : MAX_PEERS_V6;
    }

    /** The connect answer: action, transaction ID, the connection ID issued. */
    static void connect(ByteBuffer out, int transactionId, long connectionId) {
        out.clear();
        out.putInt(CONNECT).putInt(transactionId).putLong(connectionId).flip();
    }

    /**
     * The announce answer: interval, leechers, seeders, then the picked peers of {@code family} (the
     * requester's) as 6- or 18-byte compact entries, at most {@link #maxPeers} of them.
     */
    static void announce(ByteBuffer out, int transactionId, AddressFamily family, AnnounceResponse response) {
        out.clear();
        SwarmStats stats = response.stats();
        out.putInt(ANNOUNCE).putInt(transactionId).putInt(response.interval())
                .putInt(stats.incomplete()).putInt(stats.complete());
        SelectedPeers peers = response.peers();
        int n = Math.min(peers.count(family), maxPeers(family));
        out.put(peers.compactBuffer(family), 0, n * family.compactLength());
        out.flip();
    }

    /**
     * The scrape answer: seeders, completed (capped at {@link Integer#MAX_VALUE}) and leechers for each
     * of {@code hashes}, in their order, duplicates included (BEP 15), not in the response's sorted one.
     */
    static void scrape(ByteBuffer out, int transactionId, List<InfoHash> hashes, ScrapeResponse response) {
        out.clear();
        out.putInt(SCRAPE).putInt(transactionId);
        Map<InfoHash, SwarmStats> files = response.files();
        for (int i = 0, n = hashes.size(); i < n; i++) {
            SwarmStats s = files.get(hashes.get(i));
            out.putInt(s.complete()).putInt((int) Math.min(Integer.MAX_VALUE, s.snatches())).putInt(s.incomplete());
        }
        out.flip();
    }

    /**
     * Writes an error packet with {@code message} (ASCII) when it is no larger than {@code limit} bytes
     * and returns true; returns false, leaving nothing to send, when it would be larger (the limit is
     * the request's size for a source not yet proven to receive what is sent to it).
     */
    static boolean error(ByteBuffer out, int transactionId, String message, int limit) {
        byte[] text = message.getBytes(StandardCharsets.US_ASCII);
        if (8 + text.length > limit) {
            return false;
        }
        out.clear();
        out.putInt(ERROR).putInt(transactionId).put(text).flip();
        return true;
    }
}
