package dev.karuta.soak;

import dev.karuta.core.Event;
import dev.karuta.testing.RawHttp;
import dev.karuta.testing.TrackerClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * HTTP announces the way clients send them: {@code compact=1}, raw info_hash and peer_id bytes
 * percent-encoded, over a kept-alive connection of a shared {@link HttpClient} or over a connection
 * of its own closed after the answer ({@code Connection: close} on a plain socket, which
 * {@code java.net.http} refuses to send).
 */
final class HttpAnnouncer implements Announcer {
    private final HttpClient client;
    private final int port;
    private final boolean keepAlive;
    private final AnswerCheck check;

    HttpAnnouncer(HttpClient client, int port, boolean keepAlive, AnswerCheck check) {
        this.client = client;
        this.port = port;
        this.keepAlive = keepAlive;
        this.check = check;
    }

    /** The shared keep-alive client: HTTP/1.1 (no h2c upgrade attempt), on the soak's own executor. */
    static HttpClient client(java.util.concurrent.Executor executor) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Override
    public int announce(SimPeer peer, byte[] infoHash, Event event) throws Exception {
        String target = "/announce?info_hash=" + TrackerClient.escape(infoHash) + "&peer_id="
                + TrackerClient.escape(peer.peerId) + "&port=" + peer.port + "&uploaded=0&downloaded=0&left="
                + peer.left + "&compact=1&numwant=" + AnswerCheck.NUM_WANT
                + (event == Event.NONE ? "" : "&event=" + event.wireName());
        byte[] body;
        if (keepAlive) {
            HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + target))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + r.statusCode());
            }
            body = r.body();
        } else {
            RawHttp.Response r = RawHttp.get(port, target.getBytes(StandardCharsets.US_ASCII));
            if (r.status() != 200) {
                throw new IllegalStateException("HTTP " + r.status() + " (connection per request)");
            }
            body = r.body();
        }
        return check.http(body, event);
    }
}
