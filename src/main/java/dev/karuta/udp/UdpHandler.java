package dev.karuta.udp;

import dev.karuta.core.AddressFamily;
import dev.karuta.core.AnnounceRequest;
import dev.karuta.core.AnnounceResponse;
import dev.karuta.core.AnnounceSettings;
import dev.karuta.core.Answers;
import dev.karuta.core.ScrapeRequest;
import dev.karuta.core.Tracker;
import dev.karuta.core.TrackerException;
import dev.karuta.metrics.TrackerMetrics;
import dev.karuta.metrics.TrackerMetrics.Action;
import dev.karuta.metrics.TrackerMetrics.Protocol;
import dev.karuta.metrics.TrackerMetrics.Result;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The UDP dispatcher (BEP 15): reads a packet's header, checks its connection ID, has
 * {@link UdpParser} read the request, calls the core, has {@link UdpWriter} write the answer, and
 * reports the packet to {@link TrackerMetrics} once. No sockets here, so it is tested with byte
 * fixtures. Hot core of the UDP frontend: no allocation beyond what the core's request and response
 * need. Rules:
 * <ul>
 * <li>no peers and no counts without a valid connection ID for the packet's source address;</li>
 * <li>an answer to an unproven source (error packets) is never larger than the request, so the
 *     tracker cannot be used to amplify traffic toward a spoofed address; otherwise it is dropped;</li>
 * <li>a refusal ({@link TrackerException}) is answered with an error packet; any other failure is
 *     logged and the packet dropped; nothing is thrown to the caller.</li>
 * </ul>
 */
public final class UdpHandler {
    /** BEP 15 protocol ID of a connect request. */
    static final long PROTOCOL_ID = 0x41727101980L;
    /** BEP 15 actions, the same in a request and in its answer. */
    static final int CONNECT = 0;
    static final int ANNOUNCE = 1;
    static final int SCRAPE = 2;
    static final int ERROR = 3;
    /** Bytes every request starts with: connection ID (8), action (4), transaction ID (4). */
    static final int HEADER_LENGTH = 16;
    private static final System.Logger LOG = System.getLogger(UdpHandler.class.getName());

    private final Tracker tracker;
    private final UdpParser parser;
    private final ConnectionIds connectionIds;
    private final TrackerMetrics metrics;

    /**
     * A handler answering with {@code tracker}'s logic, proving sources with {@code connectionIds};
     * {@code trustClientIp} lets an IPv4 announce's IP field replace the packet's source address.
     */
    public UdpHandler(Tracker tracker, AnnounceSettings announceSettings, ConnectionIds connectionIds,
                      boolean trustClientIp, TrackerMetrics metrics) {
        this.tracker = tracker;
        this.parser = new UdpParser(announceSettings, trustClientIp);
        this.connectionIds = connectionIds;
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
        int length = in.remaining();
        if (length < HEADER_LENGTH) {
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
            UdpWriter.connect(out, transactionId, connectionIds.issue(sourceIp));
            count(Action.CONNECT, Result.OK, family, start);
            return true;
        }
        Action kind = action == ANNOUNCE ? Action.ANNOUNCE : action == SCRAPE ? Action.SCRAPE : null;
        if (!connectionIds.isValid(connectionId, sourceIp)) {
            metrics.badConnectionId();
            boolean answered = error(out, transactionId, "bad connection ID", length);
            if (kind != null) {
                count(kind, Result.BAD_CONNECTION_ID, family, start);
            }
            return answered;
        }
        if (kind == null) {
            // Answered, since the source is proven, but no request to count.
            return error(out, transactionId, "unknown action", Integer.MAX_VALUE);
        }
        return kind == Action.ANNOUNCE
                ? announce(in, sourceIp, sourcePort, transactionId, out, family, start, late, from)
                : scrape(in, sourceIp, transactionId, out, family, start);
    }

    private boolean announce(ByteBuffer in, byte[] sourceIp, int sourcePort, int transactionId, ByteBuffer out,
                             AddressFamily family, long start, LateAnswers late, SocketAddress from) {
        AnnounceRequest request;
        CompletableFuture<AnnounceResponse> answer;
        try {
            request = parser.announce(in, sourceIp, sourcePort);
            answer = tracker.announce(request).toCompletableFuture();
        } catch (RuntimeException e) {
            return finish(Action.ANNOUNCE, transactionId, e, out, family, start);
        }
        // Peers of the family of the address the request was made for (a trusted IP field may differ).
        AddressFamily peers = request.source().family();
        if (answer.isDone() || late == null) {
            AnnounceResponse response;
            try {
                response = answer.join();
            } catch (CompletionException | CancellationException e) {
                return finish(Action.ANNOUNCE, transactionId, e, out, family, start);
            }
            return answerAnnounce(transactionId, peers, response, null, out, family, start);
        }
        answer.whenComplete((response, error) -> {
            ByteBuffer reply = ByteBuffer.allocate(UdpWriter.MAX_LENGTH);
            if (answerAnnounce(transactionId, peers, response, error, reply, family, start)) {
                late.send(reply, from);
            }
        });
        return false;
    }

    /** Writes the core's answer to an announce, or its failure, into {@code out}; see {@link #finish}. */
    private boolean answerAnnounce(int transactionId, AddressFamily peers, AnnounceResponse response,
                                   Throwable error, ByteBuffer out, AddressFamily family, long start) {
        Throwable failure = error;
        if (failure == null) {
            try {
                UdpWriter.announce(out, transactionId, peers, response);
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        return finish(Action.ANNOUNCE, transactionId, failure, out, family, start);
    }

    private boolean scrape(ByteBuffer in, byte[] sourceIp, int transactionId, ByteBuffer out, AddressFamily family,
                           long start) {
        Throwable failure = null;
        try {
            ScrapeRequest request = UdpParser.scrape(in, sourceIp);
            UdpWriter.scrape(out, transactionId, request.infoHashes(), tracker.scrape(request));
        } catch (RuntimeException e) {
            failure = e;
        }
        return finish(Action.SCRAPE, transactionId, failure, out, family, start);
    }

    /**
     * Counts a request with a valid connection ID once and returns whether {@code out} holds a packet to
     * send: the answer as written when {@code error} is null; for a {@link TrackerException}, an error
     * packet with its message (the connection ID proved the source receives our packets, so any size
     * may go); for any other failure none (logged, and counted as dropped too).
     */
    private boolean finish(Action kind, int transactionId, Throwable error, ByteBuffer out, AddressFamily family,
                           long start) {
        Result result = Result.OK;
        boolean answered = true;
        if (error != null) {
            Throwable cause = Answers.cause(error);
            if (cause instanceof TrackerException e) {
                result = Result.of(e);
                answered = error(out, transactionId, e.getMessage(), Integer.MAX_VALUE);
            } else {
                result = Result.INTERNAL;
                answered = false;
                metrics.dropped();
                LOG.log(Level.WARNING, "UDP " + kind.label() + " failed", cause);
            }
        }
        count(kind, result, family, start);
        return answered;
    }

    /**
     * Writes an error packet when it is no larger than {@code limit} bytes (the request's size for an
     * unproven source) and returns true; otherwise counts the packet as dropped and returns false.
     */
    private boolean error(ByteBuffer out, int transactionId, String message, int limit) {
        if (UdpWriter.error(out, transactionId, message, limit)) {
            return true;
        }
        metrics.dropped();
        return false;
    }

    private void count(Action kind, Result result, AddressFamily family, long start) {
        metrics.request(Protocol.UDP, kind, result, family, System.nanoTime() - start);
    }
}
