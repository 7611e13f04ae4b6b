package dev.karuta.http;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;

/**
 * The answer to a request that the core answers later (an announce to a registry in Redis). The
 * request goes async and its thread returns to the container; the body is written with non-blocking
 * I/O when it is there and the connection can take it, whichever comes last, in whichever thread
 * that is. That thread may be the registry's I/O thread, which a slow or stalled client must never
 * block: a write that cannot finish at once is finished by the container, then the request completes.
 */
final class LateAnswer implements WriteListener {
    private static final System.Logger LOG = System.getLogger(LateAnswer.class.getName());

    private final AsyncContext context;
    private final HttpServletResponse response;
    private final ServletOutputStream out;
    /** The body, once handed over; guarded by this. */
    private byte[] body;
    private boolean written;
    private boolean completed;

    private LateAnswer(AsyncContext context, HttpServletResponse response, ServletOutputStream out) {
        this.context = context;
        this.response = response;
        this.out = out;
    }

    /** Puts {@code req} in async mode with its output non-blocking; the answer follows by {@link #send}. */
    static LateAnswer start(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        AsyncContext context = req.startAsync(req, resp);
        // No container timeout (one scheduled task a request saved): the core bounds every answer
        // (the Redis registry fails an announce after its command timeout).
        context.setTimeout(0);
        ServletOutputStream out = resp.getOutputStream();
        LateAnswer answer = new LateAnswer(context, resp, out);
        out.setWriteListener(answer);
        return answer;
    }

    /** Sends {@code bencoded} with HTTP 200 and the tracker's headers, as soon as the connection can take it. */
    synchronized void send(byte[] bencoded) {
        if (body != null || completed) {
            return;
        }
        body = bencoded;
        try {
            TrackerServlet.prepare(response);
            response.setContentLength(bencoded.length);
            flush();
        } catch (IOException | RuntimeException e) {
            // The client went away, or the container closed the request meanwhile.
            LOG.log(Level.DEBUG, "late answer not sent", e);
            complete();
        }
    }

    @Override
    public synchronized void onWritePossible() throws IOException {
        flush();
    }

    @Override
    public synchronized void onError(Throwable t) {
        LOG.log(Level.DEBUG, "late answer failed", t);
        complete();
    }

    /** Writes the body if the connection takes it now, and completes once it is written out. */
    private void flush() throws IOException {
        if (body == null || completed) {
            return;
        }
        if (!written) {
            if (!out.isReady()) {
                return; // onWritePossible comes when it can
            }
            written = true;
            out.write(body);
        }
        if (out.isReady()) {
            complete();
        }
    }

    private void complete() {
        if (!completed) {
            completed = true;
            context.complete();
        }
    }
}
