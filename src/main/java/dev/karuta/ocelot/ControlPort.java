package dev.karuta.ocelot;

import dev.karuta.core.TrackerException;
import dev.karuta.http.FailureWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The control API on a raw TCP port of its own, read the way Ocelot reads it: one {@code GET} per
 * connection, headers ignored, so WhatCD-era Gazelle (whose {@code tracker.class.php} sends HTTP/1.1
 * without the {@code Host} header that every servlet container refuses) can drive Karuta by pointing
 * {@code TRACKER_PORT} here. Only {@code /<secret>/update} and {@code /<secret>/report}; every answer
 * is {@code 200} with {@code Connection: close}. A request longer than Ocelot's 4 KiB gets Ocelot's
 * failure; one not whole within Ocelot's 10 s connection timeout (for the whole request, not each
 * read) is dropped. Started and stopped by the webapp.
 */
public final class ControlPort implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ControlPort.class.getName());
    /** Servlet context attribute holding the bound port (an Integer) while the port is open. */
    public static final String PORT_ATTRIBUTE = "dev.karuta.ocelot.port";
    /** Ocelot's {@code max_request_size}. */
    static final int MAX_REQUEST = 4096;
    /** Ocelot's connection timeout, here the time a whole request may take to arrive. */
    static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final byte[] TOO_LONG = FailureWriter.write(new TrackerException("GET string too long"));
    private static final byte[] MALFORMED = FailureWriter.write(new TrackerException("Malformed HTTP request"));

    private final OcelotControl control;
    private final long deadlineNanos;
    private final ServerSocket server;
    private final ExecutorService workers;
    private final Thread acceptor;

    private ControlPort(OcelotControl control, ServerSocket server, Duration deadline) {
        this.control = control;
        this.deadlineNanos = deadline.toNanos();
        this.server = server;
        // Gazelle sends one request at a time; a small bounded pool keeps a flood from costing threads.
        this.workers = new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(64), r -> {
            Thread t = new Thread(r, "karuta-ocelot-control");
            t.setDaemon(true);
            return t;
        });
        this.acceptor = new Thread(this::accept, "karuta-ocelot-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Listens on {@code host} (an address literal) and {@code port} (0: any free port). */
    public static ControlPort start(OcelotControl control, String host, int port) throws IOException {
        return start(control, host, port, DEADLINE);
    }

    /** As {@link #start(OcelotControl, String, int)}, with {@code deadline} for a request to arrive whole. */
    static ControlPort start(OcelotControl control, String host, int port, Duration deadline) throws IOException {
        ServerSocket s = new ServerSocket();
        try {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName(host), port), 64);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        return new ControlPort(control, s, deadline);
    }

    /** The bound port. */
    public int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (!server.isClosed()) {
                    LOG.log(Level.WARNING, "control port accept failed: " + e.getMessage());
                }
                continue;
            }
            try {
                workers.execute(() -> serve(socket));
            } catch (RejectedExecutionException e) {
                close(socket);
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            byte[] head = readHead(socket, System.nanoTime() + deadlineNanos);
            byte[] body = head == null ? TOO_LONG : answer(new String(head, StandardCharsets.ISO_8859_1));
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
        } catch (IOException e) {
            // A client that vanished or stalled: nothing to answer.
        }
    }

    /** The answer to the request line at the start of {@code head}. */
    private byte[] answer(String head) {
        int eol = head.indexOf('\n');
        String line = (eol < 0 ? head : head.substring(0, eol)).strip();
        String[] parts = line.split(" ");
        if (parts.length < 2 || !parts[0].equals("GET")) {
            return MALFORMED;
        }
        String target = parts[1];
        int q = target.indexOf('?');
        return control.respond(q < 0 ? target : target.substring(0, q), q < 0 ? null : target.substring(q + 1));
    }

    /**
     * The bytes up to the blank line ending the headers (or the end of input); null past the limit.
     *
     * @throws SocketTimeoutException when the request is not whole by {@code deadline} ({@link System#nanoTime()}):
     *                                the time is the request's, not each read's, so a client dribbling a byte at a
     *                                time cannot hold a worker longer than one request may take
     */
    private static byte[] readHead(Socket socket, long deadline) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream(512);
        int newlines = 0;
        int b;
        while ((b = readBy(socket, in, deadline)) >= 0) {
            if (head.size() >= MAX_REQUEST) {
                return null;
            }
            head.write(b);
            if (b == '\n') {
                if (++newlines == 2) {
                    break;
                }
            } else if (b != '\r') {
                newlines = 0;
            }
        }
        return head.toByteArray();
    }

    /** One byte of {@code in}, or -1 at its end, waiting no later than {@code deadline}. */
    private static int readBy(Socket socket, InputStream in, long deadline) throws IOException {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
            throw new SocketTimeoutException("request deadline passed");
        }
        // Never 0, which a socket reads as "no timeout".
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
        return in.read();
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /** Stops listening and waits for the threads to end. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closed anyway
        }
        workers.shutdownNow();
        try {
            acceptor.join(5000);
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
