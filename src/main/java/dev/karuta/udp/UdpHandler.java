package dev.karuta.udp;

import dev.karuta.core.AddressFamily;
import dev.karuta.core.AnnounceRequest;
import dev.karuta.core.AnnounceResponse;
import dev.karuta.core.AnnounceSettings;
import dev.karuta.core.Answers;
import dev.karuta.core.Event;
import dev.karuta.core.InfoHash;
import dev.karuta.core.PeerAddress;
import dev.karuta.core.PeerId;
import dev.karuta.core.RequestContext;
import dev.karuta.core.ScrapeRequest;
import dev.karuta.core.ScrapeResponse;
import dev.karuta.core.SelectedPeers;
import dev.karuta.core.SwarmStats;
import dev.karuta.core.Tracker;
import dev.karuta.core.TrackerException;
import dev.karuta.metrics.TrackerMetrics;
import dev.karuta.metrics.TrackerMetrics.Action;
import dev.karuta.metrics.TrackerMetrics.Protocol;
import dev.karuta.metrics.TrackerMetrics.Result;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The BEP 15 / BEP 41 packet codec and dispatcher: reads one request packet, calls the core, writes
 * the answer. No sockets here, so it is tested with byte fixtures. Hot core of the UDP frontend:
 * no allocation beyond what the core's request and response need. Rules:
 * <ul>
 * <li>no peers and no counts without a valid connection ID for the packet's source address;</li>
 * <li>an answer to an unproven source (error packets) is never larger than the request, so the
 *     tracker cannot be used to amplify traffic toward a spoofed address; otherwise it is dropped;</li>
 * <li>answers stay under one Ethernet MTU: num_want is capped per address family.</li>
 * </ul>
 */
public final class UdpHandler {
    /** BEP 15 protocol ID of a connect request. */
    static final long PROTOCOL_ID = 0x41727101980L;
    static final int CONNECT = 0;
    static final int ANNOUNCE = 1;
    static final int SCRAPE = 2;
    static final int ERROR = 3;
    /** Announce packet length without BEP 41 options. */
    static final int ANNOUNCE_LENGTH = 98;
    /** Most info_hashes in one scrape (BEP 15: ~74 fit in one packet). */
    static final int MAX_SCRAPE = 74;
    /** Peers per answer: 20 + 6n and 20 + 18n bytes stay under 1500 - 48 bytes of IP/UDP headers. */
    static final int MAX_PEERS_V4 = 200;
    static final int MAX_PEERS_V6 = 70;
    /** Largest URL data accepted from BEP 41 options. */
    static final int MAX_URL_DATA = 1024;
    /** Room for any announce answer: 20 + 6 * 200 or 20 + 18 * 70 bytes. */
    private static final int LATE_ANSWER = 1500;
    private static final System.Logger LOG = System.getLogger(UdpHandler.class.getName());

    private final Tracker tracker;
    private final AnnounceSettings announceSettings;
    private final ConnectionIds connectionIds;
    private final boolean trustClientIp;
    private final TrackerMetrics metrics;

    /** A handler answering with {@code tracker}'s logic. */
    public UdpHandler(Tracker tracker, AnnounceSettings announceSettings, ConnectionIds connectionIds,
                      boolean trustClientIp, TrackerMetrics metrics) {
        this.tracker = tracker;
        this.announceSettings = announceSettings;
        this.connectionIds = connectionIds;
        this.trustClientIp = trustClientIp;
        this.metrics = metrics;
    }

    /** Where an answer that comes later goes: to {@code to}, by the socket its request came in on. */
    @FunctionalInterface
    public interface LateAnswers {
        /** Sends {@code answer} (position 0 to limit) to {@code to}; called in whichever thread has it. */
        void send(ByteBuffer answer, SocketAddress to);
    }

    /**
     * Handles the packet in {@code in} (position 0 to limit) from {@code sourceIp}:{@code sourcePort},
     * waiting for the core's answer when it comes later (see {@link #handle(ByteBuffer, byte[], int,
     * ByteBuffer, LateAnswers, SocketAddress)}).
     */
    public boolean handle(ByteBuffer in, byte[] sourceIp, int sourcePort, ByteBuffer out) {
        return handle(in, sourceIp, sourcePort, out, null, null);
    }

    /**
     * Handles the packet in {@code in} (position 0 to limit) from {@code sourceIp}:{@code sourcePort}.
     * Writes the answer into {@code out} (cleared first, flipped after) and returns true, or returns
     * false when the packet is dropped or answered later: an announce whose swarm registry answers
     * later (Redis) is answered through {@code late} to {@code from}, in a buffer of its own, without
     * holding the caller's thread (null {@code late}: the caller waits). {@code sourceIp} is only
     * read, never kept or changed, so the caller may pass the same array for every packet from one
     * address.
     */
    public boolean handle(ByteBuffer in, byte[] sourceIp, int sourcePort, ByteBuffer out, LateAnswers late,
                          SocketAddress from) {
        out.clear();
        int length = in.remaining();
        if (length < 16) {
            metrics.dropped();
            return false;
        }
        long connectionId = in.getLong(0);
        int action = in.getInt(8);
        int transactionId = in.getInt(12);
        long start = System.nanoTime();
        AddressFamily family = sourceIp.length == 4 ? AddressFamily.V4 : AddressFamily.V6;
        if (action == CONNECT) {
            if (connectionId != PROTOCOL_ID) {
                metrics.dropped();
                return false;
            }
            out.putInt(CONNECT).putInt(transactionId).putLong(connectionIds.issue(sourceIp)).flip();
            metrics.request(Protocol.UDP, Action.CONNECT, Result.OK, family, System.nanoTime() - start);
            return true;
        }
        Action kind = action == ANNOUNCE ? Action.ANNOUNCE : action == SCRAPE ? Action.SCRAPE : null;
        if (!connectionIds.isValid(connectionId, sourceIp)) {
            metrics.badConnectionId();
            boolean answered = error(transactionId, "bad connection ID", length, out);
            if (kind != null) {
                metrics.request(Protocol.UDP, kind, Result.BAD_CONNECTION_ID, family, System.nanoTime() - start);
            }
            return answered;
        }
        if (kind == null) {
            return error(transactionId, "unknown action", Integer.MAX_VALUE, out);
        }
        if (kind == Action.ANNOUNCE) {
            return announce(in, sourceIp, sourcePort, transactionId, out, family, start, late, from);
        }
        Result result = Result.INTERNAL;
        try {
            boolean answered = scrape(in, transactionId, out);
            result = Result.OK;
            return answered;
        } catch (TrackerException e) {
            result = Result.of(e);
            // The connection ID proved the source receives our packets: any error may be answered.
            return error(transactionId, e.getMessage(), Integer.MAX_VALUE, out);
        } finally {
            // A RuntimeException leaves INTERNAL here; the frontend counts the packet as dropped too.
            metrics.request(Protocol.UDP, kind, result, family, System.nanoTime() - start);
        }
    }

    private boolean announce(ByteBuffer in, byte[] sourceIp, int sourcePort, int transactionId, ByteBuffer out,
                             AddressFamily family, long start, LateAnswers late, SocketAddress from) {
        CompletableFuture<AnnounceResponse> answer;
        AnnounceRequest request;
        try {
            request = announceRequest(in, sourceIp, sourcePort);
            answer = tracker.announce(request).toCompletableFuture();
        } catch (TrackerException e) {
            metrics.request(Protocol.UDP, Action.ANNOUNCE, Result.of(e), family, System.nanoTime() - start);
            return error(transactionId, e.getMessage(), Integer.MAX_VALUE, out);
        } catch (RuntimeException e) {
            // Counted as scrapes are; the frontend counts the packet as dropped too.
            metrics.request(Protocol.UDP, Action.ANNOUNCE, Result.INTERNAL, family, System.nanoTime() - start);
            throw e;
        }
        AddressFamily peers = request.source().family();
        if (answer.isDone() || late == null) {
            return answer.handle((response, error) ->
                    answerAnnounce(transactionId, peers, response, error, out, family, start)).join();
        }
        answer.whenComplete((response, error) -> {
            ByteBuffer reply = ByteBuffer.allocate(LATE_ANSWER);
            if (answerAnnounce(transactionId, peers, response, error, reply, family, start)) {
                late.send(reply, from);
            }
        });
        return false;
    }

    /**
     * Writes the core's answer to an announce, or its refusal, into {@code out}; returns whether there
     * is a packet to send (a failure that is not a refusal is logged and dropped).
     */
    private boolean answerAnnounce(int transactionId, AddressFamily peers, AnnounceResponse response, Throwable error,
                                 ByteBuffer out, AddressFamily family, long start) {
        Result result = Result.INTERNAL;
        try {
            Throwable cause = error == null ? null : Answers.cause(error);
            if (cause instanceof TrackerException e) {
                result = Result.of(e);
                return error(transactionId, e.getMessage(), Integer.MAX_VALUE, out);
            }
            if (cause != null) {
                metrics.dropped();
                LOG.log(System.Logger.Level.WARNING, "UDP announce failed", cause);
                return false;
            }
            writeAnnounce(transactionId, peers, response, out);
            result = Result.OK;
            return true;
        } finally {
            metrics.request(Protocol.UDP, Action.ANNOUNCE, result, family, System.nanoTime() - start);
        }
    }

    /** The announce request in a packet from {@code sourceIp}:{@code sourcePort}. */
    private AnnounceRequest announceRequest(ByteBuffer in, byte[] sourceIp, int sourcePort) {
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
            ip = new byte[] {(byte) (ipField >>> 24), (byte) (ipField >>> 16), (byte) (ipField >>> 8), (byte) ipField};
        }
        PeerAddress source = PeerAddress.of(ip, port);
        AddressFamily family = source.family();
        int cap = family == AddressFamily.V4 ? MAX_PEERS_V4 : MAX_PEERS_V6;
        int wanted = numWant < 0 ? -1 : Math.min(numWant, cap);
        return new AnnounceRequest(infoHash, peerId, source, null, uploaded, downloaded, left,
                event, wanted < 0 ? Math.min(announceSettings.defaultNumWant(), cap) : wanted, key, true,
                urlData.isEmpty() ? RequestContext.COMPACT : new RequestContext(urlData, "", false));
    }

    /** The announce answer: interval, counts and the picked peers of the requester's family. */
    private static void writeAnnounce(int transactionId, AddressFamily family, AnnounceResponse response, ByteBuffer out) {
        int cap = family == AddressFamily.V4 ? MAX_PEERS_V4 : MAX_PEERS_V6;
        SwarmStats stats = response.stats();
        out.putInt(ANNOUNCE).putInt(transactionId).putInt(response.interval())
                .putInt(stats.incomplete()).putInt(stats.complete());
        SelectedPeers peers = response.peers();
        int n = Math.min(peers.count(family), cap);
        out.put(peers.compactBuffer(family), 0, n * family.compactLength());
        out.flip();
    }

    private boolean scrape(ByteBuffer in, int transactionId, ByteBuffer out) {
        int count = (in.remaining() - 16) / InfoHash.LENGTH;
        if (count == 0) {
            throw new TrackerException("scrape without info_hash");
        }
        if (count > MAX_SCRAPE) {
            throw new TrackerException("too many info_hashes (at most " + MAX_SCRAPE + ")");
        }
        byte[] buf = new byte[count * InfoHash.LENGTH];
        in.get(16, buf);
        List<InfoHash> hashes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            hashes.add(InfoHash.of(buf, i * InfoHash.LENGTH));
        }
        ScrapeResponse response = tracker.scrape(new ScrapeRequest(hashes));
        out.putInt(SCRAPE).putInt(transactionId);
        // Answers follow the request's order, duplicates included (BEP 15), not the sorted map's.
        for (InfoHash h : hashes) {
            SwarmStats s = response.files().get(h);
            out.putInt(s.complete()).putInt((int) Math.min(Integer.MAX_VALUE, s.snatches())).putInt(s.incomplete());
        }
        out.flip();
        return true;
    }

    /**
     * Writes an error packet when it is no larger than {@code limit} bytes (the request's size for an
     * unproven source); otherwise drops.
     */
    private boolean error(int transactionId, String message, int limit, ByteBuffer out) {
        byte[] text = message.getBytes(StandardCharsets.US_ASCII);
        if (8 + text.length > limit) {
            metrics.dropped();
            return false;
        }
        out.clear();
        out.putInt(ERROR).putInt(transactionId).put(text).flip();
        return true;
    }

    /**
     * The BEP 41 URL data after the 98 fixed bytes: option 0 ends, 1 is a NOP, 2 carries a length byte
     * and that many bytes, concatenated over repeats. Unknown options or truncation end the parse.
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
