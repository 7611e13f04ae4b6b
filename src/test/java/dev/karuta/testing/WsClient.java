package dev.karuta.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.ContainerProvider;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;
import java.io.StringReader;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportDynamic;
import org.eclipse.jetty.ee10.websocket.jakarta.client.JakartaWebSocketClientContainer;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket tracker client for tests, over the real Jakarta WebSocket client (Jetty's): sends text
 * messages, collects what the tracker sends, and tells when and how the connection closed. The binary
 * strings of the WebTorrent protocol are made with {@link #binary}.
 */
public final class WsClient implements AutoCloseable {
    private static final WebSocketContainer CONTAINER = ContainerProvider.getWebSocketContainer();

    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
    private final Session session;
    /** A container of this client's own when it trusts its own certificates (stopped on close), else null. */
    private final JakartaWebSocketClientContainer own;

    private WsClient(URI uri, javax.net.ssl.SSLContext tls) throws Exception {
        // Jetty's client takes its TLS settings from its HttpClient, not from ClientEndpointConfig.
        own = tls == null ? null : tlsContainer(tls);
        WebSocketContainer container = own == null ? CONTAINER : own;
        session = container.connectToServer(new Endpoint() {
            @Override
            public void onOpen(Session s, EndpointConfig config) {
                s.setMaxTextMessageBufferSize(1 << 22);
                s.addMessageHandler(String.class, (MessageHandler.Whole<String>) received::add);
            }

            @Override
            public void onClose(Session s, CloseReason reason) {
                closed.complete(reason);
            }
        }, ClientEndpointConfig.Builder.create().build(), uri);
    }

    private static JakartaWebSocketClientContainer tlsContainer(javax.net.ssl.SSLContext tls) throws Exception {
        SslContextFactory.Client factory = new SslContextFactory.Client();
        factory.setSslContext(tls);
        ClientConnector connector = new ClientConnector();
        connector.setSslContextFactory(factory);
        JakartaWebSocketClientContainer c = new JakartaWebSocketClientContainer(
                new HttpClient(new HttpClientTransportDynamic(connector)));
        c.start();
        return c;
    }

    /** Connects to {@code uri} ({@code ws://127.0.0.1:PORT/announce}). */
    public static WsClient connect(URI uri) throws Exception {
        return new WsClient(uri, null);
    }

    /** Connects to {@code uri} ({@code wss://...}), trusting what {@code tls} trusts (null: the defaults). */
    public static WsClient connect(URI uri, javax.net.ssl.SSLContext tls) throws Exception {
        return new WsClient(uri, tls);
    }

    /** Connects to {@code ws://127.0.0.1:port} + {@code path}. */
    public static WsClient connect(int port, String path) throws Exception {
        return connect(URI.create("ws://127.0.0.1:" + port + path));
    }

    /** Sends one text message and waits until it is written. */
    public WsClient send(String text) throws Exception {
        session.getBasicRemote().sendText(text);
        return this;
    }

    /** The next message, waiting at most 10 s for it. */
    public JsonObject next() throws InterruptedException {
        String text = received.poll(10, TimeUnit.SECONDS);
        if (text == null) {
            throw new AssertionError("no message from the tracker within 10 s");
        }
        return Json.createReader(new StringReader(text)).readObject();
    }

    /** The next message's text as sent, or null when none comes within {@code wait}. */
    public String poll(Duration wait) throws InterruptedException {
        return received.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The close reason, waiting at most 10 s for the connection to close. */
    public CloseReason closeReason() throws Exception {
        return closed.get(10, TimeUnit.SECONDS);
    }

    /** Whether the connection is open. */
    public boolean isOpen() {
        return session.isOpen();
    }

    /** The JSON string of one character per byte of {@code bytes}, as bittorrent-tracker clients send ids. */
    public static String binary(byte[] bytes) {
        char[] c = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            c[i] = (char) (bytes[i] & 0xff);
        }
        return new String(c);
    }

    /** A 20-byte binary string whose every byte is {@code b}, followed by... nothing: handy distinct ids. */
    public static String id(int b) {
        byte[] out = new byte[20];
        java.util.Arrays.fill(out, (byte) b);
        return binary(out);
    }

    /** {@code value} as a JSON string literal. */
    public static String json(String value) {
        return Json.createValue(value).toString();
    }

    @Override
    public void close() throws Exception {
        try {
            if (session.isOpen()) {
                session.close();
            }
        } finally {
            if (own != null) {
                own.stop();
            }
        }
    }
}
