package dev.karuta.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A BEP 15 load generator for any UDP tracker: several sockets (so {@code SO_REUSEPORT} servers spread
 * them), each connects, then keeps a window of announces in flight from a population of 200k peers,
 * each in one of the torrents (a third of them seeders, numwant 50), reconnecting every minute. Prints the median of the
 * per-second answered-announce rates after a warm-up. Bounded in time.
 *
 * <pre>
 * UdpLoad HOST PORT SECONDS [SOCKETS=4] [WINDOW=64] [TORRENTS=10000]
 * UdpLoad --hashes TORRENTS     prints the torrents' hex info_hashes (an opentracker whitelist)
 * </pre>
 */
public final class UdpLoad {
    private static final long PROTOCOL_ID = 0x41727101980L;
    private static final int WARMUP_SECONDS = 3;

    private final InetSocketAddress target;
    private final int window;
    private final byte[][] hashes;
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private volatile boolean running = true;

    private UdpLoad(InetSocketAddress target, int window, byte[][] hashes) {
        this.target = target;
        this.window = window;
        this.hashes = hashes;
    }

    /** The benchmark's torrents: SHA-1 of "karuta-bench-N", the same in every run. */
    static byte[][] hashes(int n) throws Exception {
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        byte[][] out = new byte[n][];
        for (int i = 0; i < n; i++) {
            out[i] = sha1.digest(("karuta-bench-" + i).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        return out;
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("--hashes")) {
            for (byte[] h : hashes(Integer.parseInt(args[1]))) {
                System.out.println(HexFormat.of().formatHex(h));
            }
            return;
        }
        InetSocketAddress target = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
        int seconds = Integer.parseInt(args[2]);
        int sockets = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        int window = args.length > 4 ? Integer.parseInt(args[4]) : 64;
        int torrents = args.length > 5 ? Integer.parseInt(args[5]) : 10_000;
        UdpLoad load = new UdpLoad(target, window, hashes(torrents));
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < sockets; i++) {
            int id = i;
            Thread t = new Thread(() -> load.run(id), "udp-load-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        List<Long> rates = new ArrayList<>();
        long last = 0;
        for (int s = 0; s < seconds; s++) {
            Thread.sleep(1000);
            long now = load.answered.get();
            if (s >= WARMUP_SECONDS) {
                rates.add(now - last);
            }
            last = now;
        }
        load.running = false;
        for (Thread t : threads) {
            t.join(2000);
        }
        long[] sorted = rates.stream().mapToLong(Long::longValue).sorted().toArray();
        long median = sorted.length == 0 ? 0 : sorted[sorted.length / 2];
        System.out.println("announces/s median " + median + " per-second " + Arrays.toString(sorted)
                + " errors " + load.errors.get());
    }

    private void run(int id) {
        SplittableRandom random = new SplittableRandom(id * 7919L + System.nanoTime());
        ByteBuffer out = ByteBuffer.allocate(98);
        ByteBuffer in = ByteBuffer.allocate(2048);
        try (DatagramChannel channel = DatagramChannel.open()) {
            channel.connect(target);
            channel.socket().setSoTimeout(200);
            long connectionId = connect(channel, in);
            long connectedAt = System.nanoTime();
            int txid = 1;
            for (int i = 0; i < window; i++) {
                send(channel, out, connectionId, txid++, random);
            }
            while (running) {
                in.clear();
                int n;
                try {
                    n = receive(channel, in);
                } catch (SocketTimeoutException e) {
                    // Lost packets: refill the window.
                    for (int i = 0; i < window; i++) {
                        send(channel, out, connectionId, txid++, random);
                    }
                    continue;
                }
                if (n >= 8 && in.getInt(0) == 1) {
                    answered.incrementAndGet();
                } else {
                    errors.incrementAndGet();
                }
                if (System.nanoTime() - connectedAt > 60_000_000_000L) {
                    connectionId = connect(channel, in);
                    connectedAt = System.nanoTime();
                }
                send(channel, out, connectionId, txid++, random);
            }
        } catch (IOException e) {
            System.err.println("load thread " + id + ": " + e);
        }
    }

    private static int receive(DatagramChannel channel, ByteBuffer in) throws IOException {
        // A blocking read with the socket's timeout: DatagramSocket.receive honours SO_TIMEOUT.
        java.net.DatagramPacket p = new java.net.DatagramPacket(in.array(), in.capacity());
        channel.socket().receive(p);
        return p.getLength();
    }

    private long connect(DatagramChannel channel, ByteBuffer in) throws IOException {
        ByteBuffer req = ByteBuffer.allocate(16);
        for (int attempt = 0; attempt < 50; attempt++) {
            req.clear();
            req.putLong(PROTOCOL_ID).putInt(0).putInt(0x7fff0000 + attempt).flip();
            channel.write(req);
            try {
                while (true) {
                    in.clear();
                    int n = receive(channel, in);
                    if (n == 16 && in.getInt(0) == 0) {
                        return in.getLong(8);
                    }
                }
            } catch (SocketTimeoutException e) {
                // try again
            }
        }
        throw new IOException("no connect answer");
    }

    private void send(DatagramChannel channel, ByteBuffer out, long connectionId, int txid, SplittableRandom random)
            throws IOException {
        int peer = random.nextInt(200_000);
        out.clear();
        out.putLong(connectionId).putInt(1).putInt(txid)
                .put(hashes[(peer * 7) % hashes.length])
                .putInt(0x2d4b4230).putInt(0x3030312d).putLong(peer).putInt(peer) // peer_id "-KB0001-" + peer
                .putLong(0).putLong(peer % 3 == 0 ? 0 : 1_048_576).putLong(0)
                .putInt(0).putInt(0).putInt(peer).putInt(50).putShort((short) (10_000 + peer % 50_000));
        out.flip();
        channel.write(out);
    }
}
