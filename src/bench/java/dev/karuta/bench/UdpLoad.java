package dev.karuta.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A BEP 15 load generator for any UDP tracker (Karuta, opentracker, ...). Several client sockets (so a
 * server with {@code SO_REUSEPORT} sockets spreads them), each non-blocking, connected and with direct
 * buffers, served by a few threads with a selector each. Every socket connects once, then keeps
 * {@code WINDOW} announces in flight: each answer frees its slot, which sends the next announce at once;
 * a slot unanswered for 500 ms counts as lost and is sent again. A socket re-connects (in the
 * background, announces go on with the old ID) when its connection ID is 50 s old, well within BEP 15's
 * two minutes.
 *
 * <p>The announces come from a population of {@code 20 * TORRENTS} simulated peers, picked at random:
 * peer {@code p} is in torrent {@code p % TORRENTS} (so 20 peers per torrent), has a peer_id made of
 * {@code p}, a port unique in its torrent (all share 127.0.0.1, and opentracker tells peers apart by
 * address and port), and is a seeder when {@code p % 3 == 0}. Event none, numwant as given. The
 * torrents' info_hashes are SHA-1 of {@code "karuta-bench-N"}, the same in every run, so an opentracker
 * whitelist can list them ({@code --hashes}).
 *
 * <p>Prints the median of the per-second rates of answered announces after a 3 s warm-up, and the
 * answered total (warm-up included), the counts of error answers (an error packet, or an announce
 * answer shorter than 20 bytes, as opentracker sends for a torrent off its whitelist) and lost requests. Bounded in time: it stops after {@code SECONDS}.
 *
 * <pre>
 * UdpLoad HOST PORT SECONDS [SOCKETS=4] [WINDOW=16] [TORRENTS=10000] [NUMWANT=50] [THREADS=min(SOCKETS, cores)]
 * UdpLoad --hashes TORRENTS     prints the torrents' hex info_hashes, one a line (opentracker's -w file)
 * </pre>
 */
public final class UdpLoad {
    static final long PROTOCOL_ID = 0x41727101980L;
    private static final int WARMUP_SECONDS = 3;
    static final int PEERS_PER_TORRENT = 20;
    private static final long LOSS_NANOS = 500_000_000L;
    private static final long RECONNECT_NANOS = 50_000_000_000L;
    /** Transaction IDs are {@code sequence << 16 | slot}; this slot marks a connect. */
    private static final int CONNECT_SLOT = 0xffff;

    private final InetSocketAddress target;
    private final int window;
    private final int numWant;
    private final byte[][] hashes;
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private volatile boolean running = true;

    private UdpLoad(InetSocketAddress target, int window, int numWant, byte[][] hashes) {
        this.target = target;
        this.window = window;
        this.numWant = numWant;
        this.hashes = hashes;
    }

    /** The benchmark's torrents: SHA-1 of "karuta-bench-N", the same in every run. */
    static byte[][] hashes(int n) throws Exception {
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        byte[][] out = new byte[n][];
        for (int i = 0; i < n; i++) {
            out[i] = sha1.digest(("karuta-bench-" + i).getBytes(StandardCharsets.US_ASCII));
        }
        return out;
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("--hashes")) {
            StringBuilder sb = new StringBuilder();
            for (byte[] h : hashes(Integer.parseInt(args[1]))) {
                sb.append(HexFormat.of().formatHex(h)).append('\n');
            }
            System.out.print(sb);
            return;
        }
        if (args.length < 3) {
            System.err.println("usage: UdpLoad HOST PORT SECONDS [SOCKETS=4] [WINDOW=16] [TORRENTS=10000] [NUMWANT=50]"
                    + " [THREADS]\n       UdpLoad --hashes TORRENTS");
            System.exit(2);
        }
        InetSocketAddress target = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
        int seconds = Integer.parseInt(args[2]);
        int sockets = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        int window = args.length > 4 ? Integer.parseInt(args[4]) : 16;
        int torrents = args.length > 5 ? Integer.parseInt(args[5]) : 10_000;
        int numWant = args.length > 6 ? Integer.parseInt(args[6]) : 50;
        int threads = args.length > 7 ? Integer.parseInt(args[7])
                : Math.min(sockets, Runtime.getRuntime().availableProcessors());
        if (window < 1 || window >= CONNECT_SLOT || sockets < 1 || threads < 1 || torrents < 1) {
            throw new IllegalArgumentException("bad arguments");
        }
        UdpLoad load = new UdpLoad(target, window, numWant, hashes(torrents));
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            List<Integer> mine = new ArrayList<>();
            for (int s = t; s < sockets; s += threads) {
                mine.add(s);
            }
            if (mine.isEmpty()) {
                continue;
            }
            Thread thread = new Thread(() -> load.run(mine), "udp-load-" + t);
            thread.setDaemon(true);
            thread.start();
            workers.add(thread);
        }
        List<Long> rates = new ArrayList<>();
        long last = 0;
        long next = System.nanoTime();
        for (int s = 0; s < seconds; s++) {
            next += 1_000_000_000L;
            long sleep = next - System.nanoTime();
            if (sleep > 0) {
                Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
            }
            long now = load.answered.get();
            if (s >= WARMUP_SECONDS) {
                rates.add(now - last);
            }
            last = now;
        }
        load.running = false;
        for (Thread t : workers) {
            t.join(2000);
        }
        long[] sorted = rates.stream().mapToLong(Long::longValue).sorted().toArray();
        long median = sorted.length == 0 ? 0 : sorted[sorted.length / 2];
        System.out.println("announces/s median " + median + " per-second " + Arrays.toString(sorted)
                + " errors " + load.errors.get() + " lost " + load.lost.get() + " total " + load.answered.get());
    }

    /** One client socket and its window of slots. */
    private final class Client {
        final DatagramChannel channel;
        final ByteBuffer out = ByteBuffer.allocateDirect(128);
        final int[] slotTxid = new int[window];
        final long[] slotSent = new long[window];
        long connectionId;
        boolean connected;
        long connectedAt;
        long connectSentAt;
        int connectTxid;
        int sequence;

        Client(DatagramChannel channel) {
            this.channel = channel;
        }

        int nextTxid(int slot) {
            sequence = (sequence + 1) & 0x7fff;
            return sequence << 16 | slot;
        }

        void sendConnect(long now) throws IOException {
            connectTxid = nextTxid(CONNECT_SLOT);
            connectSentAt = now;
            out.clear();
            out.putLong(PROTOCOL_ID).putInt(0).putInt(connectTxid).flip();
            channel.write(out);
        }

        void sendAnnounce(int slot, SplittableRandom random, long now) throws IOException {
            int txid = nextTxid(slot);
            slotTxid[slot] = txid;
            slotSent[slot] = now;
            announce(out, connectionId, txid, hashes, random.nextInt(PEERS_PER_TORRENT * hashes.length), numWant);
            channel.write(out);
        }
    }

    /**
     * Puts into {@code out}, cleared and flipped, the announce of simulated peer {@code peer} (see the
     * class comment: its torrent, peer_id, port and seeder state follow from the number).
     */
    static void announce(ByteBuffer out, long connectionId, int txid, byte[][] hashes, int peer, int numWant) {
        int torrent = peer % hashes.length;
        out.clear();
        out.putLong(connectionId).putInt(1).putInt(txid)
                .put(hashes[torrent])
                .putLong(0x2d4b42303030312dL).putInt(peer).putLong(0) // peer_id: "-KB0001-", the peer, zeros
                .putLong(0).putLong(peer % 3 == 0 ? 0 : 1_048_576).putLong(0)
                .putInt(0).putInt(0).putInt(peer).putInt(numWant)
                .putShort((short) (1024 + peer / hashes.length));
        out.flip();
    }

    private void run(List<Integer> ids) {
        SplittableRandom random = new SplittableRandom(ids.get(0) * 7919L + System.nanoTime());
        ByteBuffer in = ByteBuffer.allocateDirect(2048);
        List<Client> clients = new ArrayList<>();
        try (Selector selector = Selector.open()) {
            long now = System.nanoTime();
            for (int id : ids) {
                DatagramChannel channel = DatagramChannel.open();
                channel.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 1 << 20);
                channel.connect(target);
                channel.configureBlocking(false);
                Client c = new Client(channel);
                channel.register(selector, SelectionKey.OP_READ, c);
                clients.add(c);
                c.sendConnect(now);
            }
            long lastSweep = now;
            while (running) {
                selector.select(key -> {
                    try {
                        drain((Client) key.attachment(), in, random);
                    } catch (IOException e) {
                        errors.incrementAndGet();
                    }
                }, 50);
                now = System.nanoTime();
                if (now - lastSweep > 100_000_000L) {
                    lastSweep = now;
                    for (Client c : clients) {
                        sweep(c, random, now);
                    }
                }
            }
        } catch (IOException e) {
            System.err.println("load thread " + ids + ": " + e);
        } finally {
            for (Client c : clients) {
                try {
                    c.channel.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
        }
    }

    /** Reads every answer waiting on {@code c}'s socket; each one frees its slot for the next announce. */
    private void drain(Client c, ByteBuffer in, SplittableRandom random) throws IOException {
        while (true) {
            in.clear();
            int n;
            try {
                n = c.channel.read(in);
            } catch (java.net.PortUnreachableException e) {
                continue; // the ICMP of an earlier send; the slot's timer covers the loss
            }
            if (n <= 0) {
                return;
            }
            if (n < 8) {
                errors.incrementAndGet();
                continue;
            }
            int action = in.getInt(0);
            int txid = in.getInt(4);
            long now = System.nanoTime();
            if ((txid & 0xffff) == CONNECT_SLOT) {
                if (action == 0 && n >= 16 && txid == c.connectTxid) {
                    c.connectionId = in.getLong(8);
                    c.connectedAt = now;
                    c.connectTxid = 0;
                    if (!c.connected) {
                        c.connected = true;
                        for (int slot = 0; slot < window; slot++) {
                            c.sendAnnounce(slot, random, now);
                        }
                    }
                } else if (action != 0) {
                    errors.incrementAndGet();
                }
                continue;
            }
            int slot = txid & 0xffff;
            if (slot >= window || c.slotTxid[slot] != txid) {
                continue; // a late answer to a request already counted lost and sent again
            }
            if (action == 1 && n >= 20) {
                answered.incrementAndGet();
            } else {
                errors.incrementAndGet();
            }
            if (running) {
                c.sendAnnounce(slot, random, now);
            }
        }
    }

    /** Sends again what looks lost, and re-connects before the connection ID gets old. */
    private void sweep(Client c, SplittableRandom random, long now) throws IOException {
        boolean connectPending = c.connectTxid != 0;
        if (connectPending && now - c.connectSentAt > LOSS_NANOS) {
            c.sendConnect(now);
        } else if (!connectPending && c.connected && now - c.connectedAt > RECONNECT_NANOS) {
            c.sendConnect(now);
        }
        if (!c.connected) {
            return;
        }
        for (int slot = 0; slot < window; slot++) {
            if (now - c.slotSent[slot] > LOSS_NANOS) {
                lost.incrementAndGet();
                c.sendAnnounce(slot, random, now);
            }
        }
    }
}
