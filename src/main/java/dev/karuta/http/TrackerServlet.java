package dev.karuta.http;

import dev.karuta.core.AddressFamily;
import dev.karuta.core.Answers;
import dev.karuta.core.PeerAddress;
import dev.karuta.core.TrackerException;
import dev.karuta.metrics.TrackerMetrics;
import dev.karuta.metrics.TrackerMetrics.Action;
import dev.karuta.metrics.TrackerMetrics.Protocol;
import dev.karuta.metrics.TrackerMetrics.Result;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Base of the tracker's HTTP routes: every method and every outcome is answered with HTTP 200 and
 * bencode. A {@link TrackerException} becomes its {@code failure reason}; anything else is logged
 * and answered with a generic failure, never a stack trace or an error page. Every answered request
 * is reported to {@link TrackerMetrics} with its action, result class, the family of the client's
 * address and the time from entry until its answer is in the container's hands, and so before the
 * client can have the whole answer.
 */
abstract class TrackerServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(TrackerServlet.class.getName());
    private static final TrackerException INTERNAL =
            new TrackerException(TrackerException.Kind.INTERNAL, "internal tracker error", 5);

    private final transient ClientAddress clientAddress;
    private final transient TrackerMetrics metrics;
    private final int maxQueryLength;

    /** A route that reads client addresses and query lengths by {@code settings} and reports to {@code metrics}. */
    TrackerServlet(HttpSettings settings, TrackerMetrics metrics) {
        this.clientAddress = settings.clientAddress();
        this.metrics = metrics;
        this.maxQueryLength = settings.maxQueryLength();
    }

    /** Where the routes report. */
    final TrackerMetrics metrics() {
        return metrics;
    }

    /**
     * The address bytes (4 or 16) of {@code req}'s client as {@code resolver} finds them, after
     * the one forwarding header it reads from a trusted proxy.
     *
     * @throws TrackerException when a trusted proxy forwards an address that cannot be read
     */
    static byte[] clientAddress(ClientAddress resolver, HttpServletRequest req) {
        if (!resolver.readsHeaders()) {
            return resolver.resolve(req.getRemoteAddr(), List.of());
        }
        return resolver.resolve(req.getRemoteAddr(), headers(req, resolver.header().headerName()));
    }

    private static List<String> headers(HttpServletRequest req, String name) {
        var values = req.getHeaders(name);
        return values == null || !values.hasMoreElements() ? List.of() : Collections.list(values);
    }

    /** The action a request to this route performs; {@code query} is null when it could not be read. */
    protected abstract Action action(QueryString query);

    /**
     * Handles the request: its answer is the body to send, or null when the body was already written
     * (and its stream left open: the container completes the response after the request is counted).
     * A stage not yet done puts the request in async mode; its answer (or refusal) is sent when the
     * stage completes, in the thread that completes it, without blocking that thread.
     *
     * @param query  the raw query, decoded
     * @param client the client's address bytes (4 or 16), after trusted-proxy headers
     * @throws TrackerException to refuse the request at once (a stage may also fail with one)
     */
    protected abstract CompletionStage<byte[]> handle(HttpServletRequest req, HttpServletResponse resp,
                                                      QueryString query, byte[] client) throws IOException;

    @Override
    protected final void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        long start = System.nanoTime();
        AddressFamily family = null;
        QueryString query = null;
        byte[] body;
        Throwable error = null;
        try {
            byte[] client = clientAddress(clientAddress, req);
            family = client.length == 4 ? AddressFamily.V4 : AddressFamily.V6;
            query = QueryString.parse(req.getQueryString(), maxQueryLength);
            CompletableFuture<byte[]> answer = handle(req, resp, query, client).toCompletableFuture();
            if (!answer.isDone() && req.isAsyncSupported()) {
                answerLater(req, resp, answer, query, family, start);
                return;
            }
            // Done, or a container set up without async support: the stage bounds the wait.
            body = Answers.join(answer);
        } catch (RuntimeException e) {
            body = null;
            error = e;
        }
        body = finish(req, query, family != null ? family : connectionFamily(req), start, body, error);
        if (body != null) {
            send(resp, body);
        }
    }

    private void answerLater(HttpServletRequest req, HttpServletResponse resp, CompletableFuture<byte[]> answer,
                             QueryString query, AddressFamily family, long start) throws IOException {
        LateAnswer late = LateAnswer.start(req, resp);
        answer.whenComplete((body, error) -> late.send(finish(req, query, family, start, body, error)));
    }

    /**
     * Counts an answered request and returns what to send: {@code body} when it succeeded, else the
     * bencoded failure of {@code error} (a {@link TrackerException}'s own reason, anything else logged
     * and answered with a generic failure).
     */
    private byte[] finish(HttpServletRequest req, QueryString query, AddressFamily family, long start, byte[] body,
                          Throwable error) {
        Result result = Result.OK;
        Throwable cause = error == null ? null : Answers.cause(error);
        if (cause instanceof TrackerException e) {
            body = FailureWriter.write(e);
            result = Result.of(e);
        } else if (cause != null) {
            // The path, never the query, and with the passkey masked: no credential reaches a log.
            LOG.log(Level.WARNING, "request failed: " + LoggedPath.redact(req.getRequestURI()), cause);
            body = FailureWriter.write(INTERNAL);
            result = Result.INTERNAL;
        }
        // Counted before the body is handed over: a client that has its answer finds it counted.
        metrics.request(Protocol.HTTP, action(query), result, family, System.nanoTime() - start);
        return body;
    }

    /** The family of the connection's address, for a request whose client address could not be resolved. */
    private static AddressFamily connectionFamily(HttpServletRequest req) {
        byte[] ip = IpLiteral.parse(req.getRemoteAddr());
        return ip == null ? AddressFamily.V4 : PeerAddress.of(ip, 0).family();
    }

    /** Sends a complete bencoded body with HTTP 200. */
    protected static void send(HttpServletResponse resp, byte[] body) throws IOException {
        prepare(resp);
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }

    /** Sets the status and headers every tracker answer has. */
    protected static void prepare(HttpServletResponse resp) {
        resp.setStatus(HttpServletResponse.SC_OK);
        resp.setContentType("text/plain");
        resp.setHeader("Cache-Control", "no-store");
    }
}
