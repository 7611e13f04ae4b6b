package dev.karuta.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.util.BitSet;
import java.util.SplittableRandom;

/**
 * {@link OpenLoad} over UDP (BEP 15): the announces of {@link UdpLoad}, round-robin over a few
 * connected sockets (several, so that a server with one {@code SO_REUSEPORT} socket per worker spreads
 * them). Each socket connects once before the schedule starts. The transaction ID of request {@code i}
 * is {@code i}, from which its intended time follows; an answer that is not an announce answer counts
 * as an error, a request never answered as unanswered.
 */
final class OpenLoadUdp extends OpenLoad {
    private final DatagramChannel[] sockets;
    private final long[] connectionIds;
    private final byte[][] hashes;
    private final ByteBuffer out = ByteBuffer.allocateDirect(128);
    private final ByteBuffer in = ByteBuffer.allocateDirect(2048);
    private final SplittableRandom random = new SplittableRandom();
    private final BitSet done = new BitSet();
    private long received;

    OpenLoadUdp(String host, int port, int count, long start, long end, double rate, int threads, int thread)
            throws Exception {
        super(start, end, rate, threads, thread);
        this.hashes = UdpLoad.hashes(10_000);
        this.sockets = new DatagramChannel[count];
        this.connectionIds = new long[count];
        InetSocketAddress target = new InetSocketAddress(host, port);
        for (int s = 0; s < count; s++) {
            sockets[s] = DatagramChannel.open();
            sockets[s].setOption(StandardSocketOptions.SO_RCVBUF, 1 << 21);
            sockets[s].connect(target);
            sockets[s].socket().setSoTimeout(500);
            connectionIds[s] = connect(sockets[s]);
            sockets[s].configureBlocking(false);
            sockets[s].register(selector, SelectionKey.OP_READ);
        }
    }

    /** A BEP 15 connect on a blocking socket (through its adaptor, which honours SO_TIMEOUT), tried up to 10 times. */
    private static long connect(DatagramChannel socket) throws IOException {
        ByteBuffer request = ByteBuffer.allocate(16).putLong(UdpLoad.PROTOCOL_ID).putInt(0).putInt(0x7fffffff);
        java.net.DatagramPacket answer = new java.net.DatagramPacket(new byte[64], 64);
        for (int attempt = 0; attempt < 10; attempt++) {
            socket.socket().send(new java.net.DatagramPacket(request.array(), 16));
            try {
                socket.socket().receive(answer);
                ByteBuffer a = ByteBuffer.wrap(answer.getData());
                if (answer.getLength() >= 16 && a.getInt(0) == 0 && a.getInt(4) == 0x7fffffff) {
                    return a.getLong(8);
                }
            } catch (java.net.SocketTimeoutException e) {
                // sent again
            }
        }
        throw new IOException("no connect answer from " + socket.getRemoteAddress());
    }

    @Override
    boolean send(long i, long intended) throws IOException {
        int s = (int) (i % sockets.length);
        UdpLoad.announce(out, connectionIds[s], (int) i, hashes,
                random.nextInt(UdpLoad.PEERS_PER_TORRENT * hashes.length), 50);
        sockets[s].write(out);
        return true;
    }

    @Override
    void ready(SelectionKey key) throws IOException {
        DatagramChannel socket = (DatagramChannel) key.channel();
        while (true) {
            in.clear();
            int n;
            try {
                n = socket.read(in);
            } catch (PortUnreachableException e) {
                continue;
            }
            if (n <= 0) {
                return;
            }
            if (n < 8) {
                errors++;
                continue;
            }
            int txid = in.getInt(4);
            if (txid < 0 || txid >= next || done.get(txid)) {
                continue; // not ours, or a duplicate
            }
            done.set(txid);
            received++;
            answered(intended(txid), System.nanoTime(), in.getInt(0) == 1 && n >= 20);
        }
    }

    @Override
    long unanswered() {
        return next - received;
    }
}
