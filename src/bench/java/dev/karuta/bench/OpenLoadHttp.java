package dev.karuta.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.SplittableRandom;

/**
 * {@link OpenLoad} over HTTP/1.1: keep-alive connections with one request in flight each, or a new
 * connection per request ({@code Connection: close}). An answer is complete at Content-Length (or at
 * the end of the connection without one); it counts as an error unless it is a 200 with a bencoded
 * dictionary.
 */
final class OpenLoadHttp extends OpenLoad {
    private final InetSocketAddress target;
    private final int connections;
    private final boolean close;
    private final AnnounceQueries queries;
    private final SplittableRandom random = new SplittableRandom();
    private final ArrayDeque<Conn> idle = new ArrayDeque<>();
    private int inFlight;

    /** One connection and the answer it is reading. */
    private static final class Conn {
        SocketChannel channel;
        ByteBuffer pending;
        final ByteBuffer in = ByteBuffer.allocate(16384);
        long intended;
        int headerEnd = -1;
        int contentLength = -1;
    }

    OpenLoadHttp(String host, int port, int connections, boolean close, String prefix, long start, long end,
            double rate, int threads, int thread) throws IOException {
        super(start, end, rate, threads, thread);
        this.target = new InetSocketAddress(host, port);
        this.connections = connections;
        this.close = close;
        this.queries = new AnnounceQueries(prefix, host + ":" + port, close);
        if (!close) {
            for (int i = 0; i < connections; i++) {
                idle.push(open(new Conn()));
            }
        }
    }

    private Conn open(Conn c) throws IOException {
        c.channel = SocketChannel.open();
        c.channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        c.channel.configureBlocking(false);
        boolean connected = c.channel.connect(target);
        c.channel.register(selector, connected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, c);
        return c;
    }

    @Override
    boolean send(long i, long intended) throws IOException {
        Conn c;
        if (close) {
            if (inFlight >= connections) {
                return false;
            }
            c = open(new Conn());
        } else {
            c = idle.poll();
            if (c == null) {
                return false;
            }
        }
        inFlight++;
        c.intended = intended;
        c.pending = ByteBuffer.wrap(queries.next(random));
        if (c.channel.isConnected()) {
            write(c);
        }
        return true;
    }

    private void write(Conn c) throws IOException {
        while (c.pending.hasRemaining()) {
            c.channel.write(c.pending); // a few hundred bytes: the socket buffer takes them at once
        }
    }

    @Override
    void ready(SelectionKey key) throws IOException {
        Conn c = (Conn) key.attachment();
        if (key.isConnectable()) {
            c.channel.finishConnect();
            key.interestOps(SelectionKey.OP_READ);
            if (c.pending != null) {
                write(c);
            }
            return;
        }
        int n = c.channel.read(c.in);
        if (n < 0) {
            if (c.pending != null && c.in.position() == 0 && !close) {
                // closed by the server before this request was read (a server without keep-alive): sent
                // again on a new connection, its wait still counted from the intended time
                c.channel.close();
                c.pending.rewind();
                if (open(c).channel.isConnected()) {
                    write(c);
                }
                return;
            }
            if (c.pending != null) {
                finish(c, c.contentLength < 0 && c.headerEnd >= 0);
            }
            c.channel.close();
            if (!close) {
                idle.remove(c);
                idle.push(open(c));
            }
            return;
        }
        if (c.headerEnd < 0) {
            parseHeader(c);
        }
        if (c.headerEnd >= 0 && c.contentLength >= 0 && c.in.position() >= c.headerEnd + c.contentLength) {
            finish(c, true);
            if (close) {
                c.channel.close();
            } else {
                idle.push(c);
            }
        }
    }

    private static final byte[] CONTENT_LENGTH = "\ncontent-length:".getBytes(StandardCharsets.US_ASCII);

    private static void parseHeader(Conn c) {
        byte[] a = c.in.array();
        for (int i = 3; i < c.in.position(); i++) {
            if (a[i] == '\n' && a[i - 1] == '\r' && a[i - 2] == '\n' && a[i - 3] == '\r') {
                c.headerEnd = i + 1;
                c.contentLength = contentLength(a, i);
                return;
            }
        }
    }

    /** The Content-Length in the header {@code a[0, end)}, or -1. */
    private static int contentLength(byte[] a, int end) {
        outer:
        for (int i = 0; i + CONTENT_LENGTH.length < end; i++) {
            for (int j = 0; j < CONTENT_LENGTH.length; j++) {
                if (Character.toLowerCase(a[i + j]) != CONTENT_LENGTH[j]) {
                    continue outer;
                }
            }
            int n = 0;
            for (int k = i + CONTENT_LENGTH.length; k < end && a[k] != '\r'; k++) {
                if (a[k] >= '0' && a[k] <= '9') {
                    n = n * 10 + a[k] - '0';
                }
            }
            return n;
        }
        return -1;
    }

    /** Counts the answer read into {@code c} (well-formed if asked and a 200 with a dictionary) and resets it. */
    private void finish(Conn c, boolean complete) {
        byte[] a = c.in.array();
        int end = c.contentLength >= 0 ? c.headerEnd + c.contentLength : c.in.position();
        boolean ok = complete && c.in.position() > 12 && a[9] == '2' && a[10] == '0' && a[11] == '0'
                && end > c.headerEnd && a[c.headerEnd] == 'd' && a[end - 1] == 'e';
        answered(c.intended, System.nanoTime(), ok);
        inFlight--;
        c.pending = null;
        c.in.clear();
        c.headerEnd = -1;
        c.contentLength = -1;
    }

    @Override
    long unanswered() {
        return inFlight;
    }
}
