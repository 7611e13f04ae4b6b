package dev.karuta.soak;

import dev.karuta.core.Event;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.concurrent.ThreadLocalRandom;

/**
 * BEP 15 announces over one real {@link DatagramSocket} of one client thread: a connect when the
 * connection ID is a minute old (as clients do), then announces, each answer matched by its
 * transaction ID. A request unanswered for 2 s is sent again (UDP may lose a datagram); three
 * unanswered sends are an error.
 */
final class UdpAnnouncer implements Announcer, AutoCloseable {
    private static final long PROTOCOL_ID = 0x41727101980L;
    private static final long RECONNECT_NANOS = 60_000_000_000L;
    private static final int SENDS = 3;

    private final DatagramSocket socket;
    private final InetSocketAddress tracker;
    private final AnswerCheck check;
    private final SoakCounters counters;
    private final byte[] in = new byte[2048];
    private long connectionId;
    private long connectedAt;

    UdpAnnouncer(int port, AnswerCheck check, SoakCounters counters) throws IOException {
        this.socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        this.socket.setSoTimeout(2000);
        this.tracker = new InetSocketAddress("127.0.0.1", port);
        this.check = check;
        this.counters = counters;
    }

    @Override
    public int announce(SimPeer peer, byte[] infoHash, Event event) throws Exception {
        if (connectionId == 0 || System.nanoTime() - connectedAt > RECONNECT_NANOS) {
            connect();
        }
        int code = switch (event) {
            case NONE -> 0;
            case COMPLETED -> 1;
            case STARTED -> 2;
            case STOPPED -> 3;
            case PAUSED -> throw new IllegalArgumentException("BEP 15 has no paused event");
        };
        int txid = ThreadLocalRandom.current().nextInt();
        byte[] packet = ByteBuffer.allocate(98).putLong(connectionId).putInt(1).putInt(txid).put(infoHash)
                .put(peer.peerId).putLong(0).putLong(peer.left).putLong(0).putInt(code).putInt(0)
                .putInt(peer.slot).putInt(AnswerCheck.NUM_WANT).putShort((short) peer.port).array();
        int length = exchange(packet, txid);
        return check.udp(in, length, event);
    }

    private void connect() throws IOException {
        int txid = ThreadLocalRandom.current().nextInt();
        byte[] packet = ByteBuffer.allocate(16).putLong(PROTOCOL_ID).putInt(0).putInt(txid).array();
        int length = exchange(packet, txid);
        ByteBuffer answer = ByteBuffer.wrap(in, 0, length);
        if (length != 16 || answer.getInt(0) != 0) {
            throw new IllegalStateException("bad connect answer: action " + answer.getInt(0) + ", " + length
                    + " bytes");
        }
        connectionId = answer.getLong(8);
        connectedAt = System.nanoTime();
        counters.udpConnects.increment();
    }

    /** Sends {@code packet} until an answer with {@code txid} arrives; returns its length (in {@link #in}). */
    private int exchange(byte[] packet, int txid) throws IOException {
        for (int send = 0; send < SENDS; send++) {
            if (send > 0) {
                counters.udpRetries.increment();
            }
            socket.send(new DatagramPacket(packet, packet.length, tracker));
            while (true) {
                DatagramPacket p = new DatagramPacket(in, in.length);
                try {
                    socket.receive(p);
                } catch (SocketTimeoutException e) {
                    break;
                }
                // A late answer to an earlier send has another transaction ID: skipped.
                if (p.getLength() >= 8 && ByteBuffer.wrap(in, 4, 4).getInt() == txid) {
                    return p.getLength();
                }
            }
        }
        throw new IOException("no UDP answer after " + SENDS + " sends");
    }

    @Override
    public void close() {
        socket.close();
    }
}
