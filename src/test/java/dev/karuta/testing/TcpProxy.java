package dev.karuta.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real TCP proxy on 127.0.0.1 (port 0) to one target, for cutting a server off mid-run: while
 * {@linkplain #block() blocked}, every forwarded connection is closed and new ones are accepted but
 * held silent (no byte either way, as behind a dead link), until {@link #unblock()} forwards them.
 * {@link #blockAfter} blocks by itself once the clients have sent so many more bytes, which cuts a
 * conversation at a chosen point without sleeping. While {@linkplain #silence() silent}, nothing is
 * forwarded and nothing is closed, as behind a partition that drops every packet: bytes either side
 * sends (and a side's close) wait in the proxy, new connections are held, and the servers see no reset;
 * {@link #resume()} delivers what waited and forwards again. {@link #silenceOnceSent} goes silent by
 * itself right after forwarding a client's chunk that holds a marker (say {@code COMMIT}: the server
 * commits, its answer never arrives). {@link #close()} returns once every thread it started has ended.
 */
public final class TcpProxy implements AutoCloseable {
    private final InetSocketAddress target;
    private final ServerSocket server;
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    /** Client and upstream sockets of the forwarded connections. */
    private final List<Socket> forwarded = new CopyOnWriteArrayList<>();
    private final List<Socket> held = new ArrayList<>();
    private final AtomicLong sent = new AtomicLong();
    private volatile long tripAt = Long.MAX_VALUE;
    private volatile byte[] marker;
    private boolean blocked;
    private boolean silent;
    private boolean closed;

    /** A proxy to {@code host}:{@code port}, accepting at once. */
    public TcpProxy(String host, int port) throws IOException {
        this.target = new InetSocketAddress(host, port);
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        start("tcp-proxy-accept", this::acceptLoop);
    }

    /** The port clients connect to, on 127.0.0.1. */
    public int port() {
        return server.getLocalPort();
    }

    /** Bytes the clients have sent through to the target so far. */
    public long bytesSent() {
        return sent.get();
    }

    /** Closes every forwarded connection; holds new ones silent until {@link #unblock()}. */
    public synchronized void block() {
        blocked = true;
        tripAt = Long.MAX_VALUE;
        for (Socket s : forwarded) {
            quietClose(s);
        }
        forwarded.clear();
    }

    /** Forwards new connections again, and the ones held meanwhile (if their clients are still there). */
    public synchronized void unblock() {
        blocked = false;
        for (Socket client : held) {
            forward(client);
        }
        held.clear();
    }

    /** Blocks, as {@link #block()} does, once the clients have sent {@code bytes} more bytes. */
    public void blockAfter(long bytes) {
        tripAt = sent.get() + bytes;
    }

    /** Forwards nothing more, either way, and closes nothing, until {@link #resume()}. */
    public synchronized void silence() {
        silent = true;
        marker = null;
    }

    /**
     * Goes {@linkplain #silence() silent} right after forwarding a client chunk that holds {@code marker}
     * (in ASCII; a marker split across two reads is not seen).
     */
    public void silenceOnceSent(String marker) {
        this.marker = marker.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Whether the proxy is silent now. */
    public synchronized boolean silent() {
        return silent;
    }

    /** Delivers what waited while silent and forwards again, the connections held meanwhile too. */
    public synchronized void resume() {
        silent = false;
        notifyAll();
        if (!blocked) {
            for (Socket client : held) {
                forward(client);
            }
            held.clear();
        }
    }

    /** Waits while silent; false once the proxy is closed. */
    private synchronized boolean awaitVoice() {
        while (silent && !closed) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return !closed;
    }

    private void acceptLoop() {
        while (true) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            synchronized (this) {
                if (closed) {
                    quietClose(client);
                } else if (blocked || silent) {
                    held.add(client);
                } else {
                    forward(client);
                }
            }
        }
    }

    /** Connects {@code client} to the target and pumps both ways; called holding the lock. */
    private void forward(Socket client) {
        Socket upstream = new Socket();
        try {
            upstream.connect(target, 5000);
        } catch (IOException e) {
            quietClose(client);
            quietClose(upstream);
            return;
        }
        forwarded.add(client);
        forwarded.add(upstream);
        start("tcp-proxy-up", () -> pump(client, upstream, true));
        start("tcp-proxy-down", () -> pump(upstream, client, false));
    }

    private void pump(Socket from, Socket to, boolean counted) {
        byte[] buffer = new byte[16384];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (counted && sent.addAndGet(n) >= tripAt) {
                    block(); // this chunk is never delivered
                    return;
                }
                byte[] m = marker;
                if (counted && m != null && contains(buffer, n, m)) {
                    silence(); // before the server can answer; this chunk still goes through
                } else if (!awaitVoice()) {
                    return;
                }
                out.write(buffer, 0, n);
            }
            // A side's close is news like any byte: it waits out a silence too.
            awaitVoice();
        } catch (IOException e) {
            // one side closed or was closed by block(): the connection is over either way
        } finally {
            quietClose(from);
            quietClose(to);
            forwarded.remove(from);
            forwarded.remove(to);
        }
    }

    private static boolean contains(byte[] buffer, int length, byte[] m) {
        outer:
        for (int i = 0; i + m.length <= length; i++) {
            for (int j = 0; j < m.length; j++) {
                if (buffer[i + j] != m[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private void start(String name, Runnable task) {
        Thread t = new Thread(task, name + "-" + port());
        t.setDaemon(true);
        threads.removeIf(old -> !old.isAlive());
        threads.add(t);
        t.start();
    }

    /** Closes the listening socket and every connection, and waits for every thread to end. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
            quietClose(server);
            for (Socket s : held) {
                quietClose(s);
            }
            held.clear();
            for (Socket s : forwarded) {
                quietClose(s);
            }
        }
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while closing the proxy", e);
            }
            if (t.isAlive()) {
                throw new UncheckedIOException(new IOException(t.getName() + " did not end within 10 s"));
            }
        }
    }

    private static void quietClose(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // closing is all that is wanted
        }
    }
}
