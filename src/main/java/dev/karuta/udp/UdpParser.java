package dev.karuta.udp;

import dev.karuta.core.AddressFamily;
import dev.karuta.core.AnnounceRequest;
import dev.karuta.core.AnnounceSettings;
import dev.karuta.core.Event;
import dev.karuta.core.InfoHash;
import dev.karuta.core.PeerAddress;
import dev.karuta.core.PeerId;
import dev.karuta.core.RequestContext;
import dev.karuta.core.ScrapeRequest;
import dev.karuta.core.TrackerException;
import dev.karuta.policy.ClientSuppliedAddress;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Turns the body of a BEP 15 announce (with BEP 41 URL data) or scrape packet into the core's request,
 * refusing anything malformed with a client-visible {@link TrackerException}. No sockets and no
 * metrics: the {@link UdpHandler} hands it a packet (position 0 to limit) whose 16-byte header it has
 * read, and the source address. Every field is read at its absolute offset, so the buffer is not moved.
 */
final class UdpParser {
    /** Announce packet length without BEP 41 options. */
    static final int ANNOUNCE_LENGTH = 98;
    /** Most info_hashes in one scrape (BEP 15: ~74 fit in one packet). */
    static final int MAX_SCRAPE = 74;
    /** Largest URL data accepted from BEP 41 options. */
    static final int MAX_URL_DATA = 1024;

    private final AnnounceSettings announceSettings;
    private final boolean trustClientIp;

    /**
     * A parser filling in {@code announceSettings}' default num_want; {@code trustClientIp} lets an IPv4
     * announce's IP field replace the packet's source address when {@link ClientSuppliedAddress} accepts it.
     */
    UdpParser(AnnounceSettings announceSettings, boolean trustClientIp) {
        this.announceSettings = announceSettings;
        this.trustClientIp = trustClientIp;
    }

    /**
     * The announce in {@code in} from {@code sourceIp}:{@code sourcePort}; num_want is capped so the
     * answer fits one Ethernet MTU ({@link UdpWriter#maxPeers}). {@code sourceIp} is only read.
     *
     * @throws TrackerException when the packet is short or a field is out of range
     */
    AnnounceRequest announce(ByteBuffer in, byte[] sourceIp, int sourcePort) {
        if (in.remaining() < ANNOUNCE_LENGTH) {
            throw new TrackerException("announce packet too short");
        }
        InfoHash infoHash = InfoHash.of(in, 16);
        PeerId peerId = PeerId.of(in, 36);
        long downloaded = in.getLong(56);
        long left = in.getLong(64);
        long uploaded = in.getLong(72);
        Event event = Event.fromUdpCode(in.getInt(80));
        if (event == null) {
            throw new TrackerException("unknown event");
        }
        int ipField = in.getInt(84);
        int key = in.getInt(88);
        int numWant = in.getInt(92);
        int port = in.getShort(96) & 0xffff;
        if (port == 0) {
            throw new TrackerException("port must be within 1..65535");
        }
        if (downloaded < 0 || left < 0 || uploaded < 0) {
            throw new TrackerException("byte counts must not be negative");
        }
        String urlData = urlData(in);
        byte[] ip = sourceIp;
        if (trustClientIp && ipField != 0 && sourceIp.length == 4) {
            byte[] supplied = {(byte) (ipField >>> 24), (byte) (ipField >>> 16), (byte) (ipField >>> 8), (byte) ipField};
            // The one client-supplied address policy of every frontend; a refused field is ignored.
            if (ClientSuppliedAddress.DEFAULT.accepts(supplied, sourceIp)) {
                ip = supplied;
            }
        }
        PeerAddress source = PeerAddress.of(ip, port);
        int cap = UdpWriter.maxPeers(source.family());
        int wanted = numWant < 0 ? Math.min(announceSettings.defaultNumWant(), cap) : Math.min(numWant, cap);
        return new AnnounceRequest(infoHash, peerId, source, null, uploaded, downloaded, left, event, wanted, key,
                true, RequestContext.of(urlData, "", false));
    }

    /**
     * The scrape in {@code in} from {@code sourceIp}: the info_hashes after the header, in the packet's
     * order, duplicates kept (BEP 15 answers each).
     *
     * @throws TrackerException when there is none or more than {@value #MAX_SCRAPE}
     */
    static ScrapeRequest scrape(ByteBuffer in, byte[] sourceIp) {
        int count = (in.remaining() - UdpHandler.HEADER_LENGTH) / InfoHash.LENGTH;
        if (count == 0) {
            throw new TrackerException("scrape without info_hash");
        }
        if (count > MAX_SCRAPE) {
            throw new TrackerException("too many info_hashes (at most " + MAX_SCRAPE + ")");
        }
        InfoHash[] hashes = new InfoHash[count];
        for (int i = 0; i < count; i++) {
            hashes[i] = InfoHash.of(in, UdpHandler.HEADER_LENGTH + i * InfoHash.LENGTH);
        }
        // An immutable list, which the request keeps as it is instead of copying it.
        return new ScrapeRequest(List.of(hashes), "", PeerAddress.of(sourceIp, 0));
    }

    /**
     * The BEP 41 URL data after the 98 fixed bytes: option 0 ends, 1 is a NOP, 2 carries a length byte
     * and that many bytes, concatenated over repeats. Unknown options or truncation end the parse.
     *
     * @throws TrackerException when an URL data option is cut short or the whole exceeds
     *                          {@value #MAX_URL_DATA} bytes
     */
    static String urlData(ByteBuffer in) {
        int pos = ANNOUNCE_LENGTH;
        int limit = in.limit();
        StringBuilder url = null;
        while (pos < limit) {
            int type = in.get(pos) & 0xff;
            if (type == 0) {
                break;
            }
            if (type == 1) {
                pos++;
                continue;
            }
            if (type != 2 || pos + 1 >= limit) {
                break;
            }
            int len = in.get(pos + 1) & 0xff;
            if (pos + 2 + len > limit) {
                throw new TrackerException("truncated URL data option");
            }
            if (url == null) {
                url = new StringBuilder();
            }
            if (url.length() + len > MAX_URL_DATA) {
                throw new TrackerException("URL data too long");
            }
            for (int i = 0; i < len; i++) {
                url.append((char) (in.get(pos + 2 + i) & 0xff));
            }
            pos += 2 + len;
        }
        return url == null ? "" : url.toString();
    }
}
