package dev.karuta.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/** A BEP 15 client for tests: one socket, retries on loss, checks transaction IDs. */
public final class UdpTrackerClient implements AutoCloseable {
    private final DatagramSocket socket;
    private final InetSocketAddress tracker;
    private long connectionId;

    /** A client of the UDP tracker at {@code host}:{@code port}. */
    public UdpTrackerClient(String host, int port) throws IOException {
        InetAddress address = InetAddress.getByName(host);
        this.socket = new DatagramSocket(new InetSocketAddress(address instanceof java.net.Inet6Address
                ? InetAddress.getByName("::") : InetAddress.getByName("0.0.0.0"), 0));
        this.socket.setSoTimeout(2000);
        this.tracker = new InetSocketAddress(address, port);
    }

    /** Sends {@code packet} and returns the answer with the same transaction ID (bytes 4..8), retrying. */
    public byte[] exchange(byte[] packet) throws IOException {
        int txid = ByteBuffer.wrap(packet, 12, 4).getInt();
        byte[] buf = new byte[2048];
        for (int attempt = 0; attempt < 5; attempt++) {
            socket.send(new DatagramPacket(packet, packet.length, tracker));
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (System.nanoTime() < deadline) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(p);
                } catch (SocketTimeoutException e) {
                    break;
                }
                if (p.getLength() >= 8 && ByteBuffer.wrap(buf, 4, 4).getInt() == txid) {
                    return Arrays.copyOf(buf, p.getLength());
                }
            }
        }
        throw new IOException("no answer from the UDP tracker");
    }

    /** Sends a raw packet and does not wait. */
    public void fire(byte[] packet) throws IOException {
        socket.send(new DatagramPacket(packet, packet.length, tracker));
    }

    /** Connects (BEP 15) and keeps the connection ID. */
    public long connect() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(16).putLong(0x41727101980L).putInt(0).putInt(txid());
        byte[] answer = exchange(b.array());
        if (answer.length != 16 || ByteBuffer.wrap(answer).getInt() != 0) {
            throw new IOException("bad connect answer");
        }
        connectionId = ByteBuffer.wrap(answer, 8, 8).getLong();
        return connectionId;
    }

    /** The announce packet for the current connection ID. */
    public byte[] announcePacket(byte[] infoHash, byte[] peerId, long left, int event, int numWant, int port) {
        return ByteBuffer.allocate(98).putLong(connectionId).putInt(1).putInt(txid()).put(infoHash).put(peerId)
                .putLong(0).putLong(left).putLong(0).putInt(event).putInt(0).putInt(0x1234).putInt(numWant)
                .putShort((short) port).array();
    }

    /** Announces; returns the raw answer (action 1 or an error packet). */
    public byte[] announce(byte[] infoHash, byte[] peerId, long left, int event, int numWant, int port) throws IOException {
        return exchange(announcePacket(infoHash, peerId, left, event, numWant, port));
    }

    /** Scrapes; returns the raw answer. */
    public byte[] scrape(byte[]... infoHashes) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(16 + 20 * infoHashes.length).putLong(connectionId).putInt(2).putInt(txid());
        for (byte[] h : infoHashes) {
            b.put(h);
        }
        return exchange(b.array());
    }

    /** The current connection ID. */
    public long connectionId() {
        return connectionId;
    }

    private static int txid() {
        return ThreadLocalRandom.current().nextInt();
    }

    @Override
    public void close() {
        socket.close();
    }
}
